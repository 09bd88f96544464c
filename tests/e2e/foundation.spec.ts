// A new user in Chromium: register, sign in, the dashboard in Vietnamese, English, offline.
import { expect, test } from '@playwright/test';

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
	await expect(page.getByRole('heading', { name: 'Vòng loại (Vòng loại)' })).toBeVisible();

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

test('a young candidate is asked for a guardian', async ({ page }) => {
	await page.goto('/register');
	await page.getByLabel('Ngày sinh').fill('2012-09-09');
	await expect(page.getByRole('group', { name: /Người giám hộ/ })).toBeVisible();
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
