// The short codes a room's proctor has read out, each with its time: made again from the
// audit log (each was computed from the action's time, an extension's from the seat's total
// after it), so none vanishes from the console.
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
	const parsed = rows.map((r) => ({
		...r,
		detail: JSON.parse(r.detail) as { seatId?: string; minutes?: number; totalMinutes?: number }
	}));
	// An extend code carries the seat's total after it: recorded with the action, or, for one
	// audited before the total was recorded, the seat's extensions summed up to it.
	const totals = new Map<string, number>();
	for (let i = parsed.length - 1; i >= 0; i--) {
		const d = parsed[i].detail;
		if (parsed[i].action !== 'room.extend' || !d.seatId || !d.minutes) continue;
		d.totalMinutes ??= (totals.get(d.seatId) ?? 0) + d.minutes;
		totals.set(d.seatId, d.totalMinutes);
	}
	const out: ReadCode[] = [];
	for (const { at, action: name, detail } of parsed) {
		const letter = ACTIONS[name as keyof typeof ACTIONS];
		const seatId = detail.seatId ?? null;
		const action = name.slice('room.'.length) as ReadCode['action'];
		if (letter === 'E') {
			if (!seatId || !detail.minutes || !detail.totalMinutes) continue;
			const code = await codeFor(venue, 'E', detail.totalMinutes, seatId);
			out.push({ at, action, seatId, minutes: detail.minutes, code });
		} else {
			const code = await codeFor(venue, letter, codeTicks(venue.started_at, at), seatId ?? '*');
			out.push({ at, action, seatId: letter === 'L' ? null : seatId, code });
		}
	}
	return out;
}
