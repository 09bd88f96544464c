// A candidate who cannot sign in is helped on a phone: /forgot leads to the organisers' contact
// page, which has content (the demo seeds a hotline marked as demo data: foundation.spec; other
// tests here publish their own on the shared database).
import { expect, test } from '@playwright/test';
import { hydrated } from './support/fixtures';

test('/forgot links to the contact page, which is published', async ({ page }) => {
	await page.setViewportSize({ width: 390, height: 844 });
	await page.goto('/forgot');
	await page.getByRole('link', { name: 'Số điện thoại đường dây nóng và địa chỉ Ban tổ chức' }).click();
	await expect(page).toHaveURL(/\/thong-tin\/lien-he$/);
	await expect(page.getByRole('main').getByRole('heading', { level: 2 }).first()).toBeVisible();
	await expect(page.getByText('Ban Tổ chức chưa đăng nội dung này.')).toHaveCount(0);
	await page.screenshot({ path: '.e2e-data/shots/contact-demo-phone.png', fullPage: true });
});

test('a wrong password takes the focus to the message, which is announced', async ({ page }) => {
	await page.setViewportSize({ width: 390, height: 844 });
	await page.goto('/login');
	await hydrated(page);
	await page.getByLabel('Số định danh cá nhân hoặc số điện thoại').fill('0912000001');
	await page.getByLabel('Mật khẩu', { exact: true }).fill('SaiMatKhau2026');
	await page.getByRole('button', { name: 'Đăng nhập' }).click();
	const message = page.getByRole('alert').filter({ hasText: 'Thông tin đăng nhập không đúng.' });
	await expect(message).toBeFocused();
	await page.screenshot({ path: '.e2e-data/shots/login-wrong-phone.png' });
});
