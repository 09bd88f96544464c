// Every organiser page is reachable from the organiser's navigation, the info-pages editor and
// the final's preparation included; the final's page says what it has and has not got.
import { expect, test } from '@playwright/test';
import { ORGANISER, signInStaff } from './support/hall';
import { TestServer } from './support/server';

test('the info-pages editor and the final are reached from the dashboard and the sub-navigation', async ({
	page
}) => {
	await page.setViewportSize({ width: 1280, height: 900 });
	await signInStaff(page, ORGANISER);
	await page.getByRole('link', { name: 'Trang thông tin cuộc thi' }).click();
	await expect(page).toHaveURL(/\/admin\/pages$/);
	await expect(page.getByRole('heading', { name: 'Trang thông tin cuộc thi', level: 1 })).toBeVisible();

	// From a bank page's sub-navigation too, and on to the final, which has the same sub-navigation.
	await page.goto('/admin/bank');
	const nav = page.getByRole('navigation', { name: 'Quản lý' });
	await nav.getByRole('link', { name: 'Trang thông tin cuộc thi' }).click();
	await expect(page).toHaveURL(/\/admin\/pages$/);
	await page
		.getByRole('navigation', { name: 'Quản lý' })
		.getByRole('link', { name: 'Vòng chung kết' })
		.click();
	await expect(page).toHaveURL(/\/admin\/venue$/);
	await expect(
		page.getByRole('navigation', { name: 'Quản lý' }).getByRole('link', { name: 'Vòng chung kết' })
	).toHaveAttribute('aria-current', 'page');
	// The demo's final is called "Vòng chung kết": said once, not "Vòng chung kết: Vòng chung kết".
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Vòng chung kết');
	// So does the list of rounds: "Vòng loại", not "Vòng loại (Vòng loại)".
	await page.goto('/admin/rounds');
	const demo = page
		.getByRole('cell')
		.filter({ has: page.locator('strong').getByText('Vòng loại', { exact: true }) });
	await expect(demo).toHaveCount(1);
	await expect(demo).not.toContainText('(Vòng loại)');

	// Every organiser page carries the same navigation: the home, the account look-up and the
	// results too (a reviewer found no way back from them but the header's link).
	for (const path of ['/admin', '/admin/accounts', '/admin/results', '/admin/results/qualifying']) {
		await page.goto(path);
		const links = page.getByRole('navigation', { name: 'Quản lý' }).getByRole('link');
		await expect(links.filter({ hasText: 'Danh sách không được dự thi' }), path).toHaveCount(1);
		await expect(links.filter({ hasText: 'Ngân hàng câu hỏi' }), path).toHaveCount(1);
	}
});

test("a room with no proctor says so; the round form's time inputs sit level in English", async ({
	browser
}) => {
	// A fresh demo (its own server): its room has no proctor until an organiser assigns one.
	const server = new TestServer('admin-nav');
	await server.start();
	try {
		const context = await browser.newContext({ baseURL: server.url, viewport: { width: 1024, height: 768 } });
		const page = await context.newPage();
		await signInStaff(page, ORGANISER);
		await page.goto('/admin/venue');
		const room = page.locator('.card', { has: page.getByRole('heading', { name: /Phòng 1/ }) });
		await expect(room).toContainText('Giám thị: chưa phân công');
		await page.screenshot({ path: '.e2e-data/shots/admin-venue-no-proctor.png', fullPage: true });

		await page.getByRole('link', { name: 'Switch to English' }).click();
		await expect(page.locator('html')).toHaveAttribute('lang', 'en');
		await page.goto('/admin/rounds/final');
		const minutes = await page.getByLabel('Time allowed: minutes').boundingBox();
		const seconds = await page.getByLabel('and seconds').boundingBox();
		expect(Math.round(minutes!.y)).toBe(Math.round(seconds!.y));
		await context.close();
	} finally {
		await server.stop();
	}
});
