// The console offers only what the server will do: "Cho phép xóa máy" where a wipe would be
// accepted (not for a tablet whose finalist was declared lost while their exam is open on it),
// "Chuyển sang máy" only to spares serving no open exam, and the wipe of a tablet whose
// finalist was moved to a spare — in the tablets' table, once it has sent everything. Tablets
// are simulated through the venue's HTTP API; the console is the real page, at tablet size and
// at 390 px.
import { expect, test, type Page } from '@playwright/test';
import { registerCandidate, SHARED_DB, withDb } from './support/fixtures';
import { confirmDialog, PROCTOR, seatFinalists, showEnrolCode, signInStaff } from './support/hall';
import { simTablet } from './support/sim-tablet';

test.describe.configure({ timeout: 120_000 });
test.use({ viewport: { width: 1024, height: 768 } });

const ROOM = 'room-offers';
const WIPE = 'Cho phép xóa máy';

const row = (page: Page, seat: string) => page.locator(`tr[data-seat="${seat}"]`);
const tablets = (page: Page) => page.getByRole('table', { name: 'Thiết bị' });
const tabletRow = (page: Page, label: string) =>
	tablets(page)
		.getByRole('row')
		.filter({ has: page.getByRole('rowheader', { name: label, exact: true }) });
/** The spares a seat's "move to" list offers, by label. */
const moveOffers = (page: Page, seat: string) => row(page, seat).locator('select option:not([value=""])');

test('the console offers a wipe or a move only where the server accepts it, and the wipe of a tablet left by a move', async ({
	page: proctor,
	request,
	baseURL
}, testInfo) => {
	const people = [await registerCandidate(request), await registerCandidate(request)];
	const window = await withDb(SHARED_DB, (db) =>
		db
			.selectFrom('round')
			.select(['opens_at', 'closes_at'])
			.where('id', '=', 'final')
			.executeTakeFirstOrThrow()
	);
	const finalists = await seatFinalists({
		room: ROOM,
		name: 'Phòng đề nghị',
		people,
		durationS: 600,
		opensAt: Date.now() - 3_600_000,
		closesAt: Date.now() + 86_400_000,
		seatLabels: ['Ghế 1', 'Ghế 2']
	});
	await signInStaff(proctor, PROCTOR);
	const code = await showEnrolCode(proctor, ROOM);
	const a = await simTablet(request, code, 'Máy A');
	const b = await simTablet(request, code, 'Máy B');
	const s = await simTablet(request, code, 'Máy dự phòng S');
	const r = await simTablet(request, code, 'Máy dự phòng R');
	for (const [t, seat] of [
		[a, `${ROOM}-s1`],
		[b, `${ROOM}-s2`],
		[s, ''],
		[r, '']
	] as const) {
		const item = proctor.locator('.pending li').filter({ hasText: t.label });
		await item.getByRole('combobox').selectOption(seat);
		await item.getByRole('button', { name: 'Duyệt và xếp vào' }).click();
		await expect(item).toHaveCount(0);
	}

	// Before the start every tablet may be wiped: seated ones from their seat, spares from the
	// tablets' table (no seat row shows them). Both spares are offered to either seat.
	for (const seat of ['Ghế 1', 'Ghế 2']) {
		await expect(row(proctor, seat).getByRole('button', { name: WIPE })).toHaveCount(1);
		await expect(moveOffers(proctor, seat)).toHaveText([s.label, r.label]);
	}
	for (const t of [s, r])
		await expect(tabletRow(proctor, t.label).getByRole('button', { name: WIPE })).toHaveCount(1);
	for (const t of [a, b])
		await expect(tabletRow(proctor, t.label).getByRole('button', { name: WIPE })).toHaveCount(0);

	await a.beat({ signedIn: { finalistId: finalists[0].id, at: Date.now() } });
	await b.beat({ signedIn: { finalistId: finalists[1].id, at: Date.now() } });
	await proctor.getByRole('button', { name: 'Bắt đầu', exact: true }).click();
	await proctor
		.getByRole('dialog', { name: 'Bắt đầu bài thi?' })
		.getByRole('button', { name: 'Bắt đầu ngay' })
		.click();
	await expect(proctor.getByTestId('room-status')).toHaveText('Đang thi');

	// Running: no tablet in an exam is offered a wipe; the spares, which report nothing unsent, are.
	for (const t of [s, r]) {
		await expect(tabletRow(proctor, t.label)).toContainText('Đã gửi hết — có thể xóa máy');
		await expect(tabletRow(proctor, t.label).getByRole('button', { name: WIPE })).toHaveCount(1);
	}
	for (const seat of ['Ghế 1', 'Ghế 2'])
		await expect(row(proctor, seat).getByRole('button', { name: WIPE })).toHaveCount(0);

	// Ghế 1's finalist moves to S: S is then offered to nobody (it serves an open exam).
	await row(proctor, 'Ghế 1').getByRole('combobox').selectOption({ label: s.label });
	await row(proctor, 'Ghế 1').getByRole('button', { name: 'Chuyển sang máy' }).click();
	// The dialog says the noun once: S is labelled "Máy dự phòng S" (it said "sang máy Máy dự phòng S").
	const move = proctor.getByRole('dialog', {
		name: `Chuyển Ghế 1, SBD ${finalists[0].sbd} sang máy dự phòng S?`
	});
	await expect(move).toContainText(
		'Thí sinh làm tiếp trên máy dự phòng S với các câu trả lời máy chủ đã nhận.'
	);
	await expect(move.getByRole('button', { name: 'Chuyển sang máy dự phòng S', exact: true })).toBeVisible();
	await confirmDialog(proctor, /^Chuyển sang máy /);
	await expect(row(proctor, 'Ghế 1')).toContainText(s.label);
	await expect(moveOffers(proctor, 'Ghế 2')).toHaveText([r.label]);
	await expect(moveOffers(proctor, 'Ghế 1')).toHaveText([r.label]);
	// S, chosen in Ghế 1's list, is chosen no more: nothing to press.
	await expect(row(proctor, 'Ghế 1').getByRole('combobox')).toHaveValue('');
	await expect(row(proctor, 'Ghế 1').getByRole('button', { name: 'Chuyển sang máy' })).toBeDisabled();
	await expect(tabletRow(proctor, s.label).getByRole('button', { name: WIPE })).toHaveCount(0);
	// The tablets' table names the seat S now serves, not "Máy dự phòng"; R is still a spare.
	await expect(tabletRow(proctor, s.label).getByRole('cell').nth(0)).toHaveText('Ghế 1');
	await expect(tabletRow(proctor, r.label).getByRole('cell').nth(0)).toHaveText('Máy dự phòng');

	// Ghế 2's finalist declared lost, their exam still open on B: still no wipe of B. The loss
	// asks first, saying what it gives up; Hủy leaves the seat as it was.
	await row(proctor, 'Ghế 2').getByRole('button', { name: 'Khai báo mất' }).click();
	const ask = proctor.getByRole('dialog', { name: /^Khai báo mất dữ liệu của Ghế 2, SBD \S+\?$/ });
	await expect(ask).toContainText('Câu trả lời còn trên máy đó mà máy chủ chưa nhận sẽ bị bỏ');
	await ask.getByRole('button', { name: 'Hủy' }).click();
	await expect(ask).toBeHidden();
	// Not declared: the button is still offered, the focus back on it.
	await expect(row(proctor, 'Ghế 2').getByRole('button', { name: 'Khai báo mất' })).toBeFocused();
	await row(proctor, 'Ghế 2').getByRole('button', { name: 'Khai báo mất' }).click();
	await confirmDialog(proctor, 'Khai báo mất');
	await expect(row(proctor, 'Ghế 2').getByRole('button', { name: 'Khai báo mất' })).toHaveCount(0);
	// Its button gone, the focus is on the seat's row, not lost to the page.
	await expect(row(proctor, 'Ghế 2').getByRole('rowheader')).toBeFocused();
	await expect(row(proctor, 'Ghế 2').getByRole('button', { name: WIPE })).toHaveCount(0);
	await expect(proctor.getByTestId('refused')).toHaveCount(0);

	// A, left by Ghế 1's finalist, shows in the tablets' table: not wiped while the exam it holds
	// is open.
	const left = tabletRow(proctor, a.label);
	await expect(left).toContainText('Ghế 1 — thí sinh đã chuyển sang máy khác');
	await expect(left).toContainText('Chưa xác nhận gửi hết');
	await expect(left.getByRole('button', { name: WIPE })).toHaveCount(0);
	await proctor.screenshot({ path: testInfo.outputPath('offers-moved-1024.png'), fullPage: true });

	// The finalist submits on S; A reports after that with nothing unsent: A may be wiped, from
	// its row in the tablets' table, and so may S, from Ghế 1's row.
	const attemptId = await withDb(
		SHARED_DB,
		async (db) =>
			(
				await db
					.selectFrom('finalist')
					.select('attempt_id')
					.where('id', '=', finalists[0].id)
					.executeTakeFirstOrThrow()
			).attempt_id!
	);
	const submitted = await request.post(`/api/attempts/${attemptId}/submit`, {
		headers: { authorization: `Bearer ${s.token}` },
		data: { deviceId: s.deviceId, lastSeq: 0, reason: 'candidate' }
	});
	expect(submitted.status(), await submitted.text()).toBe(200);
	await expect(left).toContainText('Đã gửi hết — có thể xóa máy');
	await expect(left.getByRole('button', { name: WIPE })).toHaveCount(1);
	await expect(row(proctor, 'Ghế 1').getByRole('button', { name: WIPE })).toHaveCount(1);
	await proctor.screenshot({ path: testInfo.outputPath('offers-left-1024.png'), fullPage: true });
	await proctor.setViewportSize({ width: 390, height: 844 });
	await left.scrollIntoViewIfNeeded();
	await proctor.screenshot({ path: testInfo.outputPath('offers-left-390.png') });
	await proctor.setViewportSize({ width: 1024, height: 768 });

	await left.getByRole('button', { name: WIPE }).click();
	await confirmDialog(proctor, WIPE);
	await expect(left).toContainText('Đã cho phép xóa máy');
	await expect(left.getByRole('button', { name: WIPE })).toHaveCount(0);
	await expect(proctor.getByTestId('refused')).toHaveCount(0);
	const wiped = await withDb(SHARED_DB, (db) =>
		db.selectFrom('device').select('status').where('id', '=', a.deviceId).executeTakeFirstOrThrow()
	);
	expect(wiped.status).toBe('wiped');

	// The room locked, as a sitting ends: the specs after this one read the final as held.
	const locked = await proctor.request.post(`/api/proctor/rooms/${ROOM}/actions`, {
		data: { action: 'lock' },
		headers: { origin: baseURL! }
	});
	expect(locked.status(), await locked.text()).toBe(200);
	for (const t of [a, b, s, r]) await t.stop();
	await withDb(SHARED_DB, (db) => db.updateTable('round').set(window).where('id', '=', 'final').execute());
});
