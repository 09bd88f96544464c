// A venue room's pauses: the whole room's (attempt_id null) and one candidate's. Which of them
// count for an attempt is decided here once (`pausesOf`); the time they take off is timer.ts's.
import type { Db } from '../db';
import type { PauseInterval } from '$lib/exam/timer';
import { newerPresence } from '../venue/presence';

export interface RoomPause {
	attempt_id: string | null;
	from_at: number;
	to_at: number | null;
}

/** An attempt's pauses among its room's: the room's own and the attempt's. */
export function pausesOf(pauses: readonly RoomPause[], attemptId: string): PauseInterval[] {
	return pauses
		.filter((p) => p.attempt_id === null || p.attempt_id === attemptId)
		.map((p) => ({ from: p.from_at, to: p.to_at }));
}

/** Every pause of the room, the room's own and each attempt's (a room has a handful). */
export function roomPauses(db: Db, roomId: string): Promise<RoomPause[]> {
	return db
		.selectFrom('pause')
		.select(['attempt_id', 'from_at', 'to_at'])
		.where('room_id', '=', roomId)
		.execute();
}

/** An attempt's pauses, read from its room's. */
export async function attemptPauses(db: Db, roomId: string, attemptId: string): Promise<PauseInterval[]> {
	return pausesOf(await roomPauses(db, roomId), attemptId);
}

/**
 * Events of a venue tablet made while the room (or the seat) was paused, found by the time the
 * tablet stamped them (`at`, its own clock) and the offset to the server's clock it last
 * reported in its heartbeat (readiness.clockOffsetMs, measured on every sync). A tablet that
 * heard of the pause showed no question, so these come from one that had not heard of it yet
 * (offline, or before its code was typed): they are kept and count, as the time the tablet
 * showed is the finalist's working time, and are flagged (`in_pause`) for the committee to
 * review (DESIGN.md "Venue"). Within a second of either end nothing is flagged: the offset is
 * a measurement. Without a reported offset nothing is flagged. The flag rests on the tablet's
 * word, as the time it stamped does; nothing that counts depends on it.
 */
export async function madeInPause(
	tx: Db,
	attemptId: string,
	deviceId: string,
	events: readonly { at: number }[]
): Promise<boolean[]> {
	const none = events.map(() => false);
	const row = await tx
		.selectFrom('device')
		.select(['id', 'room_id', 'last_seen_at', 'readiness', 'report'])
		.where('id', '=', deviceId)
		.executeTakeFirst();
	// What this process heard of the tablet and has not written yet is newer than the row.
	const device = row && newerPresence(tx, row);
	const offset = device ? reportedOffset(device.readiness) : null;
	if (!device || offset === null) return none;
	const pauses = pausesOf(await roomPauses(tx, device.room_id), attemptId);
	return events.map((e) => {
		const t = e.at + offset;
		return pauses.some(
			(p) => t >= p.from + OFFSET_MARGIN_MS && (p.to === null || t < p.to - OFFSET_MARGIN_MS)
		);
	});
}

const OFFSET_MARGIN_MS = 1000;

function reportedOffset(readiness: string): number | null {
	try {
		const offset = (JSON.parse(readiness) as { clockOffsetMs?: unknown }).clockOffsetMs;
		return typeof offset === 'number' && Number.isFinite(offset) ? offset : null;
	} catch {
		return null;
	}
}
