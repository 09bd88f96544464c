// A tablet that never sees the network after sign-in: started, paused and locked by the
// codes the proctor reads out; then the room's minutes, and the finalisation.
import { expect, test } from '@playwright/test';
import ExcelJS from 'exceljs';
import { SHARED_DB, withDb } from './support/fixtures';
import { oneSeatRoom, ORGANISER, staffPage, typeCode } from './support/hall';
import { serverNow, untilServerTime } from './support/server-clock';
import { createStaff } from '../../src/lib/server/accounts';
import { proctorModeCode } from '../../src/lib/server/venue/pins';

test.describe.configure({ timeout: 180_000 });

const ROOM = 'room-offline';

test('a tablet started, paused and locked by codes while fully offline', async ({
	browser,
	request,
	baseURL
}) => {
	const {
		proctor,
		tablet: { context: tabletCtx, page: tablet },
		sbd
	} = await oneSeatRoom({
		browser,
		request,
		baseURL: baseURL!,
		room: ROOM,
		name: 'Phòng dự bị',
		label: 'Máy dự bị',
		durationS: 300
	});

	// The hall's network is gone for this tablet from here on; it even reloads.
	await tabletCtx.setOffline(true);
	await tablet.reload();
	await expect(tablet.getByRole('heading', { name: 'Chờ giám thị bắt đầu' })).toBeVisible();
	await proctor.getByRole('button', { name: 'Bắt đầu', exact: true }).click();
	// Bắt đầu asks first (issue 13): confirm in the dialog.
	await proctor.getByRole('dialog').getByRole('button', { name: 'Bắt đầu ngay' }).click();
	const startCode = (await proctor.getByTestId('start-code').innerText()).trim();
	const startTimeCode = (await proctor.getByTestId('start-time-code').innerText()).trim();
	await tablet.getByLabel('Mã bắt đầu').fill('AAAA-BBBB-CCCC-DDDD');
	await tablet.getByRole('button', { name: 'Bắt đầu bằng mã' }).click();
	await expect(tablet.getByRole('alert')).toHaveText('Mã bắt đầu không đúng.', { timeout: 20_000 });
	await tablet.getByLabel('Mã bắt đầu').fill(startCode.toLowerCase().replace(/-/g, ' '));
	await tablet.getByLabel('Mã giờ bắt đầu').fill(startTimeCode);
	await tablet.getByRole('button', { name: 'Bắt đầu bằng mã' }).click();
	await expect(tablet.getByRole('heading', { name: /^Câu 1\/30$/ })).toBeVisible({ timeout: 20_000 });
	await tablet.getByRole('radio').nth(0).click();
	await expect(tablet.getByRole('radio').nth(0)).toBeChecked();

	await proctor.getByRole('button', { name: 'Tạm dừng phòng' }).click();
	await expect(proctor.getByTestId('last-code')).toHaveAttribute('data-action', 'pause');
	await typeCode(tablet, await proctor.getByTestId('last-code').innerText());
	await expect(tablet.getByText('Giám thị đã tạm dừng bài thi.')).toBeVisible();
	const frozen = await tablet.getByTestId('countdown').innerText();
	await untilServerTime(request, (await serverNow(request)) + 2500);
	await expect(tablet.getByTestId('countdown')).toHaveText(frozen);
	// Paused, the paper is off the screen (its options with it) until the resume.
	await expect(tablet.getByRole('radio')).toHaveCount(0);
	await expect(tablet.locator('legend')).toBeHidden();
	// A code typed wrong is refused.
	await typeCode(tablet, 'R12-ABCDEFG', { refused: true });
	await expect(tablet.getByText('Mã không hợp lệ cho phòng/ghế này.')).toBeVisible();
	await tablet.getByRole('dialog').getByRole('button', { name: 'Đóng' }).click();

	await proctor.getByRole('button', { name: 'Tiếp tục phòng' }).click();
	await expect(proctor.getByTestId('last-code')).toHaveAttribute('data-action', 'resume');
	await typeCode(tablet, await proctor.getByTestId('last-code').innerText());
	await expect(tablet.getByText('Giám thị đã tạm dừng bài thi.')).toHaveCount(0);
	await tablet.getByRole('button', { name: /^Câu 2\/30:/ }).click();
	await tablet.getByRole('radio').nth(1).click();
	await expect(tablet.getByRole('radio').nth(1)).toBeChecked();

	// The lock comes after the last answer by more than the tablet's clock may differ from
	// the room's (the start-time and pause codes keep it within a fraction of a second).
	await untilServerTime(request, (await serverNow(request)) + 1500);
	await proctor.getByRole('button', { name: 'Khóa phòng (thu bài)' }).click();
	const lockDialog = proctor.getByRole('dialog', { name: 'Khóa phòng và thu bài?' });
	// The tablet is offline: the dialog says so, and what to do for it.
	await expect(lockDialog).toContainText('Lúc này 1 máy đang mất kết nối');
	await expect(lockDialog).toContainText('Hãy đọc mã khóa phòng cho các máy đó.');
	await lockDialog.getByRole('button', { name: 'Khóa phòng ngay' }).click();
	await expect(proctor.getByTestId('last-code')).toHaveAttribute('data-action', 'lock');
	await typeCode(tablet, await proctor.getByTestId('last-code').innerText());
	await expect(tablet.getByRole('heading', { name: 'Bài đã được thu' })).toBeVisible();
	await expect(tablet.getByText('Bài làm đã được lưu trên thiết bị và đang chờ gửi.')).toBeVisible();

	// The organiser cannot finalise a room whose seat is not sent yet.
	const organiser = await staffPage(browser, baseURL!, ORGANISER);
	await organiser.goto('/admin/venue');
	const card = organiser.locator('.card').filter({ hasText: 'Phòng dự bị' });
	await card.getByRole('button', { name: 'Chốt phòng thi' }).click();
	await expect(organiser.getByRole('alert')).toContainText('Chưa thể chốt: Ghế 1');

	// The tablet's network does not come back: its sealed log goes to the proctor as a file.
	// The export is in proctor mode, opened with the tablet's proctor-mode code from the console.
	const unlock = await withDb(SHARED_DB, async (db) => {
		const d = await db
			.selectFrom('device')
			.select('id')
			.where('room_id', '=', ROOM)
			.executeTakeFirstOrThrow();
		const v = await db
			.selectFrom('venue_room')
			.select('code_key')
			.where('room_id', '=', ROOM)
			.executeTakeFirstOrThrow();
		return proctorModeCode(v, d.id);
	});
	await tablet.getByLabel('Mã chế độ giám thị của máy').fill(unlock);
	await tablet.getByRole('button', { name: 'Mở chế độ giám thị' }).click();
	await expect(tablet.getByTestId('wipe-status')).toHaveText(/^Chưa thể xóa: còn \d+ mục chưa gửi/, {
		timeout: 15_000
	});
	const exported = tablet.waitForEvent('download');
	await tablet.getByRole('button', { name: 'Xuất nhật ký (khi không có mạng)' }).click();
	const logFile = await (await exported).path();
	await proctor.getByLabel('Nạp nhật ký từ máy mất mạng').setInputFiles(logFile);
	await expect(proctor.getByText('Đã nạp 2 câu trả lời mới.')).toBeVisible();
	await expect(proctor.locator('tr[data-seat="Ghế 1"]').getByTestId('answered')).toHaveText('2/30');

	// The network returns after all: nothing is stored twice, and everything counts.
	await tablet.getByRole('button', { name: 'Đóng chế độ giám thị' }).click();
	await tabletCtx.setOffline(false);
	await expect(tablet.getByRole('region', { name: 'Biên nhận bài thi' })).toBeVisible({ timeout: 30_000 });
	const row = await withDb(SHARED_DB, (db) =>
		db
			.selectFrom('attempt')
			.innerJoin('finalist', 'finalist.attempt_id', 'attempt.id')
			.select([
				'attempt.id',
				'attempt.status',
				'attempt.submit_reason',
				'attempt.started_at',
				'attempt.answered'
			])
			.where('finalist.sbd', '=', sbd)
			.executeTakeFirstOrThrow()
	);
	expect([row.status, row.submit_reason, row.answered]).toEqual(['locked', 'lock', 2]);
	const events = await withDb(SHARED_DB, (db) =>
		db
			.selectFrom('answer_event')
			.select(['counts', 'reason', 'elapsed_ms'])
			.where('attempt_id', '=', row.id)
			.orderBy('seq')
			.execute()
	);
	expect(
		events.map((e) => [e.counts, e.reason]),
		JSON.stringify(events)
	).toEqual([
		[1, null],
		[1, null]
	]);
	// The organiser's dispute view lists what reached the server after the lock from a tablet
	// that was offline at it (judged by its active time), for review: the 2 answers above.
	const { round_id: roundId } = await withDb(SHARED_DB, (db) =>
		db.selectFrom('attempt').select('round_id').where('id', '=', row.id).executeTakeFirstOrThrow()
	);
	await organiser.goto(`/admin/results/${roundId}/attempts/${row.id}`);
	await expect(organiser.getByTestId('to-review')).toHaveText(
		'2 câu trả lời từ máy đến sau khi khóa phòng — cần xem xét'
	);
	await organiser.goto('/admin/venue');
	await expect(proctor.getByRole('table', { name: 'Thiết bị' }).getByTestId('all-sent')).toHaveCount(1, {
		timeout: 20_000
	});

	// The room's minutes and results, as a spreadsheet: a download, not a page the client router
	// looks for first (it logged "Not found: /proctor/rooms/…/export" before the file came).
	const errors: string[] = [];
	proctor.on('console', (m) => {
		if (m.type() === 'error') errors.push(m.text());
	});
	const download = proctor.waitForEvent('download');
	await proctor.getByRole('link', { name: 'Tải biên bản và kết quả (.xlsx)' }).click();
	const file = await (await download).path();
	expect(errors.filter((e) => e.includes('/export'))).toEqual([]);
	const book = new ExcelJS.Workbook();
	await book.xlsx.readFile(file);
	const minutes = book.getWorksheet('Biên bản')!;
	expect(minutes.getCell('B3').value).toBe('Phòng dự bị');
	const text = minutes.getSheetValues().flat().join(' ');
	// Labels, not stored codes (issue 13).
	expect(text).toContain('Bắt đầu phòng thi');
	expect(text).toContain('Khóa phòng (thu bài)');
	expect(text).not.toContain('room.');
	const results = book.getWorksheet('Kết quả')!;
	expect(results.getRow(2).getCell(2).value).toBe(sbd);
	expect(results.getRow(2).getCell(5).value).toBe('Đã thu bài');

	await card.getByRole('button', { name: 'Chốt phòng thi' }).click();
	await expect(organiser.locator('.notice')).toContainText('Đã chốt phòng thi');
});

test('a proctor cannot act on a room that is not theirs', async ({ request }) => {
	await withDb(SHARED_DB, async (db) => {
		const organiser = (
			await db.selectFrom('app_user').select('id').where('role', '=', 'organiser').executeTakeFirstOrThrow()
		).id;
		await createStaff(
			db,
			{ role: 'proctor', fullName: 'Giám Thị Phòng Khác', phone: '0933111222', password: 'GiamThi2026' },
			organiser
		);
	});
	const res = await request.post('/api/session', { data: { login: '0933111222', password: 'GiamThi2026' } });
	expect(res.status()).toBe(200);
	const act = await request.post('/api/proctor/rooms/room-1/actions', { data: { action: 'pause' } });
	expect(act.status()).toBe(403);
	expect((await request.get('/api/proctor/rooms/room-1')).status()).toBe(403);
	expect((await request.get('/proctor/rooms/room-1', { maxRedirects: 0 })).status()).toBe(403);
	const page = await request.get('/proctor');
	expect(await page.text()).toContain('Bạn chưa được phân công phòng thi nào.');
});
