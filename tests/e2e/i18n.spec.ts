// The catalogue in the browser: a phone downloads the candidate's text only, and the pages
// that need more (the organiser's, English) load it before they render, in both directions.
import { expect, test, type Page } from '@playwright/test';
import { hydrated, registerCandidate, signIn, waitForServiceWorker } from './support/fixtures';

/** Every script body the page downloads from now on. */
function scriptsOf(page: Page): string[] {
	const bodies: string[] = [];
	page.on('response', async (res) => {
		if (!res.url().endsWith('.js')) return;
		bodies.push(await res.text().catch(() => ''));
	});
	return bodies;
}

test("a candidate's phone downloads neither the organiser's text nor the English catalogue", async ({
	page
}) => {
	await page.setViewportSize({ width: 390, height: 844 });
	const scripts = scriptsOf(page);
	await page.goto('/');
	await expect(page.getByRole('link', { name: 'Đăng ký dự thi' })).toBeVisible();
	await page.getByRole('link', { name: 'Tôi đã có tài khoản' }).click();
	await expect(page.getByLabel('Mật khẩu', { exact: true })).toBeVisible();
	await page.waitForLoadState('networkidle');
	expect(scripts.length).toBeGreaterThan(0);
	// One sentence of the bank editor, one of the English dashboard.
	expect(scripts.filter((s) => s.includes('Xóa phương án'))).toEqual([]);
	expect(scripts.filter((s) => s.includes('Open rounds'))).toEqual([]);
	// The core is there: the sign-in page rendered its own text in the browser.
	expect(scripts.some((s) => s.includes('Chưa có tài khoản?'))).toBe(true);
});

test("the organiser's pages load their text, in Vietnamese and in English, and back", async ({ page }) => {
	await page.setViewportSize({ width: 1280, height: 800 });
	await page.goto('/login');
	await page.getByLabel('Số định danh cá nhân hoặc số điện thoại').fill('0900000001');
	await page.getByLabel('Mật khẩu', { exact: true }).fill('BanToChuc2026');
	await page.getByRole('button', { name: 'Đăng nhập' }).click();
	await expect(page).toHaveURL(/\/admin$/, { timeout: 30_000 });
	await page.getByRole('link', { name: 'Kết quả, đơn vị và giải thưởng' }).click();
	await expect(page.getByRole('heading', { name: 'Kết quả các vòng thi' })).toBeVisible();

	await page.getByRole('link', { name: 'Switch to English' }).click();
	await expect(page.getByRole('heading', { name: 'Results of the rounds' })).toBeVisible();
	await expect(page.locator('html')).toHaveAttribute('lang', 'en');
	// Another organiser area, reached in the browser: its English is there.
	await page.goto('/admin');
	await page.getByRole('link', { name: 'Question bank' }).first().click();
	await expect(page.getByRole('heading', { name: 'Question bank', level: 1 })).toBeVisible();

	await page.getByRole('link', { name: 'Chuyển sang tiếng Việt' }).click();
	await expect(page.getByRole('heading', { name: 'Ngân hàng câu hỏi', level: 1 })).toBeVisible();
	await page.reload();
	await expect(page.getByRole('heading', { name: 'Ngân hàng câu hỏi', level: 1 })).toBeVisible();
	await expect(page.locator('html')).toHaveAttribute('lang', 'vi');
});

test('the exam screen and its result switch language in place, the answers kept', async ({
	page,
	context,
	request
}) => {
	await page.setViewportSize({ width: 390, height: 844 });
	const who = await registerCandidate(request);
	await signIn(page, who.login, who.password);
	await page.goto('/practice/practice');
	await page.getByRole('button', { name: 'Bắt đầu một lượt thi thử' }).click();
	await expect(page.getByRole('heading', { name: /^Câu 1\/30$/ })).toBeVisible();
	const option = page.getByRole('radio').nth(1);
	await option.click();
	await expect(option).toBeChecked();
	await expect(page.getByTestId('answered')).toHaveText('Đã trả lời 1/30');

	await page.getByRole('link', { name: 'Switch to English' }).click();
	await expect(page.getByRole('heading', { name: /^Question 1\/30$/ })).toBeVisible();
	await expect(page.locator('html')).toHaveAttribute('lang', 'en');
	await expect(page.getByTestId('answered')).toHaveText('Answered 1/30');
	await expect(page.getByRole('radio').nth(1)).toBeChecked();
	// Offline, the page is the service worker's shell (app.html says "vi"): the language is the cookie's.
	await waitForServiceWorker(page);
	await context.setOffline(true);
	await page.reload();
	await expect(page.getByRole('heading', { name: /^Question 1\/30$/ })).toBeVisible();
	await expect(page.locator('html')).toHaveAttribute('lang', 'en');
	await context.setOffline(false);

	await page.getByRole('navigation', { name: 'Questions' }).getByRole('button', { name: 'Submit' }).click();
	await page.getByRole('dialog').getByRole('button', { name: 'Submit' }).click();
	await expect(page.getByRole('heading', { name: 'Submitted' })).toBeVisible();
	await page.getByRole('link', { name: 'Chuyển sang tiếng Việt' }).click();
	await expect(page.getByRole('heading', { name: 'Đã nộp bài' })).toBeVisible();
	await expect(page.locator('html')).toHaveAttribute('lang', 'vi');
});

test("a form's refusal switches language with the page, without sending the form again", async ({ page }) => {
	await page.setViewportSize({ width: 390, height: 844 });
	await page.goto('/login');
	await hydrated(page);
	await page.getByLabel('Số định danh cá nhân hoặc số điện thoại').fill('0912999999');
	await page.getByLabel('Mật khẩu', { exact: true }).fill('SaiMatKhau1');
	await page.getByRole('button', { name: 'Đăng nhập' }).click();
	await expect(page.getByRole('alert')).toHaveText('Thông tin đăng nhập không đúng.');
	await page.getByRole('link', { name: 'Switch to English' }).click();
	await expect(page.getByRole('heading', { name: 'Sign in', level: 1 })).toBeVisible();
	await expect(page.getByRole('alert')).toHaveText('Wrong sign-in details.');
	await page.getByRole('link', { name: 'Chuyển sang tiếng Việt' }).click();
	await expect(page.getByRole('alert')).toHaveText('Thông tin đăng nhập không đúng.');

	// Registration: the summary and each field's sentence, the typed phone kept.
	await page.goto('/register');
	await hydrated(page);
	await page.getByLabel('Số điện thoại di động').fill('123');
	await page.getByRole('button', { name: 'Đăng ký' }).click();
	await expect(page.getByRole('alert')).toHaveText('Vui lòng sửa các ô được đánh dấu.');
	await expect(page.getByText('Số điện thoại di động không hợp lệ (ví dụ 0912345678).')).toBeVisible();
	await page.getByRole('link', { name: 'Switch to English' }).click();
	await expect(page.getByRole('alert')).toHaveText('Please correct the highlighted fields.');
	await expect(page.getByText('Invalid mobile number (for example 0912345678).')).toBeVisible();
	await expect(page.getByText('Please fill this in.').first()).toBeVisible();
	await expect(page.getByText(/Vui lòng/)).toHaveCount(0);
	await expect(page.getByLabel('Mobile phone number')).toHaveValue('123');
});

test('/forgot on a server that sends no mail says so in a neutral box, in either language', async ({
	page
}) => {
	// The e2e server is started without MAIL_*: reset by e-mail is off, a code from the committee is the way.
	await page.goto('/forgot');
	const box = page.getByRole('main').getByRole('status');
	await expect(box).toHaveText(/^Đặt lại mật khẩu qua thư chưa được mở trên máy chủ này\./);
	// Not the green box a sent mail gets (.notice): nothing was done.
	await expect(box).not.toHaveClass(/notice/);
	await expect(page.getByRole('textbox')).toHaveCount(0);
	await page.getByRole('link', { name: 'Switch to English' }).click();
	await expect(box).toHaveText(/^Resetting a password by e-mail is not open on this server\./);
});
