// What an accessibility walk found on the candidate's screens, each as the person it failed:
// - a phone on its side or a page zoomed to 400 % (a short screen): the exam's bars, held at the
//   top and bottom, covered the whole screen and no question could be read or answered;
// - a keyboard on a phone: the focused button sat under the pinned pager;
// - a screen reader: the sync line (role="status") spoke every 5 s, at each heartbeat;
// - a keyboard: a refused start left the focus on the page's body;
// - the password reset page, sent empty, said the code was wrong and marked no field.
// Expected values are what the test did (the answer it chose) and the catalogue's words as read.
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { hydrated, registerCandidate, signIn } from './support/fixtures';

/** A new candidate's practice paper, open at its first question. */
async function practicePaper(page: Page, request: APIRequestContext) {
	const who = await registerCandidate(request);
	await signIn(page, who.login, who.password);
	await page.goto('/practice/practice');
	await page.getByRole('button', { name: 'Bắt đầu một lượt thi thử' }).click();
	await expect(page.getByRole('heading', { name: /^Câu 1\/30$/ })).toBeVisible();
}

const position = (page: Page, selector: string) =>
	page.locator(selector).evaluate((el) => getComputedStyle(el).position);

test('on a short screen the bars scroll with the page and the question can be answered', async ({
	browser,
	baseURL,
	request
}) => {
	const context = await browser.newContext({
		baseURL,
		locale: 'vi-VN',
		viewport: { width: 568, height: 320 }
	});
	const page = await context.newPage();
	await practicePaper(page, request);
	expect([await position(page, '.exam-bar'), await position(page, '.pager')]).toEqual(['static', 'static']);
	// Clicked as a finger would: nothing lies over the option.
	await page.getByRole('radio').nth(1).click();
	await expect(page.getByRole('radio').nth(1)).toBeChecked();
	await expect(page.getByTestId('answered')).toContainText('Đã trả lời 1/30');
	// A phone upright keeps both bars where the thumb and the eye expect them.
	await page.setViewportSize({ width: 390, height: 844 });
	expect([await position(page, '.exam-bar'), await position(page, '.pager')]).toEqual(['sticky', 'fixed']);
	await context.close();
});

test('on a phone the keyboard’s focus is never under the pager, and the sync line is quiet between answers', async ({
	browser,
	baseURL,
	request
}) => {
	test.setTimeout(90_000);
	const context = await browser.newContext({
		baseURL,
		locale: 'vi-VN',
		viewport: { width: 390, height: 844 }
	});
	const page = await context.newPage();
	await practicePaper(page, request);
	await page.getByRole('radio').first().click();
	await expect(page.getByRole('radio').first()).toBeChecked();
	const status = page.getByRole('status').filter({ hasText: /./ }).and(page.locator('[data-sync]'));
	await expect(status).toHaveText('Đã lưu và gửi tất cả câu trả lời');

	// From the question: its chosen option, then the flag and clear buttons.
	await page.getByRole('heading', { name: /^Câu 1\/30$/ }).focus();
	for (const name of [null, /Đánh dấu/, 'Xóa câu trả lời']) {
		await page.keyboard.press('Tab');
		const focused = page.locator(':focus');
		if (name) await expect(focused).toHaveAccessibleName(name);
		const clear = await focused.evaluate((el) => {
			const r = el.getBoundingClientRect();
			const pager = document.querySelector('.pager')!.getBoundingClientRect();
			const atCentre = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
			return r.bottom <= pager.top && !!atCentre && (el === atCentre || el.contains(atCentre));
		});
		expect(clear, `focused ${name ?? 'option'} is clear of the pager`).toBe(true);
	}

	// Three heartbeats (empty batches) with nothing to send: the line says nothing new.
	await status.evaluate((el) => {
		const seen: string[] = [];
		new MutationObserver(() => seen.push(el.textContent ?? '')).observe(el, {
			childList: true,
			characterData: true,
			subtree: true
		});
		(window as unknown as { seen: string[] }).seen = seen;
	});
	for (let i = 0; i < 3; i++)
		await page.waitForRequest(
			(r) =>
				r.method() === 'POST' &&
				/\/api\/attempts\/[^/]+\/events$/.test(r.url()) &&
				(r.postDataJSON() as { events: unknown[] }).events.length === 0,
			{ timeout: 20_000 }
		);
	expect(await page.evaluate(() => (window as unknown as { seen: string[] }).seen)).toEqual([]);
	await context.close();
});

test('a refused start keeps the keyboard on the start button, described by the refusal', async ({
	browser,
	baseURL,
	request
}) => {
	const who = await registerCandidate(request);
	const context = await browser.newContext({ baseURL, locale: 'vi-VN' });
	const page = await context.newPage();
	await signIn(page, who.login, who.password);
	await page.goto('/dashboard');
	await hydrated(page);
	await context.setOffline(true);
	const start = page.locator('button[data-round="qualifying"]');
	await start.focus();
	await page.keyboard.press('Enter');
	const dialog = page.getByRole('dialog');
	await dialog.getByRole('button', { name: 'Tôi đồng ý, bắt đầu' }).focus();
	await page.keyboard.press('Enter');
	const alert = page.getByRole('alert');
	await expect(alert).toBeVisible();
	await expect(start).toBeFocused();
	await expect(start).toHaveAccessibleDescription((await alert.innerText()).trim());
	await context.close();
});

test('the reset form sent empty names each empty field, and the focus goes to the first', async ({
	browser,
	baseURL
}) => {
	const context = await browser.newContext({ baseURL, locale: 'vi-VN' });
	const page = await context.newPage();
	await page.goto('/reset');
	await hydrated(page);
	// The browser's own check would stop an empty form first; this is what the server says of one.
	await page.locator('form').evaluate((f) => f.setAttribute('novalidate', ''));
	await page.getByRole('button', { name: 'Đặt mật khẩu mới' }).click();
	const fields = [
		page.getByLabel('Số định danh cá nhân hoặc số điện thoại'),
		page.getByLabel('Mã đặt lại (ví dụ ABCD-EFGH)'),
		page.getByLabel('Mật khẩu mới (ít nhất 8 ký tự, có chữ và số)')
	];
	for (const f of fields) {
		await expect(f).toHaveAttribute('aria-invalid', 'true');
		await expect(f).toHaveAccessibleDescription('Vui lòng nhập thông tin này.');
	}
	await expect(fields[0]).toBeFocused();
	await expect(page.getByText('Mã đặt lại không đúng')).toHaveCount(0);
	await context.close();
});
