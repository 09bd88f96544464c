// A candidate who cannot sign in is helped on a phone: /forgot leads to the organisers' hotline
// (the demo's contact page has one, marked as demo data).
import { expect, test } from '@playwright/test';
import { hydrated } from './support/fixtures';

test('/forgot links to the contact page, which gives the demo hotline', async ({ page }) => {
	await page.setViewportSize({ width: 390, height: 844 });
	await page.goto('/forgot');
	await page.getByRole('link', { name: 'Số điện thoại đường dây nóng và địa chỉ Ban tổ chức' }).click();
	await expect(page).toHaveURL(/\/thong-tin\/lien-he$/);
	await expect(page.getByText('Ban Tổ chức chưa đăng nội dung này.')).toHaveCount(0);
	// The organiser's demo phone (README, demo accounts), said to be a demo number.
	await expect(page.getByText(/0900000001/)).toContainText('không phải số thật');
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
