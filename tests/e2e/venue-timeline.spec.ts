// The room's timeline, whatever way a tablet hears the news (issue 10, points 6 and 7): a
// finalist moved to the spare after about a minute, the spare offline for the last seconds
// before the lock, and a tablet offline from before Start that is started, paused and
// resumed by codes typed late. Each tablet's countdown is compared with the room's, and the
// answers that count are exactly those the test clicked before the lock.
//
// Time here is the server's: the test waits for the server's clock (GET /api/time) to reach
// a moment, never for a fixed while.
import { expect, test, type Page } from '@playwright/test';
import { registerCandidate, SHARED_DB, withDb } from './support/fixtures';
import {
	answer,
	approveTablet,
	enrolTablet,
	expectTabletReady,
	confirmDialog,
	PROCTOR,
	seatFinalists,
	showEnrolCode,
	signInFinalist,
	staffPage,
	type Tablet,
	typeCode
} from './support/hall';
import { serverNow, untilServerTime } from './support/server-clock';
import { roomRemainingMs, seconds } from './support/room-time';
import type { Paper } from '../../src/lib/exam/paper';

test.describe.configure({ timeout: 360_000 });

const ROOM = 'room-time';
const SEATS = [`${ROOM}-s1`, `${ROOM}-s2`, `${ROOM}-s3`];
const LABELS = ['Máy T1', 'Máy T2', 'Máy T3', 'Máy dự phòng T'];

const until = untilServerTime;

/** The tablet's countdown agrees with the room's (the display rounds up to whole seconds). */
async function expectOnRoomTime(page: Page, attemptId: string, what: string) {
	await expect
		.poll(
			async () => {
				const shown = seconds(await page.getByTestId('countdown').innerText());
				const room = (await roomRemainingMs(ROOM, attemptId, Date.now())) / 1000;
				return Math.abs(shown - room);
			},
			{ message: what, timeout: 15_000 }
		)
		.toBeLessThanOrEqual(1.5);
}

test('a move after a minute, a spare offline before the lock, a tablet run by codes typed late', async ({
	browser,
	request,
	baseURL
}) => {
	const who: Awaited<ReturnType<typeof registerCandidate>>[] = [];
	for (let i = 0; i < 3; i++) who.push(await registerCandidate(request));
	const seated = await seatFinalists({
		room: ROOM,
		name: 'Phòng giờ',
		people: who,
		durationS: 600,
		opensAt: Date.now() - 3_600_000,
		closesAt: Date.now() + 86_400_000
	});

	const proctor = await staffPage(browser, baseURL!, PROCTOR);
	const code = await showEnrolCode(proctor, ROOM);

	// Seats 1–3 and a spare, 1024×768 tablets.
	const tablets: Tablet[] = [];
	for (const label of LABELS)
		tablets.push(await enrolTablet(browser, baseURL!, code, label, { width: 1024, height: 768 }));
	for (let i = 0; i < 4; i++) await approveTablet(proctor, LABELS[i], SEATS[i]);
	for (const t of tablets) await expectTabletReady(t.page, 3);
	const [A, B, C] = tablets.map((t) => t.page);
	const spare = tablets[3].page;
	for (let i = 0; i < 3; i++) await signInFinalist(tablets[i].page, seated[i].sbd, seated[i].pin);
	const attempts = await withDb(SHARED_DB, (db) =>
		db
			.selectFrom('finalist')
			.innerJoin('attempt_paper', 'attempt_paper.attempt_id', 'finalist.attempt_id')
			.select(['attempt_paper.attempt_id as id', 'attempt_paper.paper', 'finalist.seat_id'])
			.where('finalist.room_id', '=', ROOM)
			.orderBy('finalist.seat_id')
			.execute()
	);
	const questionIds = attempts.map((a) => (JSON.parse(a.paper) as Paper).questions.map((q) => q.id));

	// Tablet C loses the network before Start, for good.
	await tablets[2].context.setOffline(true);

	await proctor.getByRole('button', { name: 'Bắt đầu', exact: true }).click();
	// Bắt đầu asks first (issue 13): confirm in the dialog.
	await proctor.getByRole('dialog').getByRole('button', { name: 'Bắt đầu ngay' }).click();
	await expect(proctor.getByTestId('start-time-code')).toBeVisible({ timeout: 10_000 });
	const startCode = (await proctor.getByTestId('start-code').innerText()).trim();
	const startTimeCode = (await proctor.getByTestId('start-time-code').innerText()).trim();
	const S = await withDb(
		SHARED_DB,
		async (db) =>
			(
				await db
					.selectFrom('venue_room')
					.select('started_at')
					.where('room_id', '=', ROOM)
					.executeTakeFirstOrThrow()
			).started_at!
	);
	for (const p of [A, B]) await expect(p.getByRole('heading', { name: /^Câu 1\/30$/ })).toBeVisible();
	await answer(A, 1, 1);

	// C: the start code is typed 20 s late (within the minute that counts as on time).
	await until(request, S + 20_000);
	await C.getByLabel('Mã bắt đầu').fill(startCode);
	await C.getByLabel('Mã giờ bắt đầu').fill(startTimeCode);
	await C.getByRole('button', { name: 'Bắt đầu bằng mã' }).click();
	await expect(C.getByRole('heading', { name: /^Câu 1\/30$/ })).toBeVisible({ timeout: 30_000 });
	await expectOnRoomTime(C, attempts[2].id, 'C, started by code 20 s late');

	// A room pause; C hears of it by code 8 s later, and of the resume 8 s late too.
	await until(request, S + 30_000);
	await proctor.getByRole('button', { name: 'Tạm dừng phòng' }).click();
	await expect(proctor.getByTestId('last-code')).toHaveAttribute('data-action', 'pause');
	const pauseCode = (await proctor.getByTestId('last-code').innerText()).trim();
	const P = await withDb(
		SHARED_DB,
		async (db) =>
			(await db.selectFrom('pause').select('from_at').where('room_id', '=', ROOM).executeTakeFirstOrThrow())
				.from_at
	);
	await expect(B.getByText('Giám thị đã tạm dừng bài thi.')).toBeVisible({ timeout: 10_000 });
	await until(request, P + 8_000);
	await typeCode(C, pauseCode);
	await expect(C.getByText('Giám thị đã tạm dừng bài thi.')).toBeVisible();
	await expectOnRoomTime(C, attempts[2].id, 'C, paused by a code typed 8 s late');
	await until(request, P + 12_000);
	await proctor.getByRole('button', { name: 'Tiếp tục phòng' }).click();
	await expect(proctor.getByTestId('last-code')).toHaveAttribute('data-action', 'resume');
	const resumeCode = (await proctor.getByTestId('last-code').innerText()).trim();
	const R = await withDb(
		SHARED_DB,
		async (db) =>
			(await db.selectFrom('pause').select('to_at').where('room_id', '=', ROOM).executeTakeFirstOrThrow())
				.to_at!
	);
	await until(request, R + 8_000);
	await typeCode(C, resumeCode);
	await expect(C.getByText('Giám thị đã tạm dừng bài thi.')).toHaveCount(0);
	await expectOnRoomTime(C, attempts[2].id, 'C, resumed by a code typed 8 s late');
	await expectOnRoomTime(B, attempts[1].id, 'B, online all along');
	await answer(C, 1, 2);

	// A's network goes; it answers once more, then the finalist moves to the spare after
	// about a minute of the exam.
	await tablets[0].context.setOffline(true);
	await answer(A, 2, 0);
	await until(request, S + (R - P) + 65_000);
	const row1 = proctor.locator('tr[data-seat="Ghế 1"]');
	await row1.getByRole('combobox', { name: 'Chọn máy dự phòng' }).selectOption({ label: LABELS[3] });
	await row1.getByRole('button', { name: 'Chuyển sang máy' }).click();
	await confirmDialog(proctor, /^Chuyển sang máy /);
	await expect(proctor.getByText(`Chuyển thí sinh ${seated[0].sbd} sang máy dự phòng T.`)).toBeVisible();
	await spare.getByLabel('Số báo danh').fill(seated[0].sbd);
	await spare.getByLabel('Mã PIN').fill(seated[0].pin);
	await spare.getByRole('button', { name: 'Đăng nhập' }).click();
	await expect(spare.getByRole('heading', { name: /^Câu 1\/30$/ })).toBeVisible({ timeout: 15_000 });
	await expectOnRoomTime(spare, attempts[0].id, 'the spare, after the move');
	await expectOnRoomTime(B, attempts[1].id, 'B, online all along');
	await expectOnRoomTime(C, attempts[2].id, 'C, offline all along');
	await answer(spare, 3, 3);
	await expect(spare.locator('[data-sync]')).toHaveAttribute('data-sync', 'saved', { timeout: 10_000 });
	// Signing in on the spare is no late start.
	const lateStarts = await withDb(SHARED_DB, (db) =>
		db
			.selectFrom('incident')
			.select('note')
			.where('room_id', '=', ROOM)
			.where('kind', '=', 'late_start')
			.execute()
	);
	expect(lateStarts).toEqual([]);
	await expect(proctor.getByText(/Bắt đầu muộn/)).toHaveCount(0);

	// The spare's network goes for the last seconds before the lock; both it and C answer
	// shortly before the lock, and again after it (before they hear of it).
	await tablets[3].context.setOffline(true);
	const offAt = await serverNow(request);
	await until(request, offAt + 5_000);
	await answer(spare, 4, 0);
	await answer(C, 2, 1);
	const lastBefore = await serverNow(request);
	await until(request, lastBefore + 2_500);
	await proctor.getByRole('button', { name: 'Khóa phòng (thu bài)' }).click();
	await proctor
		.getByRole('dialog', { name: 'Khóa phòng và thu bài?' })
		.getByRole('button', { name: 'Khóa phòng ngay' })
		.click();
	await expect(proctor.getByTestId('room-status')).toHaveText('Đã khóa', { timeout: 10_000 });
	await expect(proctor.getByTestId('last-code')).toHaveAttribute('data-action', 'lock');
	const lockCode = (await proctor.getByTestId('last-code').innerText()).trim();
	const L = await withDb(
		SHARED_DB,
		async (db) =>
			(
				await db
					.selectFrom('venue_room')
					.select('locked_at')
					.where('room_id', '=', ROOM)
					.executeTakeFirstOrThrow()
			).locked_at!
	);
	expect(lastBefore).toBeLessThan(L - 2000);
	await until(request, L + 2_500);
	await answer(spare, 5, 1);
	await answer(C, 3, 1);
	await typeCode(C, lockCode);
	await expect(C.getByRole('heading', { name: 'Bài đã được thu' })).toBeVisible();

	// Everyone back online: everything arrives.
	for (const t of tablets) await t.context.setOffline(false);
	for (const p of [C, spare])
		await expect(p.getByRole('region', { name: 'Biên nhận bài thi' })).toBeVisible({ timeout: 30_000 });
	// A, moved away, still delivers the answer it made offline before the move.
	await expect
		.poll(
			() =>
				withDb(SHARED_DB, async (db) =>
					Number(
						(
							await db
								.selectFrom('answer_event')
								.innerJoin('device', 'device.id', 'answer_event.device_id')
								.select((eb) => eb.fn.countAll().as('n'))
								.where('answer_event.attempt_id', '=', attempts[0].id)
								.where('device.label', '=', LABELS[0])
								.executeTakeFirstOrThrow()
						).n
					)
				),
			{ timeout: 30_000 }
		)
		.toBe(2);

	// What counts is what the test clicked before the lock, on whichever tablet.
	const expected = [
		{ counts: [1, 2, 3, 4], not: [5] }, // A then the spare
		{ counts: [], not: [] },
		{ counts: [1, 2], not: [3] } // C
	];
	for (const i of [0, 2]) {
		const rows = await withDb(SHARED_DB, (db) =>
			db
				.selectFrom('answer_event')
				.select(['question_id', 'counts', 'device_id', 'elapsed_ms', 'reason'])
				.where('attempt_id', '=', attempts[i].id)
				.execute()
		);
		const byQuestion = (n: number) => rows.filter((r) => r.question_id === questionIds[i][n - 1]);
		const detail = JSON.stringify(rows);
		for (const n of expected[i].counts)
			expect(
				byQuestion(n).map((r) => r.counts),
				`${i} Câu ${n} ${detail}`
			).toEqual([1]);
		for (const n of expected[i].not)
			expect(
				byQuestion(n).map((r) => r.counts),
				`${i} Câu ${n} ${detail}`
			).toEqual([0]);
	}
	const final = await withDb(SHARED_DB, (db) =>
		db
			.selectFrom('attempt')
			.select(['id', 'started_at'])
			.where('id', 'in', [attempts[0].id, attempts[2].id])
			.execute()
	);
	for (const a of final) expect(a.started_at).toBe(S);

	for (const t of tablets) await t.context.close();
	await proctor.context().close();
});
