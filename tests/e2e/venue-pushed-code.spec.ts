// A proctor's pause, resume, extension and lock reach a tablet's screen from the room's stream
// alone: the note carries the short code the proctor would read out, and the tablet applies it as
// if typed, without a heartbeat (in a hall every tablet heartbeating on the same note was a burst
// of a thousand requests). Here the tablet's heartbeats all fail while its stream stays up.
import { expect, test, type Page } from '@playwright/test';
import { oneSeatRoom } from './support/hall';
import { seconds } from './support/room-time';

test.describe.configure({ timeout: 180_000 });

const ROOM = 'room-pushed-code';
const SEAT = `${ROOM}-s1`;
const PAUSED = 'Giám thị đã tạm dừng bài thi.';

const countdown = async (tablet: Page) => seconds(await tablet.getByTestId('countdown').innerText());

test('pause, resume, extension and lock reach the tablet by its stream while its heartbeats fail', async ({
	browser,
	request,
	baseURL
}) => {
	const {
		proctor,
		tablet: { context: tabletCtx, page: tablet }
	} = await oneSeatRoom({
		browser,
		request,
		baseURL: baseURL!,
		room: ROOM,
		name: 'Phòng nghe qua luồng',
		label: 'Máy nghe luồng',
		durationS: 600
	});
	await proctor.getByRole('button', { name: 'Bắt đầu', exact: true }).click();
	await proctor.getByRole('dialog').getByRole('button', { name: 'Bắt đầu ngay' }).click();
	await expect(tablet.getByRole('heading', { name: /^Câu 1\/30$/ })).toBeVisible({ timeout: 30_000 });
	await tablet.getByRole('radio').nth(0).click();
	await expect(tablet.locator('[data-sync]')).toHaveAttribute('data-sync', 'saved', { timeout: 30_000 });

	// From here every heartbeat of the tablet fails, and so does its exam's sync (whose answers
	// carry the attempt's state too); its stream (opened before) stays up.
	let refusedBeats = 0;
	await tabletCtx.route('**/api/venue/heartbeat', (r) => {
		refusedBeats++;
		return r.abort('connectionrefused');
	});
	await tabletCtx.route('**/api/attempts/*/events', (r) => r.abort('connectionrefused'));
	await expect.poll(() => refusedBeats, { message: 'a heartbeat refused' }).toBeGreaterThan(0);

	await proctor.getByRole('button', { name: 'Tạm dừng phòng' }).click();
	await expect(proctor.getByTestId('last-code')).toHaveAttribute('data-action', 'pause');
	await expect(tablet.getByText(PAUSED)).toBeVisible({ timeout: 15_000 });

	await proctor.getByRole('button', { name: 'Tiếp tục phòng' }).click();
	await expect(proctor.getByTestId('last-code')).toHaveAttribute('data-action', 'resume');
	await expect(tablet.getByText(PAUSED)).toHaveCount(0, { timeout: 15_000 });

	// Five minutes more for the seat: the countdown shows them (it had under ten minutes left).
	const before = await countdown(tablet);
	const extended = await proctor.request.post(`/api/proctor/rooms/${ROOM}/actions`, {
		headers: { origin: baseURL! },
		data: { action: 'extend', seatId: SEAT, minutes: 5 }
	});
	expect(extended.status(), await extended.text()).toBe(200);
	await expect
		.poll(() => countdown(tablet), { message: 'the countdown five minutes longer', timeout: 15_000 })
		.toBeGreaterThan(before + 4 * 60);

	// The lock: the tablet hands the paper in (its submit is not a heartbeat) and says so.
	const locked = await proctor.request.post(`/api/proctor/rooms/${ROOM}/actions`, {
		headers: { origin: baseURL! },
		data: { action: 'lock' }
	});
	expect(locked.status(), await locked.text()).toBe(200);
	await expect(tablet.getByRole('heading', { name: 'Bài đã được thu' })).toBeVisible({ timeout: 15_000 });
	await tabletCtx.close();
});
