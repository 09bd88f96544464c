// The console says, in Vietnamese, why the server refused a proctor's action on a seat: an
// extension beyond the attempt's duration, a move onto a spare already serving a finalist, a
// wipe of a tablet serving an exam still open. Nothing refused is done. Tablets are simulated
// through the venue's HTTP API; the console is the real page, at tablet size and at 390 px.
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { registerCandidate, SHARED_DB, withDb } from './support/fixtures';
import { PROCTOR, seatFinalists, showEnrolCode, signInStaff } from './support/hall';

test.describe.configure({ timeout: 120_000 });
test.use({ viewport: { width: 1024, height: 768 } });

const ROOM = 'room-refusals';
const SEATS = ['Ghế 1', 'Ghế 2'];
const READY = { appCached: true, papersCached: 2, clockOffsetMs: 5, persisted: true, freeBytes: 2e9 };

/** A tablet enrolled through the API, heartbeating until stopped. */
async function simTablet(request: APIRequestContext, code: string, label: string) {
	const res = await request.post('/api/venue/enrol', {
		data: { code, deviceId: `sim-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`, label }
	});
	expect(res.status(), await res.text()).toBe(201);
	const { deviceId, token } = (await res.json()) as { deviceId: string; token: string };
	let beating = true;
	const beat = (extra: Record<string, unknown> = {}) =>
		request.post('/api/venue/heartbeat', {
			headers: { authorization: `Bearer ${token}` },
			data: { readiness: READY, unsent: 0, lastSeqs: {}, ...extra }
		});
	const loop = (async () => {
		while (beating) {
			await beat();
			await new Promise((r) => setTimeout(r, 500));
		}
	})();
	return {
		deviceId,
		label,
		beat,
		async stop() {
			beating = false;
			await loop;
		}
	};
}

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
	await proctor.getByRole('button', { name: 'Bắt đầu', exact: true }).click();
	await proctor
		.getByRole('dialog', { name: 'Bắt đầu bài thi?' })
		.getByRole('button', { name: 'Bắt đầu ngay' })
		.click();
	await expect(proctor.getByTestId('room-status')).toHaveText('Đang thi');
	const refused = proctor.getByTestId('refused');

	// An extension beyond the attempt's duration (10 minutes) in all.
	await row(proctor, 'Ghế 1').getByLabel('phút').fill('11');
	await row(proctor, 'Ghế 1').getByRole('button', { name: 'Gia hạn' }).click();
	await expect(refused).toHaveText(
		'Mỗi bài thi được gia hạn tổng cộng tối đa 10 phút (bằng thời gian làm bài); ghế này chỉ còn được gia hạn thêm 10 phút. Nếu cả phòng phải dừng, hãy tạm dừng phòng.'
	);
	await proctor.screenshot({ path: testInfo.outputPath('refused-extension-1024.png'), fullPage: true });

	// Ghế 1's finalist moves to the spare; the spare is then no spare for Ghế 2's.
	await row(proctor, 'Ghế 1').getByRole('combobox').selectOption({ label: spare.label });
	await row(proctor, 'Ghế 1').getByRole('button', { name: 'Chuyển sang máy' }).click();
	await expect(refused).toHaveCount(0);
	await expect(row(proctor, 'Ghế 1')).toContainText(spare.label);
	await row(proctor, 'Ghế 2').getByRole('combobox').selectOption({ label: spare.label });
	await row(proctor, 'Ghế 2').getByRole('button', { name: 'Chuyển sang máy' }).click();
	await expect(refused).toHaveText(
		`Máy ${spare.label} đang phục vụ thí sinh ${finalists[0].sbd}, bài thi chưa kết thúc: không thể chuyển thêm thí sinh sang máy này. Hãy chọn máy dự phòng khác.`
	);
	await expect(row(proctor, 'Ghế 2')).toContainText('Máy B');
	await proctor.screenshot({ path: testInfo.outputPath('refused-move-1024.png'), fullPage: true });

	// Ghế 2's tablet is declared lost while its finalist's exam is open on it: the console offers
	// the wipe, and the server says to move the finalist first.
	await row(proctor, 'Ghế 2').getByRole('button', { name: 'Khai báo mất' }).click();
	await row(proctor, 'Ghế 2').getByRole('button', { name: 'Cho phép xóa máy' }).click();
	await expect(refused).toHaveText(
		`Chưa thể cho phép xóa máy Máy B: máy đang phục vụ thí sinh ${finalists[1].sbd}, bài thi chưa kết thúc. Nếu máy hỏng, hãy chuyển thí sinh sang máy dự phòng trước.`
	);
	await proctor.screenshot({ path: testInfo.outputPath('refused-wipe-1024.png'), fullPage: true });
	await proctor.setViewportSize({ width: 390, height: 844 });
	await expect(refused).toBeVisible();
	await proctor.screenshot({ path: testInfo.outputPath('refused-wipe-390.png') });

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
