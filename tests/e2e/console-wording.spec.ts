// The proctor's console as a reviewer met it: the lock and "reject all" asked in the browser's
// own confirm() (unstyled, in the browser's language); a room with no tablet said every tablet
// was online; every seat's extension field was named "phút" and its buttons "Gia hạn" and
// "Khai báo mất", whatever the seat; the map said "Đang làm bài· 0/30"; the code line nested
// brackets, "Mã đọc cho máy mất mạng (Khóa phòng (thu bài)): …". Then every seat's "Tạm dừng",
// "Tiếp tục", move and wipe were named the same on every row; and once "Bắt đầu ngay" was
// confirmed, focus stayed on "Bắt đầu", disabled by the start. And at a tablet's width the seat
// table ran past the screen's right edge: "Chuyển sang máy" was seen only by scrolling sideways.
import { expect, request as api, test, type APIRequestContext } from '@playwright/test';
import { hydrated, registerCandidate, withDb } from './support/fixtures';
import { PROCTOR, seatFinalists, signInStaff } from './support/hall';
import { TestServer } from './support/server';
import { simTablet } from './support/sim-tablet';

test.describe.configure({ timeout: 180_000 });

const ROOM = 'room-wording';

let server: TestServer;
let http: APIRequestContext;
test.beforeAll(async () => {
	server = new TestServer('console-wording');
	await server.start();
	http = await api.newContext({ baseURL: server.url });
});
test.afterAll(async () => {
	await http?.dispose();
	await server?.stop();
});

test('asks in its own dialogs, names each seat’s controls, and words the summary, map and codes', async ({
	browser
}) => {
	const people = [await registerCandidate(http, server.url), await registerCandidate(http, server.url)];
	const [f1, f2] = await seatFinalists({
		room: ROOM,
		name: 'Phòng chữ',
		people,
		durationS: 600,
		opensAt: Date.now() - 3_600_000,
		closesAt: Date.now() + 86_400_000,
		file: server.sqliteFile
	});
	// A third seat, no finalist at it.
	await withDb(server.sqliteFile, (db) =>
		db
			.insertInto('seat')
			.values({ id: `${ROOM}-s3`, room_id: ROOM, label: 'Ghế 3' })
			.execute()
	);
	const context = await browser.newContext({
		baseURL: server.url,
		locale: 'vi-VN',
		timezoneId: 'Asia/Ho_Chi_Minh',
		viewport: { width: 820, height: 1180 }
	});
	const page = await context.newPage();
	// No confirm() of the browser's: any that shows is counted (and dismissed).
	const browserDialogs: string[] = [];
	page.on('dialog', (d) => {
		browserDialogs.push(d.message());
		void d.dismiss();
	});
	await signInStaff(page, PROCTOR);
	await page.goto(`/proctor/rooms/${ROOM}`);
	await hydrated(page);

	// A room with no tablet yet says so, not "every tablet is online".
	await expect(page.getByTestId('offline-summary')).toHaveText('Phòng chưa có máy nào được duyệt vào ghế.');

	// Two tablets waiting: "reject all" asks in the page's dialog; Escape keeps them, focus back.
	await page.getByRole('button', { name: 'Tạo mã đăng ký mới' }).click();
	const code = (await page.getByTestId('enrol-code').innerText()).trim();
	const strays = [await simTablet(http, code, 'Máy lạ 1'), await simTablet(http, code, 'Máy lạ 2')];
	const pending = page.locator('.pending li');
	await expect(pending).toHaveCount(2);
	const rejectAll = page.getByRole('button', { name: 'Từ chối tất cả (2)' });
	await rejectAll.click();
	const rejectDialog = page.getByRole('dialog', { name: 'Từ chối cả 2 thiết bị đang chờ duyệt?' });
	await expect(rejectDialog).toBeVisible();
	await expect(rejectDialog).toContainText('Máy của phòng bị từ chối nhầm có thể đăng ký lại bằng mã.');
	await expect(rejectDialog.getByRole('button', { name: 'Hủy' })).toBeFocused();
	await page.screenshot({ path: '.e2e-data/shots/console-reject-all-820.png' });
	await page.keyboard.press('Escape');
	await expect(rejectDialog).toBeHidden();
	await expect(rejectAll).toBeFocused();
	await expect(pending).toHaveCount(2);
	await rejectAll.press('Enter');
	await rejectDialog.getByRole('button', { name: 'Từ chối cả 2 thiết bị' }).click();
	await expect(pending).toHaveCount(0);
	// The button is gone with the list: focus goes to the enrolment section's heading.
	await expect(page.getByRole('heading', { name: 'Mã đăng ký thiết bị' })).toBeFocused();
	for (const t of strays) await t.stop();

	// A tablet at Ghế 1, its finalist signed in; the room starts.
	const tablet = await simTablet(http, code, 'Máy A');
	const item = pending.filter({ hasText: 'Máy A' });
	await item.getByRole('combobox').selectOption(`${ROOM}-s1`);
	await item.getByRole('button', { name: 'Duyệt và xếp vào' }).click();
	await expect(item).toHaveCount(0);
	await tablet.beat({ signedIn: { finalistId: f1.id, at: Date.now() } });
	// A spare (at no seat) and a tablet at Ghế 3, which has no finalist.
	const spare = await simTablet(http, code, 'Máy B');
	await pending.filter({ hasText: 'Máy B' }).getByRole('button', { name: 'Duyệt và xếp vào' }).click();
	const third = await simTablet(http, code, 'Máy C');
	const item3 = pending.filter({ hasText: 'Máy C' });
	await item3.getByRole('combobox').selectOption(`${ROOM}-s3`);
	await item3.getByRole('button', { name: 'Duyệt và xếp vào' }).click();
	await expect(pending).toHaveCount(0);
	// Before the start a seat's tablet may be wiped: the button names the seat (and SBD).
	const row1 = page.locator('tr[data-seat="Ghế 1"]');
	await expect(
		row1.getByRole('button', { name: `Cho phép xóa máy của Ghế 1, SBD ${f1.sbd}`, exact: true })
	).toBeVisible();
	await expect(
		page
			.locator('tr[data-seat="Ghế 3"]')
			.getByRole('button', { name: 'Cho phép xóa máy của Ghế 3', exact: true })
	).toBeVisible();

	// Started from the keyboard: once done, "Bắt đầu" is disabled and focus is on the room's status.
	const startButton = page.getByRole('button', { name: 'Bắt đầu', exact: true });
	await startButton.focus();
	await page.keyboard.press('Enter');
	const startNow = page
		.getByRole('dialog', { name: 'Bắt đầu bài thi?' })
		.getByRole('button', { name: 'Bắt đầu ngay' });
	await expect(startNow).toBeFocused();
	await page.keyboard.press('Enter');
	await expect(page.getByTestId('room-status')).toHaveText('Đang thi');
	await expect(startButton).toBeDisabled();
	await expect(page.locator('p', { has: page.getByTestId('room-status') })).toBeFocused();
	await page.screenshot({ path: '.e2e-data/shots/console-started-820.png', fullPage: true });

	// At a tablet's width (and a phone's) each seat is a card: every seat's "Tạm dừng" and "Chuyển
	// sang máy" are on the screen, not past its right edge, and the page does not scroll sideways.
	for (const width of [820, 390]) {
		await page.setViewportSize({ width, height: width === 820 ? 1180 : 844 });
		for (const [seat, f] of [
			['Ghế 1', f1],
			['Ghế 2', f2]
		] as const) {
			for (const name of [
				`Tạm dừng ${seat}, SBD ${f.sbd}`,
				`Chuyển sang máy đã chọn cho ${seat}, SBD ${f.sbd}`
			]) {
				const button = page.locator(`tr[data-seat="${seat}"]`).getByRole('button', { name, exact: true });
				await expect(button).toBeVisible();
				const box = await button.boundingBox();
				expect(box, name).not.toBeNull();
				expect(box!.x + box!.width, `${name} at ${width} px`).toBeLessThanOrEqual(width);
			}
		}
		expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
	}
	await page.screenshot({ path: '.e2e-data/shots/console-started-390.png', fullPage: true });
	await page.setViewportSize({ width: 820, height: 1180 });

	// Each seat's controls say which seat (and finalist) they act on.
	await expect(
		row1.getByRole('spinbutton', { name: `Số phút gia hạn cho Ghế 1, SBD ${f1.sbd}`, exact: true })
	).toBeVisible();
	await expect(
		row1.getByRole('button', { name: `Gia hạn cho Ghế 1, SBD ${f1.sbd}`, exact: true })
	).toBeVisible();
	await expect(
		row1.getByRole('button', { name: `Khai báo mất dữ liệu của Ghế 1, SBD ${f1.sbd}`, exact: true })
	).toBeVisible();
	await expect(
		page.getByRole('button', { name: `Khai báo mất dữ liệu của Ghế 2, SBD ${f2.sbd}`, exact: true })
	).toBeVisible();
	await expect(
		row1.getByRole('combobox', { name: `Chọn máy dự phòng cho Ghế 1, SBD ${f1.sbd}`, exact: true })
	).toBeVisible();
	await expect(
		row1.getByRole('button', { name: `Chuyển sang máy đã chọn cho Ghế 1, SBD ${f1.sbd}`, exact: true })
	).toBeDisabled();
	await row1.getByRole('button', { name: `Tạm dừng Ghế 1, SBD ${f1.sbd}`, exact: true }).click();
	const resumeSeat = row1.getByRole('button', { name: `Tiếp tục Ghế 1, SBD ${f1.sbd}`, exact: true });
	await expect(resumeSeat).toBeVisible();
	await resumeSeat.click();
	await expect(row1.getByTestId('state')).toHaveAttribute('data-state', 'running');

	// The map: the state, a space, the dot, the count.
	const tile = page
		.getByRole('region', { name: 'Sơ đồ phòng' })
		.locator('[data-seat="Ghế 1"] .small')
		.first();
	await expect(tile).toHaveText('Đang làm bài · 0/30');

	// The code to read out: no bracket inside a bracket.
	await page.getByRole('button', { name: 'Tạm dừng phòng' }).click();
	const codeLine = page.locator('p.code', { has: page.getByTestId('last-code') });
	await expect(page.getByTestId('last-code')).toHaveAttribute('data-action', 'pause');
	await expect(codeLine).toContainText('Mã cho máy mất mạng — Tạm dừng:');
	await page.getByRole('button', { name: 'Tiếp tục phòng' }).click();
	await expect(page.getByTestId('room-status')).toHaveText('Đang thi');

	// The lock asks in the page's dialog; Hủy locks nothing and gives focus back to the button.
	const lock = page.getByRole('button', { name: 'Khóa phòng (thu bài)' });
	await lock.click();
	const lockDialog = page.getByRole('dialog', { name: 'Khóa phòng và thu bài?' });
	await expect(lockDialog).toBeVisible();
	await page.screenshot({ path: '.e2e-data/shots/console-lock-820.png' });
	await lockDialog.getByRole('button', { name: 'Hủy' }).click();
	await expect(lockDialog).toBeHidden();
	await expect(lock).toBeFocused();
	await expect(page.getByTestId('room-status')).toHaveText('Đang thi');
	// From the keyboard: Enter opens it, Shift+Tab reaches "Khóa phòng ngay", Enter locks.
	await page.keyboard.press('Enter');
	await expect(lockDialog).toBeVisible();
	await page.keyboard.press('Shift+Tab');
	await expect(lockDialog.getByRole('button', { name: 'Khóa phòng ngay' })).toBeFocused();
	await page.keyboard.press('Enter');
	await expect(page.getByTestId('room-status')).toHaveText('Đã khóa');
	await expect(lockDialog).toBeHidden();
	// The lock button is disabled now: focus goes to the room's status.
	await expect(page.locator('p', { has: page.getByTestId('room-status') })).toBeFocused();
	await expect(codeLine).toContainText('Mã cho máy mất mạng — Khóa phòng (thu bài):');
	await page.screenshot({ path: '.e2e-data/shots/console-locked-820.png', fullPage: true });

	for (const t of [tablet, spare, third]) await t.stop();
	expect(browserDialogs).toEqual([]);
	await context.close();
});
