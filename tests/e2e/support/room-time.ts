// The room's clock as the proctor ran it, read from what the server recorded of the clicks (the
// room's start and its pauses): the oracle tablets' countdowns are held to. No production timer code.
import { SHARED_DB, withDb } from './fixtures';

/** A countdown's "mm:ss" in seconds. */
export const seconds = (text: string) => Number(text.slice(0, 2)) * 60 + Number(text.slice(3));

/** The room's remaining time for an attempt at `now`: duration + extensions − (now − start − pauses). */
export async function roomRemainingMs(roomId: string, attemptId: string, now: number): Promise<number> {
	return withDb(SHARED_DB, async (db) => {
		const a = await db
			.selectFrom('attempt')
			.selectAll()
			.where('id', '=', attemptId)
			.executeTakeFirstOrThrow();
		const room = await db
			.selectFrom('venue_room')
			.selectAll()
			.where('room_id', '=', roomId)
			.executeTakeFirstOrThrow();
		const pauses = await db.selectFrom('pause').selectAll().where('room_id', '=', roomId).execute();
		const start = room.started_at!;
		let paused = 0;
		for (const p of pauses) {
			if (p.attempt_id !== null && p.attempt_id !== attemptId) continue;
			paused += Math.max(0, Math.min(p.to_at ?? now, now) - Math.max(p.from_at, start));
		}
		return a.duration_ms + a.extension_ms - (now - start - paused);
	});
}
