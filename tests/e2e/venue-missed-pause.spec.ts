// A tablet offline from before a pause until after the resume never hears of it: it showed the
// paper all along, so its finalist could go on answering, and its clock ran on. The time a tablet
// showed the paper is the finalist's working time, heard of a pause or not: back online it keeps
// its own clock (behind the room's by the pause), and does not get the pause again on top. A
// finalist who stopped when the proctor said so, on a tablet that did not, gets a seat extension.
import { expect, test } from '@playwright/test';
import { SHARED_DB, withDb } from './support/fixtures';
import { oneSeatRoom } from './support/hall';
import { serverNow, untilServerTime } from './support/server-clock';
import { roomRemainingMs, seconds } from './support/room-time';

test.describe.configure({ timeout: 180_000 });

const ROOM = 'room-missed-pause';
const SEAT = `${ROOM}-s1`;
/** Longer than the countdown may differ from the room's, by far. */
const PAUSE_MS = 8_000;

/** The seat's attempt: its countdown is held to the room's. */
const seatAttempt = () =>
	withDb(
		SHARED_DB,
		async (db) =>
			(
				await db
					.selectFrom('finalist')
					.select('attempt_id')
					.where('seat_id', '=', SEAT)
					.executeTakeFirstOrThrow()
			).attempt_id!
	);

test('a tablet that missed a whole pause keeps its own clock: the finalist could work through it', async ({
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
		name: 'Phòng mất mạng lúc dừng',
		label: 'Máy mất mạng',
		durationS: 600
	});
	await proctor.getByRole('button', { name: 'Bắt đầu', exact: true }).click();
	await proctor.getByRole('dialog').getByRole('button', { name: 'Bắt đầu ngay' }).click();
	await expect(tablet.getByRole('heading', { name: /^Câu 1\/30$/ })).toBeVisible({ timeout: 30_000 });
	await tablet.getByRole('radio').nth(0).click();
	await expect(tablet.getByRole('radio').nth(0)).toBeChecked();

	// The network goes; the room is paused and resumed while the tablet cannot hear of it.
	await tabletCtx.setOffline(true);
	await proctor.getByRole('button', { name: 'Tạm dừng phòng' }).click();
	await expect(proctor.getByTestId('last-code')).toHaveAttribute('data-action', 'pause');
	await untilServerTime(request, (await serverNow(request)) + PAUSE_MS);
	await proctor.getByRole('button', { name: 'Tiếp tục phòng' }).click();
	await expect(proctor.getByTestId('last-code')).toHaveAttribute('data-action', 'resume');
	await tablet.getByRole('button', { name: /^Câu 2\/30:/ }).click();
	await tablet.getByRole('radio').nth(1).click();
	await expect(tablet.getByRole('radio').nth(1)).toBeChecked();

	// Back online: the countdown stays short of the room's by the pause (the display rounds up to
	// whole seconds), the pause as the server recorded the clicks.
	await tabletCtx.setOffline(false);
	await expect(tablet.locator('[data-sync]')).toHaveAttribute('data-sync', 'saved', { timeout: 30_000 });
	const paused = await withDb(SHARED_DB, async (db) => {
		const [p] = await db.selectFrom('pause').selectAll().where('room_id', '=', ROOM).execute();
		return (p.to_at! - p.from_at) / 1000;
	});
	expect(paused).toBeGreaterThanOrEqual(PAUSE_MS / 1000);
	const attemptId = await seatAttempt();
	const behind = async () =>
		(await roomRemainingMs(ROOM, attemptId, Date.now())) / 1000 -
		seconds(await tablet.getByTestId('countdown').innerText());
	await expect
		.poll(async () => Math.abs((await behind()) - paused), {
			message: 'the tablet short of the room by the pause'
		})
		.toBeLessThanOrEqual(1.5);
	await tabletCtx.close();
});
