// The short codes a room's proctor has read out, each with its time: made again from the
// audit log (each was computed from the action's time), so none vanishes from the console.
import type { Db } from '../db';
import type { VenueRoom } from '../db/tables-venue';
import { codeTicks } from '$lib/exam/timer';
import { codeFor } from './shared';

export interface ReadCode {
	at: number;
	action: 'pause' | 'resume' | 'extend' | 'lock';
	seatId: string | null;
	minutes?: number;
	code: string;
}

const ACTIONS = { 'room.pause': 'P', 'room.resume': 'R', 'room.extend': 'E', 'room.lock': 'L' } as const;

/** Newest first. */
export async function roomCodes(db: Db, venue: VenueRoom): Promise<ReadCode[]> {
	if (venue.started_at === null) return [];
	const rows = await db
		.selectFrom('audit_log')
		.select(['at', 'action', 'detail'])
		.where('target', '=', venue.room_id)
		.where('action', 'in', Object.keys(ACTIONS))
		.orderBy('id', 'desc')
		.execute();
	const out: ReadCode[] = [];
	for (const r of rows) {
		const letter = ACTIONS[r.action as keyof typeof ACTIONS];
		const detail = JSON.parse(r.detail) as { seatId?: string; minutes?: number };
		const seatId = detail.seatId ?? null;
		const action = r.action.slice('room.'.length) as ReadCode['action'];
		if (letter === 'E') {
			if (!seatId || !detail.minutes) continue;
			const code = await codeFor(venue, 'E', detail.minutes, seatId);
			out.push({ at: r.at, action, seatId, minutes: detail.minutes, code });
		} else {
			const code = await codeFor(venue, letter, codeTicks(venue.started_at, r.at), seatId ?? '*');
			out.push({ at: r.at, action, seatId: letter === 'L' ? null : seatId, code });
		}
	}
	return out;
}
