// Shared by the venue modules: a device token's device, and the
// room's time (pauses, active time, short codes).
import { randomBytes } from 'node:crypto';
import type { Db } from '../db';
import type { Attempt } from '../db/tables-exam';
import type { Device, VenueRoom } from '../db/tables-venue';
import { activeElapsed } from '$lib/exam/timer';
import { makeShortCode, rawKeyFromB64, type CodeAction } from '$lib/exam/venue-crypto';
import { type TokenClaims } from '../tokens';
import { attemptPauses, pausesOf, stateOf, type AttemptState, type RoomPause } from '../attempts';
import { failure, type Failure } from '../failure';
import { runWrite } from '../attempts/hot-sql';

export { failure, type Failure } from '../failure';

export const iv = () => new Uint8Array(randomBytes(12));

export async function deviceOf(db: Db, claims: TokenClaims | null): Promise<Device | Failure> {
	if (!claims || claims.kind !== 'device') return failure('badToken');
	const device = await db
		.selectFrom('device')
		.selectAll()
		.where('id', '=', claims.deviceId)
		.executeTakeFirst();
	if (!device || device.room_id !== claims.roomId || device.status === 'wiped') return failure('badToken');
	return device;
}

/**
 * The room's event stream is for approved tablets (`deviceOf`, and approved): a pending one
 * learns of its approval from its heartbeat, every second, as it did before it had a stream.
 */
export async function streamDeviceOf(db: Db, claims: TokenClaims | null): Promise<Device | Failure> {
	const device = await deviceOf(db, claims);
	if ('ok' in device) return device;
	return device.status === 'approved' ? device : failure('notApproved');
}

/**
 * Of the (device, room) pairs, those `streamDeviceOf` would still accept, as `deviceId\nroomId`:
 * one query for a hall's open streams (push/streams.ts asks it at each keep-alive).
 */
export async function stillStreaming(
	db: Db,
	pairs: readonly { deviceId: string; roomId: string }[]
): Promise<Set<string>> {
	const allowed = new Set<string>();
	const ids = [...new Set(pairs.map((p) => p.deviceId))];
	for (let i = 0; i < ids.length; i += 500) {
		const rows = await db
			.selectFrom('device')
			.select(['id', 'room_id'])
			.where('id', 'in', ids.slice(i, i + 500))
			.where('status', '=', 'approved')
			.execute();
		for (const r of rows) allowed.add(`${r.id}\n${r.room_id}`);
	}
	return allowed;
}

/** Active time of a venue attempt at `now`, on the server's clock. */
export async function serverElapsed(
	db: Db,
	roomId: string,
	attempt: Pick<Attempt, 'id' | 'started_at'>,
	now: number
): Promise<number> {
	if (attempt.started_at === null) return 0;
	return activeElapsed(attempt.started_at, now, await attemptPauses(db, roomId, attempt.id));
}

/**
 * An attempt's paused_ms / paused_since / status in line with its room's pauses (every pause of
 * the room, as roomPauses reads them once for all its attempts), not written: the lock writes
 * it with the close (attempts/close.ts `markClosed`).
 */
export function withPauses(attempt: Attempt, now: number, pauses: readonly RoomPause[]): Attempt {
	if (attempt.started_at === null || (attempt.status !== 'running' && attempt.status !== 'paused'))
		return attempt;
	const own = pausesOf(pauses, attempt.id);
	const open = own.filter((p) => p.to === null).map((p) => Math.max(p.from, attempt.started_at!));
	const pausedSince = open.length ? Math.min(...open) : null;
	const total = now - attempt.started_at - activeElapsed(attempt.started_at, now, own);
	const pausedMs = total - (pausedSince !== null ? now - pausedSince : 0);
	return {
		...attempt,
		paused_ms: Math.max(0, pausedMs),
		paused_since: pausedSince,
		status: pausedSince !== null ? 'paused' : 'running'
	};
}

/** `withPauses`, written; returns the attempt as written. */
export async function syncPauses(
	tx: Db,
	attempt: Attempt,
	now: number,
	pauses: readonly RoomPause[]
): Promise<Attempt> {
	const synced = withPauses(attempt, now, pauses);
	if (synced === attempt) return attempt;
	// Fixed text, prepared once: a room's pause runs this for each of its attempts.
	await runWrite(tx, 'UPDATE attempt SET paused_ms = ?, paused_since = ?, status = ? WHERE id = ?', [
		synced.paused_ms,
		synced.paused_since,
		synced.status,
		attempt.id
	]);
	return synced;
}

export const venueState = (a: Attempt): AttemptState => stateOf(a);

export async function codeFor(
	venue: VenueRoom,
	action: CodeAction,
	value: number,
	seat: string
): Promise<string> {
	const codeKey = await crypto.subtle.importKey(
		'raw',
		rawKeyFromB64(venue.code_key),
		{ name: 'HMAC', hash: 'SHA-256' },
		false,
		['sign']
	);
	return makeShortCode(codeKey, venue.room_id, { action, value, seat });
}

export async function roomAttempts(tx: Db, roomId: string, seatId?: string): Promise<Attempt[]> {
	let q = tx
		.selectFrom('attempt')
		.innerJoin('finalist', 'finalist.attempt_id', 'attempt.id')
		.selectAll('attempt')
		.where('finalist.room_id', '=', roomId);
	if (seatId !== undefined) q = q.where('finalist.seat_id', '=', seatId);
	return q.execute();
}
