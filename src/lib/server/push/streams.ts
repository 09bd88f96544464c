// The open event streams of this process, by holder: a tablet's device (at most 2 streams) and
// a console's session (at most 5), and the check, at each keep-alive, that each holder may
// still listen (holders.ts). The tablets' check is one query for all of them (a hall holds a
// thousand streams: one query each 15 s, not one per stream); consoles are few, one each.
import { createHash } from 'node:crypto';
import { app } from '../app';
import { sessionUser } from '../auth';
import { mayActOnRoom } from '../venue/rooms';
import { stillStreaming } from '../venue/shared';
import type { Db } from '../db';
import { holdingKey, StreamHolders, type Holding, type StillAllowed } from './holders';

/** Streams one device token may hold: a tablet's, and the one it reconnects with. */
export const DEVICE_STREAMS = 2;
/** Streams one signed-in session may hold: a console or two, a few rooms of an organiser. */
export const SESSION_STREAMS = 5;
/** How often the holders' rights are asked again: the streams' keep-alive (sse.ts). */
export const RECHECK_MS = 15_000;

/** Tablets' holdings (holder: device id) still allowed on `db`: one query per 500 devices. */
export const tabletsStillAllowed =
	(db: Db): StillAllowed =>
	(held) =>
		stillStreaming(
			db,
			held.map((h) => ({ deviceId: h.holder, roomId: h.room }))
		);

/** Consoles' holdings (credential: the session's token) still allowed: session alive, room theirs. */
export const consolesStillAllowed =
	(db: Db): StillAllowed =>
	async (held) => {
		const allowed = new Set<string>();
		for (const h of held) {
			const user = await sessionUser(db, h.credential ?? '');
			if (user && (await mayActOnRoom(db, user, h.room))) allowed.add(holdingKey(h));
		}
		return allowed;
	};

export const tabletStreams = new StreamHolders(DEVICE_STREAMS, async (held) =>
	tabletsStillAllowed((await app()).tabletDb)(held)
);

export const consoleStreams = new StreamHolders(SESSION_STREAMS, async (held) =>
	consolesStillAllowed((await app()).db)(held)
);

let timer: ReturnType<typeof setInterval> | null = null;

/** Every RECHECK_MS from the first stream on, while the process runs. */
function recheckEvery(): void {
	timer ??= setInterval(() => {
		void tabletStreams.recheck();
		void consoleStreams.recheck();
	}, RECHECK_MS);
	timer.unref?.();
}

/** A tablet's stream: held by its device, in its room. */
export function holdTablet(deviceId: string, roomId: string): (close: () => void) => () => void {
	recheckEvery();
	return (close) => tabletStreams.hold({ holder: deviceId, room: roomId }, close);
}

/** A console's stream: held by the session (its cookie's token), on one room. */
export function holdConsole(sessionToken: string, roomId: string): (close: () => void) => () => void {
	recheckEvery();
	const holding: Holding = {
		holder: createHash('sha256').update(sessionToken).digest('base64url'),
		room: roomId,
		credential: sessionToken
	};
	return (close) => consoleStreams.hold(holding, close);
}
