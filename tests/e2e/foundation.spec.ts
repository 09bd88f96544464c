// A new user in Chromium: register, sign in, the dashboard in Vietnamese, English, offline.
import { expect, test, type Locator, type Page } from '@playwright/test';
import {
	attemptIdFrom,
	createRound,
	hydrated,
	registerCandidate,
	SHARED_DB,
	signIn,
	storedEvents
} from './support/fixtures';

test('register and land signed in on the dashboard, in Vietnamese, then English', async ({ page }, info) => {
	await page.setViewportSize({ width: 390, height: 844 });
	await page.goto('/');
	await expect(page.locator('html')).toHaveAttribute('lang', 'vi');
	await page.getByRole('link', { name: 'Đăng ký dự thi' }).click();
	await expect(page.getByRole('heading', { name: 'Đăng ký tài khoản dự thi' })).toBeVisible();

	await page.getByLabel('Họ và tên').fill('Ngô Thanh Tâm');
	await page.getByLabel('Ngày sinh').fill('1998-02-14');
	await page.getByLabel('Nam', { exact: true }).check();
	await page.getByLabel('Số định danh cá nhân').fill('082098008123');
	await page.getByLabel('Số điện thoại di động').fill('0966008123');
	await page.getByLabel('Địa chỉ').fill('Phường 1, Mỹ Tho');
	await page.getByLabel('Đơn vị').selectOption('my-tho');
	await page.getByLabel(/^Mật khẩu/).fill('123'); // too weak first
	await page.getByRole('button', { name: 'Đăng ký' }).click();
	await expect(page.getByText('Mật khẩu cần ít nhất 8 ký tự, gồm cả chữ và số.')).toBeVisible();
	await expect(page.getByLabel(/^Mật khẩu/)).toHaveAttribute('aria-invalid', 'true');
	await expect(page.getByLabel('Họ và tên')).toHaveValue('Ngô Thanh Tâm');

	await page.getByLabel(/^Mật khẩu/).fill('TamMatKhau8');
	// The show-password toggle, to check what was typed on a phone keyboard.
	await page.getByRole('button', { name: 'Hiện mật khẩu' }).click();
	await expect(page.getByLabel(/^Mật khẩu/)).toHaveAttribute('type', 'text');
	await expect(page.getByLabel(/^Mật khẩu/)).toHaveValue('TamMatKhau8');
	await page.screenshot({ path: info.outputPath('register-390.png'), fullPage: true });
	await page.getByRole('button', { name: 'Đăng ký', exact: true }).click();
	// Signed in at once: no second form to fill.
	await expect(page).toHaveURL(/\/dashboard$/, { timeout: 30_000 });
	await expect(page.getByRole('heading', { name: 'Xin chào, Ngô Thanh Tâm' })).toBeVisible();
	await expect(page.getByText('Vòng thi đang mở')).toBeVisible();
	// The round's kind is not repeated when its name already says it (no "Vòng loại (Vòng loại)").
	await expect(page.getByRole('heading', { name: 'Vòng loại', exact: true })).toBeVisible();

	await page.getByRole('link', { name: 'Switch to English' }).click();
	await expect(page.getByRole('heading', { name: 'Hello, Ngô Thanh Tâm' })).toBeVisible();
	await expect(page.getByText('Open rounds')).toBeVisible();
	await page.reload();
	await expect(page.getByRole('heading', { name: 'Hello, Ngô Thanh Tâm' })).toBeVisible();
	await expect(page.locator('html')).toHaveAttribute('lang', 'en');
});

test('the sign-in form on a phone: show the password, a way back in', async ({ page }, info) => {
	await page.setViewportSize({ width: 390, height: 844 });
	await page.goto('/login');
	// The show/hide button works from script: a tap before hydration does nothing.
	await hydrated(page);
	const password = page.getByLabel('Mật khẩu');
	await password.fill('ThiSinh2026');
	await expect(password).toHaveAttribute('type', 'password');
	const toggle = page.getByRole('button', { name: 'Hiện mật khẩu' });
	await expect(toggle).toHaveAttribute('aria-pressed', 'false');
	await toggle.click();
	await expect(password).toHaveAttribute('type', 'text');
	await expect(page.getByRole('button', { name: 'Ẩn mật khẩu' })).toHaveAttribute('aria-pressed', 'true');
	await expect(page.getByRole('link', { name: 'Quên mật khẩu?' })).toHaveAttribute('href', '/forgot');
	await page.screenshot({ path: info.outputPath('login-390.png'), fullPage: true });
	await page.getByRole('button', { name: 'Ẩn mật khẩu' }).click();
	await expect(password).toHaveAttribute('type', 'password');
});

test('a registration sent with mistakes, on a phone: focus goes to the first field to fix', async ({
	page
}) => {
	await page.setViewportSize({ width: 390, height: 844 });
	await page.goto('/register');
	// The form answers through script: a tap before hydration would send it the old way.
	await hydrated(page);
	await page.getByLabel('Họ và tên').fill('Ngô Thị Lỗi');
	const submit = page.getByRole('button', { name: 'Đăng ký' });
	await submit.scrollIntoViewIfNeeded();
	await submit.click();
	await expect(page.getByRole('alert').first()).toHaveText('Vui lòng sửa các ô được đánh dấu.');
	// The name was given; the birth date is the first field marked, and it has the focus, in view.
	const first = page.locator('[aria-invalid="true"]').first();
	await expect(first).toHaveAttribute('name', 'birthDate');
	await expect(first).toBeFocused();
	await expect(first).toBeInViewport();
});

test('a young candidate is asked for a guardian', async ({ page }) => {
	await page.goto('/register');
	await page.getByLabel('Ngày sinh').fill('2012-09-09');
	await expect(page.getByRole('group', { name: /Người giám hộ/ })).toBeVisible();
	// Free text stops at the lengths the server takes (120 for a name, 300 for an address), so
	// nobody types past them to a refusal.
	const typed = async (label: string, n: number) => {
		const field = page.getByLabel(label, { exact: true });
		await field.fill('');
		await field.pressSequentially('a'.repeat(n + 5), { delay: 0 });
		return (await field.inputValue()).length;
	};
	expect(await typed('Họ và tên', 120)).toBe(120);
	expect(await typed('Địa chỉ', 300)).toBe(300);
	expect(await typed('Họ tên người giám hộ', 120)).toBe(120);
	// A date not come yet is an error of its own (the server says so), not a child's.
	await page.getByLabel('Ngày sinh').fill('2099-01-01');
	await expect(page.getByRole('group', { name: /Người giám hộ/ })).toBeHidden();
});

test('after one visit the app shell loads with no network', async ({ page, context }) => {
	await page.goto('/');
	await page.evaluate(async () => {
		const reg = await navigator.serviceWorker.ready;
		return reg.active?.state;
	});
	await expect
		.poll(() => page.evaluate(async () => (await caches.keys()).some((k) => k.startsWith('phongthi-shell'))))
		.toBe(true);
	await context.setOffline(true);
	await page.reload();
	await expect(page.getByRole('link', { name: 'Phòng Thi' })).toBeVisible();
	await expect(page.getByRole('status').filter({ hasText: 'Đang ngoại tuyến' })).toBeVisible();
	await expect(page.getByRole('heading', { name: /Bạn đang ngoại tuyến/ })).toBeVisible();
	await context.setOffline(false);
});

/** The account's attempt as the device holds it: token, unsent answers, and every row of it. */
async function deviceAttempt(page: Page, attemptId: string) {
	return page.evaluate(async (id) => {
		const open = indexedDB.open('phongthi');
		const db: IDBDatabase = await new Promise((res, rej) => {
			open.onsuccess = () => res(open.result);
			open.onerror = () => rej(open.error);
		});
		const get = <T>(store: string): Promise<T[]> =>
			new Promise((res) => {
				const r = db.transaction(store, 'readonly').objectStore(store).getAll();
				r.onsuccess = () => res(r.result as T[]);
			});
		const attempt = (await get<{ attemptId: string; token: string }>('attempts')).find(
			(a) => a.attemptId === id
		);
		const outbox = (await get<{ attemptId: string; status: string }>('outbox')).filter(
			(e) => e.attemptId === id
		);
		// Anything else the device keeps of the attempt: its chain head and timer checkpoint.
		let rows = (attempt ? 1 : 0) + outbox.length;
		for (const store of ['chains', 'checkpoints'])
			rows += (await get<{ attemptId: string }>(store)).filter((r) => r.attemptId === id).length;
		db.close();
		return {
			token: attempt?.token ?? null,
			pending: outbox.filter((e) => e.status === 'pending').length,
			rows
		};
	}, attemptId);
}

/** On a phone the site menu folds behind *Danh mục*; opens it once the page has it. */
async function openMenu(page: Page) {
	const toggle = page.getByRole('button', { name: /Danh mục/ });
	await expect(toggle).toBeVisible({ timeout: 30_000 });
	if ((await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click();
}

/** Opens the menu until `target` shows: a tap that lands before the page has hydrated does nothing. */
async function showInMenu(page: Page, target: Locator) {
	await expect(async () => {
		await openMenu(page);
		await expect(target).toBeVisible({ timeout: 1_000 });
	}).toPass({ timeout: 30_000 });
}

/** Signed out: the sign-in link is in the menu of the page that follows. */
async function expectSignedOut(page: Page) {
	await expect(page.getByRole('button', { name: 'Đăng xuất' })).toHaveCount(0, { timeout: 30_000 });
	await showInMenu(page, page.getByRole('link', { name: 'Đăng nhập' }));
}

test.describe('signing out on a shared computer', () => {
	// The service worker's background sync would send behind the test's back; the page alone syncs here.
	test.use({ serviceWorkers: 'block', viewport: { width: 390, height: 844 } });

	test('sends what is unsent, or says it cannot and asks; then removes the tokens', async ({
		page
	}, info) => {
		page.on('dialog', (d) => void d.accept());
		const who = await registerCandidate(page.request);
		const roundId = await createRound(SHARED_DB, { durationS: 900, name: 'Vòng đăng xuất' });
		await signIn(page, who.login, who.password);
		await page.locator(`button[data-round="${roundId}"]`).click();
		await page.getByRole('dialog').getByRole('button', { name: 'Tôi đồng ý, bắt đầu' }).click();
		await page.waitForURL(/\/exam\//);
		const attemptId = attemptIdFrom(page);
		await expect(page.getByRole('heading', { name: /^Câu 1\/30$/ })).toBeVisible();
		await expect.poll(async () => (await deviceAttempt(page, attemptId)).token).toBeTruthy();

		// The server cannot be reached for answers: one answer stays unsent on the device.
		await page.route('**/api/attempts/*/events', (r) => r.abort('internetdisconnected'));
		const option = page.getByRole('radio').first();
		await option.click();
		await expect(option).toBeChecked();
		await expect.poll(async () => (await deviceAttempt(page, attemptId)).pending).toBe(1);

		await page.goto('/dashboard');
		// Signing out sends what is unsent from script first: a tap before hydration would not.
		await hydrated(page);
		await showInMenu(page, page.getByRole('button', { name: 'Đăng xuất' }));
		await page.getByRole('button', { name: 'Đăng xuất' }).click();
		const ask = page.getByRole('alertdialog');
		await expect(ask).toContainText('Còn 1 thay đổi chưa gửi được');
		await expect(page.getByRole('button', { name: 'Ở lại và thử gửi lại' })).toBeFocused();
		await page.screenshot({ path: info.outputPath('signout-unsent-390.png') });
		await page.getByRole('button', { name: 'Ở lại và thử gửi lại' }).click();
		await expect(ask).toBeHidden();
		expect((await deviceAttempt(page, attemptId)).token).toBeTruthy();

		// The connection is back: signing out sends the answer first, then forgets the token.
		await page.unroute('**/api/attempts/*/events');
		await page.getByRole('button', { name: 'Đăng xuất' }).click();
		await expectSignedOut(page);
		expect(await deviceAttempt(page, attemptId)).toMatchObject({ token: '', pending: 0 });
		expect((await storedEvents(SHARED_DB, attemptId)).events).toHaveLength(1);
	});

	test('signing out anyway keeps the unsent answer but not the token', async ({ page }) => {
		page.on('dialog', (d) => void d.accept());
		const who = await registerCandidate(page.request);
		const roundId = await createRound(SHARED_DB, { durationS: 900, name: 'Vòng đăng xuất 2' });
		await signIn(page, who.login, who.password);
		await page.locator(`button[data-round="${roundId}"]`).click();
		await page.getByRole('dialog').getByRole('button', { name: 'Tôi đồng ý, bắt đầu' }).click();
		await page.waitForURL(/\/exam\//);
		const attemptId = attemptIdFrom(page);
		await expect(page.getByRole('heading', { name: /^Câu 1\/30$/ })).toBeVisible();
		await page.route('**/api/attempts/*/events', (r) => r.abort('internetdisconnected'));
		await page.getByRole('radio').first().click();
		await expect.poll(async () => (await deviceAttempt(page, attemptId)).pending).toBe(1);
		await page.goto('/dashboard');
		// Signing out sends what is unsent from script first: a tap before hydration would not.
		await hydrated(page);
		await showInMenu(page, page.getByRole('button', { name: 'Đăng xuất' }));
		await page.getByRole('button', { name: 'Đăng xuất' }).click();
		await page.getByRole('button', { name: 'Vẫn đăng xuất' }).click();
		await expectSignedOut(page);
		expect(await deviceAttempt(page, attemptId)).toMatchObject({ token: '', pending: 1 });
		expect((await storedEvents(SHARED_DB, attemptId)).events).toHaveLength(0);

		// The next person at this computer: the paper does not open, no answer can be made for them.
		await page.unroute('**/api/attempts/*/events');
		await page.goto(`/exam/${attemptId}`);
		await expect(page.getByRole('alert')).toContainText('Bài thi này không có trên thiết bị');
		await expect(page.getByRole('radio')).toHaveCount(0);
		expect(await deviceAttempt(page, attemptId)).toMatchObject({ token: '', pending: 1 });

		// The candidate signs in again and resumes: the answer kept here is sent, and counts.
		await signIn(page, who.login, who.password);
		await page.locator(`button[data-round="${roundId}"]`).click();
		await page.waitForURL(new RegExp(`/exam/${attemptId}$`));
		await expect(page.getByTestId('answered')).toHaveText('Đã trả lời 1/30');
		await expect.poll(async () => (await storedEvents(SHARED_DB, attemptId)).events.length).toBe(1);
	});

	test('a submitted attempt wholly on the server leaves nothing on the computer', async ({ page }) => {
		const who = await registerCandidate(page.request);
		const roundId = await createRound(SHARED_DB, { durationS: 900, name: 'Vòng đăng xuất 3' });
		await signIn(page, who.login, who.password);
		await page.locator(`button[data-round="${roundId}"]`).click();
		await page.getByRole('dialog').getByRole('button', { name: 'Tôi đồng ý, bắt đầu' }).click();
		await page.waitForURL(/\/exam\//);
		const attemptId = attemptIdFrom(page);
		await page.getByRole('radio').first().click();
		await page.getByRole('button', { name: 'Nộp bài' }).first().click();
		await page.getByRole('dialog').getByRole('button', { name: 'Nộp bài' }).click();
		await expect(page.getByRole('heading', { name: 'Đã nộp bài' })).toBeVisible();
		// Before signing out the device holds the paper, the answer, its chain and checkpoint.
		expect((await deviceAttempt(page, attemptId)).rows).toBeGreaterThanOrEqual(3);
		await page.goto('/dashboard');
		await hydrated(page);
		await showInMenu(page, page.getByRole('button', { name: 'Đăng xuất' }));
		await page.getByRole('button', { name: 'Đăng xuất' }).click();
		await expectSignedOut(page);
		expect(await deviceAttempt(page, attemptId)).toEqual({ token: null, pending: 0, rows: 0 });
		expect((await storedEvents(SHARED_DB, attemptId)).attempt.status).toBe('submitted');
	});
});
