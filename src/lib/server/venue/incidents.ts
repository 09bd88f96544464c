// An incident in the room's minutes: stored as its code and parameters, never as a sentence
// (i18n/console-text.ts words it in the reader's language); a proctor's own note is the one
// incident whose text is the proctor's.
import type { Db } from '../db';

export type IncidentKind =
	'note' | 'extend' | 'move' | 'lost' | 'wipe' | 'late_start' | 'upload' | 'fullscreen_exit';

export interface Incident {
	roomId: string;
	seatId: string | null;
	at: number;
	kind: IncidentKind;
	params?: Record<string, string | number | boolean>;
	/** The proctor's words, for `note` only. */
	note?: string;
	/** Who acted; null for what a tablet or the server saw. */
	actorId: string | null;
}

export async function recordIncident(db: Db, i: Incident): Promise<void> {
	await db
		.insertInto('incident')
		.values({
			room_id: i.roomId,
			seat_id: i.seatId,
			at: i.at,
			kind: i.kind,
			note: i.note ?? '',
			params: JSON.stringify(i.params ?? {}),
			actor_id: i.actorId
		})
		.execute();
}
