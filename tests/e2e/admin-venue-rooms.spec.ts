// The final's page, a room's card: its state in the reader's language (it showed the database's
// word, "(running)", in Vietnamese too), and the button taking a proctor off the room says whom
// it takes off (it was read as "×"), and takes them off the card at once (the page threw
// "e.remove is not a function" and kept showing them until reloaded).
import { expect, test } from '@playwright/test';
import { hydrated, withDb } from './support/fixtures';
import { ORGANISER, signInStaff } from './support/hall';
import { TestServer } from './support/server';

const PROCTOR_NAME = 'Trần Thị Giám Thị';

test("a room's state is worded, and the proctor's remove button names the proctor", async ({ browser }) => {
	// A fresh demo of its own: the test prepares the demo room and changes its state.
	const server = new TestServer('admin-venue-rooms');
	await server.start();
	try {
		const context = await browser.newContext({
			baseURL: server.url,
			locale: 'vi-VN',
			viewport: { width: 820, height: 1180 }
		});
		const page = await context.newPage();
		await signInStaff(page, ORGANISER);
		await page.goto('/admin/venue');
		await hydrated(page);
		const heading = page.getByRole('heading', { level: 3, name: /^Phòng 1/ });
		const card = page.locator('.card', { has: heading });
		await expect(heading).toHaveText('Phòng 1 — Hội trường UBND tỉnh (chưa chuẩn bị)');

		// The organiser assigns the demo proctor; the remove button is named after them.
		await card.getByLabel('Phân công giám thị').selectOption({ label: `${PROCTOR_NAME} (0900000002)` });
		await card.getByRole('button', { name: 'Phân công', exact: true }).click();
		const remove = card.getByRole('button', { name: `Bỏ phân công giám thị ${PROCTOR_NAME}` });
		await expect(remove).toBeVisible();
		const box = await remove.boundingBox();
		expect(box!.width).toBeGreaterThanOrEqual(44);
		expect(box!.height).toBeGreaterThanOrEqual(44);

		// Opening the room's console prepares it: "đang chuẩn bị", not "preparing".
		await page.goto('/proctor/rooms/room-1');
		await expect(page.getByTestId('room-status')).toHaveText('Chuẩn bị');
		await page.goto('/admin/venue');
		await hydrated(page);
		await expect(heading).toHaveText('Phòng 1 — Hội trường UBND tỉnh (đang chuẩn bị)');
		// A running room (the state set directly: starting needs tablets and the round's window).
		await withDb(server.sqliteFile, (db) =>
			db.updateTable('venue_room').set({ status: 'running' }).where('room_id', '=', 'room-1').execute()
		);
		await page.reload();
		await hydrated(page);
		await expect(heading).toHaveText('Phòng 1 — Hội trường UBND tỉnh (đang thi)');
		await page.screenshot({ path: '.e2e-data/shots/admin-venue-room-820.png', fullPage: true });

		// In English, and from the keyboard: the button says whom it removes, and removes them; the
		// card says so without a reload.
		await page.getByRole('link', { name: 'Switch to English' }).click();
		await expect(page.locator('html')).toHaveAttribute('lang', 'en');
		await expect(heading).toHaveText('Phòng 1 — Hội trường UBND tỉnh (running)');
		const removeEn = card.getByRole('button', { name: `Unassign proctor ${PROCTOR_NAME}` });
		await removeEn.press('Enter');
		await expect(page.locator('.notice')).toContainText('Proctor unassigned.');
		await expect(card).toContainText('Proctors: not assigned yet');
		await context.close();
	} finally {
		await server.stop();
	}
});
