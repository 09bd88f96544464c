// A venue room's pauses: the whole room's (attempt_id null) and one candidate's. Which of them
// count for an attempt is decided here once (`pausesOf`); the time they take off is timer.ts's.
import type { Db } from '../db';
import type { PauseInterval } from '$lib/exam/timer';

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
