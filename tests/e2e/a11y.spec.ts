// Accessibility: axe-core on the screens people use most — registration (with its errors
// shown), the exam (and its confirmation dialog), the venue tablet (enrolment and sign-in)
// and the proctor's console. No violation of impact "serious" or "critical" is allowed.
// A server of its own, so the rooms and tablets made here disturb no other test.
import { expect, test, type Browser, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { registerCandidate, signIn } from './support/fixtures';
import { buildWorld, ORGANISER, PROCTOR1, ROOM1, type World } from './support/hostile-world';

test.describe.configure({ mode: 'serial', timeout: 120_000 });

let world: World;

test.beforeAll(async () => {
	world = await buildWorld('a11y');
});

test.afterAll(async () => {
	await world?.close();
});

/** Runs axe on the page as it is now; lists serious and critical violations, one per node. */
async function expectAccessible(page: Page, what: string) {
	const result = await new AxeBuilder({ page }).analyze();
	if (process.env.A11Y_VERBOSE) {
		for (const v of result.violations)
			console.log(
				`[${what}] ${v.impact} ${v.id} (${v.nodes.length}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`
			);
		console.log(
			`[${what}] ${result.passes.length} rules passed (${result.passes.map((p) => p.id).join(' ')}), incomplete: ${result.incomplete.map((i) => `${i.id} ${i.nodes.map((n) => `${n.target.join(' ')} ${n.any.map((a) => a.message).join('; ')}`).join(' | ')}`).join(', ')}`
		);
	}
	const bad = result.violations
		.filter((v) => v.impact === 'serious' || v.impact === 'critical')
		.flatMap((v) =>
			v.nodes.map(
				(n) =>
					`${v.impact} ${v.id}: ${v.help} — ${n.target.join(' ')} — ${n.failureSummary?.replace(/\s+/g, ' ') ?? ''}`
			)
		);
	expect(bad, `${what}: serious or critical accessibility violations`).toEqual([]);
	expect(result.passes.length, `${what}: axe ran`).toBeGreaterThan(10);
}

async function newPage(browser: Browser): Promise<Page> {
	const context = await browser.newContext({
		baseURL: world.url,
		locale: 'vi-VN',
		timezoneId: 'Asia/Ho_Chi_Minh'
	});
	return context.newPage();
}

test('registration, with its validation errors shown', async ({ browser }) => {
	const page = await newPage(browser);
	await page.goto('/register');
	await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
	await expectAccessible(page, 'registration form');

	// A minor without a guardian, a malformed phone and a weak password: errors per field.
	await page.locator('#f-fullName').fill('Nguyễn Văn Nhỏ');
	await page.locator('#f-birthDate').fill('2013-04-02');
	await page.locator('#f-nationalId').fill('123');
	await page.locator('#f-phone').fill('12');
	await page.locator('#f-password').fill('abc');
	await page.getByRole('button', { name: 'Đăng ký' }).click();
	await expect(page.getByRole('alert')).toBeVisible();
	await expect(page.locator('.field-error').first()).toBeVisible();
	expect(await page.locator('[aria-invalid="true"]').count()).toBeGreaterThan(2);
	await expectAccessible(page, 'registration form with errors');
	await page.context().close();
});

test('sign-in page and the candidate dashboard', async ({ browser }) => {
	const page = await newPage(browser);
	await page.goto('/login');
	await expectAccessible(page, 'sign-in');
	const who = await registerCandidate(world.anon, world.url);
	await signIn(page, who.login, who.password, world.url);
	await expectAccessible(page, 'dashboard');
	await page.context().close();
});

test('the exam screen, and its confirmation dialog', async ({ browser }) => {
	const page = await newPage(browser);
	const who = await registerCandidate(world.anon, world.url);
	await signIn(page, who.login, who.password, world.url);
	await page.locator('button[data-round="qualifying"]').click();
	await expect(page.getByRole('dialog')).toBeVisible();
	await expectAccessible(page, 'start confirmation');
	await page.getByRole('dialog').getByRole('button', { name: 'Tôi đồng ý, bắt đầu' }).click();
	await page.waitForURL(/\/exam\//);
	await expect(page.getByRole('heading', { name: /^Câu 1\/30$/ })).toBeVisible();
	await page.getByRole('radio').nth(1).click();
	await expect(page.getByRole('radio').nth(1)).toBeChecked();
	await expectAccessible(page, 'exam screen');

	await page
		.getByRole('navigation', { name: 'Danh sách câu hỏi' })
		.getByRole('button', { name: 'Nộp bài' })
		.click();
	const tiebreak = page.getByLabel(/Dự đoán/);
	if (await tiebreak.isVisible().catch(() => false)) {
		await expectAccessible(page, 'exam tie-break question');
		await tiebreak.fill('1500');
		await page.getByRole('button', { name: 'Lưu câu trả lời phụ' }).click();
	}
	await expect(page.getByRole('dialog')).toBeVisible();
	await expectAccessible(page, 'exam confirmation dialog');

	await page.getByRole('dialog').getByRole('button', { name: 'Nộp bài' }).click();
	await expect(page.getByRole('heading', { name: 'Đã nộp bài' })).toBeVisible();
	await expect(page.getByTestId('score')).toBeVisible({ timeout: 15_000 });
	await expectAccessible(page, 'exam result');
	await page.context().close();
});

test('the venue tablet: enrolment, then sign-in', async ({ browser }) => {
	const page = await newPage(browser);
	await page.goto('/venue');
	await expect(page.getByRole('button', { name: 'Đăng ký thiết bị' })).toBeVisible();
	await expectAccessible(page, 'venue enrolment');

	const res = await world.proctor1.post(`/api/proctor/rooms/${ROOM1}/actions`, {
		data: { action: 'enrolCode' }
	});
	const { code } = (await res.json()) as { code: string };
	await page.getByLabel('Mã đăng ký').fill(code);
	await page.getByLabel('Tên thiết bị').fill('Máy kiểm tra trợ năng');
	await page.getByRole('button', { name: 'Đăng ký thiết bị' }).click();
	await expect(page.getByRole('heading', { name: /Đang chờ giám thị duyệt/ })).toBeVisible();
	await expectAccessible(page, 'venue waiting for approval');

	const grid = (await (await world.proctor1.get(`/api/proctor/rooms/${ROOM1}`)).json()) as {
		devices: { id: string; label: string }[];
	};
	const device = grid.devices.find((d) => d.label === 'Máy kiểm tra trợ năng')!;
	const approve = await world.proctor1.post(`/api/proctor/rooms/${ROOM1}/actions`, {
		data: { action: 'approve', deviceId: device.id, seatId: `${ROOM1}-s2` }
	});
	expect(approve.status()).toBe(200);
	await expect(page.getByLabel('Số báo danh')).toBeVisible({ timeout: 20_000 });
	// The sealed papers are on the tablet (the finalist sees readiness; the count is in proctor mode).
	await expect(page.getByText('Máy đã sẵn sàng cho bài thi.')).toBeVisible({ timeout: 20_000 });
	await expectAccessible(page, 'venue sign-in');

	// A wrong PIN: the error is announced.
	await page.getByLabel('Số báo danh').fill(world.fin3.sbd);
	await page.getByLabel('Mã PIN').fill(world.fin3.pin === '000000' ? '111111' : '000000');
	await page.getByRole('button', { name: 'Đăng nhập' }).click();
	await expect(page.getByRole('alert')).toBeVisible();
	await expectAccessible(page, 'venue sign-in with a wrong PIN');
	await page.context().close();
});

test("the proctor's console", async ({ browser }) => {
	const page = await newPage(browser);
	await page.goto('/login');
	await page.getByLabel('Số định danh cá nhân hoặc số điện thoại').fill(PROCTOR1.login);
	await page.getByLabel('Mật khẩu').fill(PROCTOR1.password);
	await page.getByRole('button', { name: 'Đăng nhập' }).click();
	await page.waitForURL(/\/proctor$/);
	await expectAccessible(page, 'proctor home');
	await page.goto(`/proctor/rooms/${ROOM1}`);
	await expect(page.locator('tr[data-seat="Ghế 1"]')).toBeVisible({ timeout: 15_000 });
	await page.getByRole('button', { name: 'Tạo mã đăng ký mới' }).click();
	await expect(page.getByTestId('enrol-code')).toBeVisible();
	await expectAccessible(page, 'proctor console');
	await page.context().close();
});

test("the public contest pages, the result look-up and the organiser's page editor, on a phone too", async ({
	browser
}) => {
	const page = await newPage(browser);
	await page.goto('/login');
	await page.getByLabel('Số định danh cá nhân hoặc số điện thoại').fill(ORGANISER.login);
	await page.getByLabel('Mật khẩu').fill(ORGANISER.password);
	await page.getByRole('button', { name: 'Đăng nhập' }).click();
	await page.waitForURL((u) => !u.pathname.startsWith('/login'));
	await page.goto('/admin/pages');
	await page
		.getByLabel('Nội dung')
		.first()
		.fill('## Đối tượng\n\nCông dân từ đủ 12 tuổi.\n\n- Mỗi lượt 30 câu\n- Tối đa 25 phút');
	await page.getByRole('button', { name: 'Lưu và công bố' }).first().click();
	await expect(page.getByText('Đã lưu. Trang công khai đã được cập nhật.')).toBeVisible();
	await expectAccessible(page, 'page editor');
	await page.context().close();

	for (const viewport of [
		{ width: 1024, height: 768 },
		{ width: 390, height: 844 }
	]) {
		const visitor = await newPage(browser);
		await visitor.setViewportSize(viewport);
		for (const [url, what] of [
			['/', 'home'],
			['/thong-tin/the-le', 'rules page'],
			['/thong-tin/lich-thi', 'schedule page'],
			['/results', 'results index']
		]) {
			await visitor.goto(url);
			await expectAccessible(visitor, `${what} ${viewport.width}`);
			// Each navigation its own name (axe's landmark-unique, a moderate rule the check above lets by).
			const navs = await visitor
				.locator('nav')
				.evaluateAll((all) => all.map((n) => n.getAttribute('aria-label')));
			expect(new Set(navs).size, `${what}: ${navs.join(' | ')}`).toBe(navs.length);
		}
		await visitor.goto('/results/tra-cuu');
		await visitor.getByLabel('Số báo danh hoặc số điện thoại').fill('0999999999');
		await visitor.getByLabel('Năm sinh').fill('1990');
		await visitor.getByRole('button', { name: 'Tra cứu' }).click();
		await expect(visitor.getByRole('alert')).toBeVisible();
		await expectAccessible(visitor, `result look-up ${viewport.width}`);
		await visitor.context().close();
	}
});
