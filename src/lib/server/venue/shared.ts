// Shared by the venue modules: a device token's device, and the
// room's time (pauses, active time, short codes).
import { randomBytes } from 'node:crypto';
import type { Db } from '../db';
import type { Attempt } from '../db/tables-exam';
import type { Device, VenueRoom } from '../db/tables-venue';
import { activeElapsed, type PauseInterval } from '$lib/exam/timer';
import { makeShortCode, rawKeyFromB64, type CodeAction } from '$lib/exam/venue-crypto';
import { type TokenClaims } from '../tokens';
import { stateOf, type AttemptState } from '../attempts';
import { failure, type Failure } from '../failure';

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

async function pausesFor(db: Db, roomId: string, attemptId: string): Promise<PauseInterval[]> {
	const rows = await db
		.selectFrom('pause')
		.select(['from_at', 'to_at'])
		.where('room_id', '=', roomId)
		.where((eb) => eb.or([eb('attempt_id', 'is', null), eb('attempt_id', '=', attemptId)]))
		.execute();
	return rows.map((r) => ({ from: r.from_at, to: r.to_at }));
}

/** Active time of a venue attempt at `now`, on the server's clock. */
export async function serverElapsed(
	db: Db,
	roomId: string,
	attempt: Pick<Attempt, 'id' | 'started_at'>,
	now: number
): Promise<number> {
	if (attempt.started_at === null) return 0;
	return activeElapsed(attempt.started_at, now, await pausesFor(db, roomId, attempt.id));
}

/** Keeps an attempt's paused_ms / paused_since / status in line with the room's pauses. */
export async function syncPauses(tx: Db, roomId: string, attempt: Attempt, now: number): Promise<void> {
	if (attempt.started_at === null || (attempt.status !== 'running' && attempt.status !== 'paused')) return;
	const pauses = await pausesFor(tx, roomId, attempt.id);
	const open = pauses.filter((p) => p.to === null).map((p) => Math.max(p.from, attempt.started_at!));
	const pausedSince = open.length ? Math.min(...open) : null;
	const total = now - attempt.started_at - activeElapsed(attempt.started_at, now, pauses);
	const pausedMs = total - (pausedSince !== null ? now - pausedSince : 0);
	await tx
		.updateTable('attempt')
		.set({
			paused_ms: Math.max(0, pausedMs),
			paused_since: pausedSince,
			status: pausedSince !== null ? 'paused' : 'running'
		})
		.where('id', '=', attempt.id)
		.execute();
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
	if (seatId) q = q.where('finalist.seat_id', '=', seatId);
	return q.execute();
}
