// Every organiser page is reachable from the organiser's navigation, the info-pages editor included.
import { expect, test, type Page } from '@playwright/test';
import { hydrated } from './support/fixtures';

async function signInOrganiser(page: Page) {
	await page.goto('/login');
	await hydrated(page);
	await page.getByLabel('Số định danh cá nhân hoặc số điện thoại').fill('0900000001');
	await page.getByLabel('Mật khẩu', { exact: true }).fill('BanToChuc2026');
	await page.getByRole('button', { name: 'Đăng nhập' }).click();
	await page.waitForURL(/\/admin$/);
}

test('the info-pages editor is reached from the dashboard and the sub-navigation', async ({ page }) => {
	await page.setViewportSize({ width: 1280, height: 900 });
	await signInOrganiser(page);
	await page.getByRole('link', { name: 'Trang thông tin cuộc thi' }).click();
	await expect(page).toHaveURL(/\/admin\/pages$/);
	await expect(page.getByRole('heading', { name: 'Trang thông tin cuộc thi', level: 1 })).toBeVisible();

	// From a bank page's sub-navigation too.
	await page.goto('/admin/bank');
	const nav = page.getByRole('navigation', { name: 'Quản lý' });
	await nav.getByRole('link', { name: 'Trang thông tin cuộc thi' }).click();
	await expect(page).toHaveURL(/\/admin\/pages$/);
});
