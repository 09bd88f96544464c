// A seat extended twice by the same minutes while its tablet is offline: the console gives
// two different codes, and the tablet given both (out of order, one of them twice) counts
// down to the deadline the server counts, neither short of it nor past it.
import { expect, test } from '@playwright/test';
import { registerCandidate, SHARED_DB, withDb } from './support/fixtures';
import {
	approveTablet,
	enrolTablet,
	expectTabletReady,
	confirmDialog,
	PROCTOR,
	seatFinalists,
	showEnrolCode,
	signInFinalist,
	staffPage,
	typeCode
} from './support/hall';

test.describe.configure({ timeout: 180_000 });

const ROOM = 'room-extend';
const SEAT = `${ROOM}-s1`;
const DURATION_S = 300;
/** What the proctor asks for, each time. */
const MINUTES = 2;

const seconds = (text: string) => Number(text.slice(0, 2)) * 60 + Number(text.slice(3));

test('two extensions of the same length typed on an offline tablet give it the server’s deadline', async ({
	browser,
	request,
	baseURL
}) => {
	const who = await registerCandidate(request);
	const [{ sbd, pin }] = await seatFinalists({
		room: ROOM,
		name: 'Phòng gia hạn',
		people: [who],
		durationS: DURATION_S,
		opensAt: Date.now() - 3_600_000,
		closesAt: Date.now() + 86_400_000
	});
	const proctor = await staffPage(browser, baseURL!, PROCTOR);
	const code = await showEnrolCode(proctor, ROOM);
	const { context: tabletCtx, page: tablet } = await enrolTablet(browser, baseURL!, code, 'Máy gia hạn');
	await approveTablet(proctor, 'Máy gia hạn', SEAT);
	await expectTabletReady(tablet, 1);
	await signInFinalist(tablet, sbd, pin);

	// Offline from before Start to the end: everything reaches the tablet by code.
	await tabletCtx.setOffline(true);
	await proctor.getByRole('button', { name: 'Bắt đầu', exact: true }).click();
	await proctor.getByRole('dialog').getByRole('button', { name: 'Bắt đầu ngay' }).click();
	const startCode = (await proctor.getByTestId('start-code').innerText()).trim();
	const startTimeCode = (await proctor.getByTestId('start-time-code').innerText()).trim();
	await tablet.getByLabel('Mã bắt đầu').fill(startCode);
	await tablet.getByLabel('Mã giờ bắt đầu').fill(startTimeCode);
	await tablet.getByRole('button', { name: 'Bắt đầu bằng mã' }).click();
	await expect(tablet.getByRole('heading', { name: /^Câu 1\/30$/ })).toBeVisible({ timeout: 20_000 });

	// The proctor extends the seat twice by the same minutes.
	const seat = proctor.locator('tr[data-seat="Ghế 1"]');
	const extends_ = proctor.getByTestId('codes').locator('tr[data-action="extend"]');
	for (const n of [1, 2]) {
		await seat.getByLabel(/^Số phút gia hạn cho /).fill(String(MINUTES));
		await seat.getByRole('button', { name: 'Gia hạn' }).click();
		await confirmDialog(proctor, /^Gia hạn \d+ phút$/);
		await expect(extends_).toHaveCount(n);
	}
	// Newest first.
	const [second, first] = (await extends_.locator('code').allInnerTexts()).map((c) => c.trim());
	expect(first).not.toBe(second);

	// The server's deadline: the room's start, the duration and both extensions (no pause).
	const server = await withDb(SHARED_DB, async (db) => {
		const a = await db
			.selectFrom('attempt')
			.innerJoin('finalist', 'finalist.attempt_id', 'attempt.id')
			.selectAll('attempt')
			.where('finalist.seat_id', '=', SEAT)
			.executeTakeFirstOrThrow();
		return {
			startedAt: a.started_at!,
			deadline: a.started_at! + a.duration_ms + a.extension_ms + a.paused_ms
		};
	});
	const deadline = server.startedAt + (DURATION_S + 2 * MINUTES * 60) * 1000;
	expect(server.deadline).toBe(deadline);

	// The tablet hears of them out of order, one twice.
	for (const c of [second, first, second]) await typeCode(tablet, c);
	await expect
		.poll(
			async () =>
				Math.abs(seconds(await tablet.getByTestId('countdown').innerText()) - (deadline - Date.now()) / 1000),
			{ message: 'the tablet’s countdown against the server’s deadline', timeout: 15_000 }
		)
		.toBeLessThanOrEqual(1.5);
	await tabletCtx.close();
});
