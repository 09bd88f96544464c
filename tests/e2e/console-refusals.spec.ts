// The console says, in Vietnamese, why the server refused a proctor's action on a seat: an
// extension beyond the attempt's duration, a move onto a spare already serving a finalist, a
// wipe of a tablet serving an exam still open. The console offers a move or a wipe only where the
// server would accept it (console-offers.spec.ts), so the last two are pressed on an offer the room
// outran between two polls. Nothing refused is done. Tablets are simulated through the venue's
// HTTP API; the console is the real page, at tablet size and at 390 px.
import { expect, test, type Page, type Route } from '@playwright/test';
import { registerCandidate, SHARED_DB, withDb } from './support/fixtures';
import { confirmDialog, PROCTOR, seatFinalists, showEnrolCode, signInStaff } from './support/hall';
import { simTablet } from './support/sim-tablet';

test.describe.configure({ timeout: 120_000 });
test.use({ viewport: { width: 1024, height: 768 } });

const ROOM = 'room-refusals';
const SEATS = ['Ghế 1', 'Ghế 2'];
/**
 * Holds the console's polls of the grid until released: the console goes on showing the room as
 * it was, as when the room changes between two polls (another proctor's console, a tablet).
 */
async function freezeGrid(page: Page) {
	const url = `**/api/proctor/rooms/${ROOM}`;
	const held: Route[] = [];
	const hold = (route: Route) => void held.push(route);
	await page.route(url, hold);
	return async () => {
		await page.unroute(url, hold);
		for (const r of held) await r.continue().catch(() => {});
	};
}

/** The console's next proctor action, answered. */
const actionAnswered = (page: Page) =>
	page.waitForResponse((r) => r.url().endsWith(`/api/proctor/rooms/${ROOM}/actions`));

const row = (page: Page, seat: string) => page.locator(`tr[data-seat="${seat}"]`);

test('the console says why an extension, a move or a wipe was refused, and nothing is done', async ({
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
		name: 'Phòng từ chối',
		people,
		durationS: 600,
		opensAt: Date.now() - 3_600_000,
		closesAt: Date.now() + 86_400_000,
		seatLabels: SEATS
	});
	await signInStaff(proctor, PROCTOR);
	const code = await showEnrolCode(proctor, ROOM);
	const t1 = await simTablet(request, code, 'Máy A');
	const t2 = await simTablet(request, code, 'Máy B');
	const spare = await simTablet(request, code, 'Máy dự phòng S');
	for (const [t, seat] of [
		[t1, `${ROOM}-s1`],
		[t2, `${ROOM}-s2`],
		[spare, '']
	] as const) {
		const item = proctor.locator('.pending li').filter({ hasText: t.label });
		await item.getByRole('combobox').selectOption(seat);
		await item.getByRole('button', { name: 'Duyệt và xếp vào' }).click();
		await expect(item).toHaveCount(0);
	}
	await t1.beat({ signedIn: { finalistId: finalists[0].id, at: Date.now() } });
	await t2.beat({ signedIn: { finalistId: finalists[1].id, at: Date.now() } });
	const refused = proctor.getByTestId('refused');

	// The console offers the wipe before the start; the room starts before its next poll (by
	// another console): the server says the tablet serves an open exam, move the finalist first.
	await expect(row(proctor, 'Ghế 2').getByRole('button', { name: 'Cho phép xóa máy' })).toBeVisible();
	let release = await freezeGrid(proctor);
	const started = await proctor.request.post(`/api/proctor/rooms/${ROOM}/actions`, {
		data: { action: 'start' },
		headers: { origin: baseURL! }
	});
	expect(started.status(), await started.text()).toBe(200);
	await row(proctor, 'Ghế 2').getByRole('button', { name: 'Cho phép xóa máy' }).click();
	await confirmDialog(proctor, 'Cho phép xóa máy');
	await expect(refused).toHaveText(
		`Chưa thể cho phép xóa máy B: máy đang phục vụ thí sinh ${finalists[1].sbd}, bài thi chưa kết thúc. Nếu máy hỏng, hãy chuyển thí sinh sang máy dự phòng trước.`
	);
	await proctor.screenshot({ path: testInfo.outputPath('refused-wipe-1024.png'), fullPage: true });
	await release();
	await expect(proctor.getByTestId('room-status')).toHaveText('Đang thi');
	// Once the console has read the start, it no longer offers that wipe.
	await expect(row(proctor, 'Ghế 2').getByRole('button', { name: 'Cho phép xóa máy' })).toHaveCount(0);

	// An extension beyond the attempt's duration (10 minutes) in all.
	// Outside 1–60 whole minutes there is nothing to ask (it was refused as an invalid body).
	for (const bad of ['0', '61', '2.5']) {
		await row(proctor, 'Ghế 1').getByRole('spinbutton').fill(bad);
		await expect(row(proctor, 'Ghế 1').getByRole('button', { name: 'Gia hạn' }), bad).toBeDisabled();
	}
	await row(proctor, 'Ghế 1').getByRole('spinbutton').fill('11');
	await row(proctor, 'Ghế 1').getByRole('button', { name: 'Gia hạn' }).click();
	await confirmDialog(proctor, 'Gia hạn 11 phút');
	await expect(refused).toHaveText(
		'Mỗi bài thi được gia hạn tổng cộng tối đa 10 phút (bằng thời gian làm bài); ghế này chỉ còn được gia hạn thêm 10 phút. Nếu cả phòng phải dừng, hãy tạm dừng phòng.'
	);
	// Said beside the row's buttons too (the page's alert may be a screen above them).
	await expect(row(proctor, 'Ghế 1').getByTestId('row-refused')).toHaveText(await refused.innerText());
	await expect(proctor.getByTestId('row-refused')).toHaveCount(1);
	await proctor.screenshot({ path: testInfo.outputPath('refused-extension-1024.png'), fullPage: true });

	// Both seats are offered the spare; Ghế 1's finalist moves to it, and Ghế 2's move, pressed
	// before the console's next poll, is refused: the spare serves an open exam now.
	release = await freezeGrid(proctor);
	await row(proctor, 'Ghế 1').getByRole('combobox').selectOption({ label: spare.label });
	await row(proctor, 'Ghế 2').getByRole('combobox').selectOption({ label: spare.label });
	const moved = actionAnswered(proctor);
	await row(proctor, 'Ghế 1').getByRole('button', { name: 'Chuyển sang máy' }).click();
	await confirmDialog(proctor, /^Chuyển sang máy /);
	expect((await moved).status()).toBe(200);
	await row(proctor, 'Ghế 2').getByRole('button', { name: 'Chuyển sang máy' }).click();
	await confirmDialog(proctor, /^Chuyển sang máy /);
	await expect(refused).toHaveText(
		`Máy dự phòng S đang phục vụ thí sinh ${finalists[0].sbd}, bài thi chưa kết thúc: không thể chuyển thêm thí sinh sang máy này. Hãy chọn máy dự phòng khác.`
	);
	// Beside Ghế 2's buttons, and no longer beside Ghế 1's (its move went through).
	await expect(row(proctor, 'Ghế 2').getByTestId('row-refused')).toHaveText(await refused.innerText());
	await expect(proctor.getByTestId('row-refused')).toHaveCount(1);
	await proctor.screenshot({ path: testInfo.outputPath('refused-move-1024.png'), fullPage: true });
	await release();
	await expect(row(proctor, 'Ghế 1')).toContainText(spare.label);
	await expect(row(proctor, 'Ghế 2')).toContainText('Máy B');
	await expect(row(proctor, 'Ghế 2').locator('select option:not([value=""])')).toHaveCount(0);
	await proctor.setViewportSize({ width: 390, height: 844 });
	await expect(refused).toBeVisible();
	await refused.scrollIntoViewIfNeeded();
	await proctor.screenshot({ path: testInfo.outputPath('refused-move-390.png') });

	// Nothing refused was done: Ghế 2's tablet still serves it, Ghế 1's extension is none.
	const state = await withDb(SHARED_DB, async (db) => ({
		devices: await db
			.selectFrom('device')
			.select(['label', 'status', 'seat_id'])
			.where('room_id', '=', ROOM)
			.orderBy('label')
			.execute(),
		extensions: await db
			.selectFrom('attempt')
			.innerJoin('finalist', 'finalist.attempt_id', 'attempt.id')
			.select('attempt.extension_ms')
			.where('finalist.room_id', '=', ROOM)
			.execute(),
		moved: await db
			.selectFrom('finalist')
			.select(['sbd', 'device_id'])
			.where('room_id', '=', ROOM)
			.orderBy('sbd')
			.execute()
	}));
	expect(state.devices).toEqual([
		{ label: 'Máy A', status: 'approved', seat_id: `${ROOM}-s1` },
		{ label: 'Máy B', status: 'approved', seat_id: `${ROOM}-s2` },
		{ label: spare.label, status: 'approved', seat_id: null }
	]);
	expect(state.extensions).toEqual([{ extension_ms: 0 }, { extension_ms: 0 }]);
	expect(state.moved.map((f) => f.device_id)).toEqual([spare.deviceId, t2.deviceId]);

	// The room locked, as a sitting ends: the specs after this one read the final as held.
	const locked = await proctor.request.post(`/api/proctor/rooms/${ROOM}/actions`, {
		data: { action: 'lock' },
		headers: { origin: baseURL! }
	});
	expect(locked.status(), await locked.text()).toBe(200);
	for (const t of [t1, t2, spare]) await t.stop();
	await withDb(SHARED_DB, (db) => db.updateTable('round').set(window).where('id', '=', 'final').execute());
});
