// The tablet's heartbeat: its report, sign-ins and starts, and the view it gets back;
// and who may post for an attempt.
import { recordIncident } from './incidents';
import { heardOf, keepHeard, writeHeardNow } from './presence';
import { keepReportChanges, type ChainReport } from './reports';
import { z } from 'zod';
import type { Db } from '../db';
import type { DeviceView } from '$lib/exam/views';
import type { Device } from '../db/tables-venue';
import { venueStart } from '$lib/exam/timer';
import { type TokenClaims } from '../tokens';
import { isClosed, stateOf } from '../attempts';
import { keepRoomPapers } from '../attempts/papers';
import { run, runWrite } from '../attempts/hot-sql';
import { type Failure, failure } from './shared';
import {
	attemptClock,
	readDeviceAndRoom,
	readMovedAway,
	readMovedIn,
	readPostRights,
	readServed,
	readSignInTarget,
	type DeviceAndRoom,
	type ServedRow
} from './heartbeat-sql';

/** Chains one tablet may report: the finalists it served, and a few more. */
const MAX_CHAINS = 50;

export const heartbeatBody = z.object({
	readiness: z
		.object({
			appCached: z.boolean(),
			papersCached: z.number().int().min(0).max(1000),
			clockOffsetMs: z.number().finite().nullable(),
			persisted: z.boolean(),
			freeBytes: z.number().min(0).nullable()
		})
		.partial()
		.optional(),
	signedIn: z
		.object({ finalistId: z.string().max(64), at: z.number().int() })
		.nullable()
		.optional(),
	started: z
		.array(z.object({ attemptId: z.string().max(64), at: z.number().int(), viaCode: z.boolean() }))
		.max(20)
		.optional(),
	/** Incidents the tablet saw (leaving full screen during the exam), stored as a code. */
	incidents: z
		.array(
			z.object({ kind: z.enum(['fullscreen_exit']), attemptId: z.string().max(64), at: z.number().int() })
		)
		.max(50)
		.optional(),
	unsent: z.number().int().min(0).max(1_000_000).optional(),
	lastSeqs: z
		.record(z.string().max(64), z.number().int().min(0).max(1_000_000))
		.refine((r) => Object.keys(r).length <= MAX_CHAINS)
		.optional(),
	/**
	 * The hash of each chain at its `lastSeqs` seq: what lets a seq reported before the lock
	 * count after it (close.ts), since the answers up to it can no longer change.
	 */
	heads: z
		.record(z.string().max(64), z.string().max(128))
		.refine((r) => Object.keys(r).length <= MAX_CHAINS)
		.optional()
});

export type HeartbeatBody = z.infer<typeof heartbeatBody>;

export type { DeviceView };

/**
 * One transaction: the device and its room read, its presence and report written, what the
 * heartbeat reports recorded, and the view read back. (Reads outside it would each wait their
 * turn for the database again: on SQLite for the open group's commit.)
 */
export async function heartbeat(
	db: Db,
	claims: TokenClaims | null,
	body: HeartbeatBody,
	now = Date.now()
): Promise<DeviceView | Failure> {
	if (!claims || claims.kind !== 'device') return failure('badToken');
	return db.transaction().execute(async (tx) => {
		const held = await readDeviceAndRoom(tx, claims.deviceId);
		// As deviceOf: a device of another room, or wiped, has no say. A wiped tablet is told so
		// (deviceWiped): it shows its wipe screen, where it would otherwise go on as if in service.
		if (!held || held.device.room_id !== claims.roomId) return failure('badToken');
		if (held.device.status === 'wiped') return failure('deviceWiped');
		const { device, venue } = held;
		// A running room's papers are read before its answers come (attempts/papers.ts).
		if (venue.status === 'running' || venue.status === 'paused') void keepRoomPapers(db, venue.room_id);
		// What this process heard last and has not written yet is newer than the row.
		const waiting = heardOf(tx, device.id);
		const last = waiting ?? device;
		const previous = JSON.parse(last.report) as Record<string, unknown> & ChainReport;
		const previousAt = waiting ? waiting.lastSeenAt : device.last_seen_at;
		// The finalists it serves, read before its reports: a tablet reports its finalist signed in on
		// every heartbeat, and one already signed in here needs no other read. Read again below when
		// a report changed them (a first sign-in, a late start).
		let served = await readServed(tx, device);
		const report = {
			...previous,
			unsent: body.unsent,
			lastSeqs: body.lastSeqs,
			heads: body.heads,
			held: heldOf(served)
		};
		// Presence on every heartbeat (who is online at the lock is judged on it), written with
		// the other tablets' (presence.ts); at once when the tablet holds unsent answers.
		const heard = {
			lastSeenAt: now,
			readiness: body.readiness ? JSON.stringify(body.readiness) : last.readiness,
			report: JSON.stringify(report)
		};
		if ((body.unsent ?? 0) > 0) await writeHeardNow(tx, device.id, heard);
		else keepHeard(db, device.id, heard);
		// A tablet speaks only for the finalists it serves: approved, and the finalist seated at
		// it (or moved to it). Anything else in a heartbeat is ignored.
		if (device.status === 'approved') {
			const signedIn = body.signedIn;
			if (signedIn && !served.some((f) => f.id === signedIn.finalistId && f.signed_in_at !== null)) {
				const f = await readSignInTarget(tx, signedIn.finalistId);
				// Only a first sign-in is written (the update's own condition, read first).
				if (f && servedAt(device, f) && f.signed_in_at === null) {
					await tx
						.updateTable('finalist')
						.set({ signed_in_at: tabletTime(device, signedIn.at, now), device_id: device.id })
						.where('id', '=', signedIn.finalistId)
						.where('signed_in_at', 'is', null)
						.execute();
					served = await readServed(tx, device);
				}
			}
			if (venue.started_at !== null && device.keys_at !== null) await markStartKnown(tx, served, now);
			// Starts and incidents count only for an attempt this tablet serves (or served).
			const serves = (attemptId: string) =>
				deviceMayPost(tx, { kind: 'device', roomId: device.room_id, deviceId: device.id }, attemptId);
			let started = false;
			for (const s of body.started ?? [])
				if (await serves(s.attemptId)) started = (await recordOwnStart(tx, venue, device, s, now)) || started;
			if (started) served = await readServed(tx, device);
			for (const i of body.incidents ?? [])
				if (await serves(i.attemptId)) await recordTabletIncident(tx, device, i, now);
			// What it says of its chains, where that changed: what its answers' times are held to.
			await keepReportChanges(db, tx, device.id, previous, previousAt, report, now, serves);
		}
		return deviceView(tx, held, served, now);
	});
}

/**
 * A time the tablet says something happened at (a sign-in, an incident), as the room's records
 * keep it: the tablet may have seen it offline, so its own clock is taken, but never before
 * the tablet was enrolled nor after the server heard of it.
 */
function tabletTime(device: Pick<Device, 'enrolled_at'>, at: number, now: number): number {
	return Math.min(Math.max(at, device.enrolled_at), now);
}

/** What the server holds of this tablet's chain for each attempt it serves. */
function heldOf(served: readonly ServedRow[]): Record<string, number> {
	const held: Record<string, number> = {};
	for (const f of served) if (f.attempt_id !== null) held[f.attempt_id] = f.d_acked ?? 0;
	return held;
}

/**
 * The attempt's first answer: the earliest the tablet says it made one (its own clock) and the
 * earliest the server received one (its clock; a tablet that sets its events' times ahead does
 * not hide an answer the server holds).
 */
const FIRST_ANSWER =
	'SELECT MIN(at) AS at, MIN(received_at) AS received FROM answer_event WHERE attempt_id = ?';

/**
 * A tablet opens its finalist's paper as soon as it has the room's keys and the finalist is
 * signed in. Heard from with both, after the room started, it has started them by now: a start
 * it claims later is counted at this moment (`recordOwnStart`). Written once per finalist.
 */
async function markStartKnown(tx: Db, served: readonly ServedRow[], now: number) {
	for (const f of served)
		if (f.signed_in_at !== null && f.start_known_at === null)
			await runWrite(tx, 'UPDATE finalist SET start_known_at = ? WHERE id = ? AND start_known_at IS NULL', [
				now,
				f.id
			]);
}

/** A finalist who starts late gets the full duration from their own start, within bounds. */
async function recordOwnStart(
	tx: Db,
	venue: DeviceAndRoom['venue'],
	device: Device,
	s: { attemptId: string; at: number; viaCode: boolean },
	now: number
): Promise<boolean> {
	if (venue.started_at === null) return false;
	const attempt = await tx.selectFrom('attempt').selectAll().where('id', '=', s.attemptId).executeTakeFirst();
	const finalist = await tx
		.selectFrom('finalist')
		.select(['seat_id', 'room_id', 'start_known_at'])
		.where('attempt_id', '=', s.attemptId)
		.executeTakeFirst();
	// A closed attempt's start is settled: a claim then would only move its lock's bound and
	// write a false incident into the minutes.
	if (!attempt || isClosed(attempt) || !finalist || finalist.room_id !== venue.room_id) return false;
	// A finalist moved here continues the attempt they began elsewhere: signing in on the spare
	// is not a start, and their start and deadline stay the room's (or their own late one). One
	// who had not begun when moved (their tablet replaced before they came) begins here.
	if (await readMovedIn(tx, attempt.id, device.id)) return false;
	// Never later than the server heard, nor than the moment it knew they had started.
	const claimed = Math.min(s.at, now, finalist.start_known_at ?? now);
	const counted = venueStart(venue.started_at, claimed, venue.max_late_ms);
	if (!counted.late || attempt.started_at === counted.startedAt) return false;
	// A start claimed is the tablet's word, and a later one buys time: once late, a start never
	// moves later again, and never past an answer the server holds (made before that start by the
	// tablet's clock, or received before it by the server's: the finalist had begun by then).
	const lateAlready = attempt.started_at !== null && attempt.started_at !== venue.started_at;
	if (lateAlready && counted.startedAt > attempt.started_at!) return false;
	const [first] = await run<{ at: number | string | null; received: number | string | null }>(
		tx,
		FIRST_ANSWER,
		[attempt.id]
	);
	const answeredBy = Math.min(Number(first?.at ?? Infinity), Number(first?.received ?? Infinity));
	if (answeredBy < counted.startedAt) return false;
	await tx
		.updateTable('attempt')
		.set({ started_at: counted.startedAt })
		.where('id', '=', attempt.id)
		.execute();
	await recordIncident(tx, {
		roomId: venue.room_id,
		seatId: finalist.seat_id,
		at: now,
		kind: 'late_start',
		params: { seconds: Math.round(counted.lateMs / 1000), capped: counted.capped, viaCode: s.viaCode },
		actorId: null
	});
	return true;
}

/**
 * An incident a tablet saw, once (a heartbeat whose answer was lost is sent again), stored as
 * its code and parameters (the finalist's SBD); the console and minutes word it.
 */
async function recordTabletIncident(
	tx: Db,
	device: Device,
	i: { kind: 'fullscreen_exit'; attemptId: string; at: number },
	now: number
) {
	const f = await tx
		.selectFrom('finalist')
		.select(['seat_id', 'sbd'])
		.where('attempt_id', '=', i.attemptId)
		.executeTakeFirst();
	const at = tabletTime(device, i.at, now);
	const seat = f?.seat_id ?? device.seat_id;
	const held = await tx
		.selectFrom('incident')
		.select('id')
		.where('room_id', '=', device.room_id)
		.where('kind', '=', i.kind)
		.where('at', '=', at)
		.where('seat_id', seat === null ? 'is' : '=', seat)
		.executeTakeFirst();
	if (held) return;
	await recordIncident(tx, {
		roomId: device.room_id,
		seatId: seat,
		at,
		kind: i.kind,
		params: { sbd: f?.sbd ?? '' },
		actorId: null
	});
}

/** What the tablet is told: its room, and the finalists it serves as read in the heartbeat's transaction. */
async function deviceView(
	tx: Db,
	held: DeviceAndRoom,
	served: ServedRow[],
	now: number
): Promise<DeviceView> {
	const { device, venue, room } = held;
	const finalists = served.map((f) => {
		const clock = attemptClock(f);
		return {
			finalistId: f.id,
			attemptId: f.attempt_id,
			sbd: f.sbd,
			name: f.full_name,
			state: clock ? stateOf(clock) : null,
			...(f.moved_in ? { continues: true as const } : {})
		};
	});
	return {
		now,
		device: {
			id: device.id,
			status: device.status,
			seatId: device.seat_id,
			// A spare serving a moved finalist stands at their seat: it shows that seat.
			seatLabel: held.seatLabel ?? served.find((f) => f.seat_label !== null)?.seat_label ?? null
		},
		room: {
			id: device.room_id,
			name: room.name,
			status: venue.status,
			startedAt: venue.started_at,
			lockedAt: venue.locked_at,
			opensAt: room.opensAt
		},
		finalists,
		movedAway: await readMovedAway(tx, device.id)
	};
}

/** Whether a device token may post events or submit for an attempt (one read: every sync asks). */
export async function deviceMayPost(db: Db, claims: TokenClaims, attemptId: string): Promise<boolean> {
	if (claims.kind !== 'device') return false;
	const [p] = await readPostRights(db, claims.deviceId, attemptId);
	if (!p || p.room_id !== claims.roomId || p.status !== 'approved') return false;
	if (p.f_room_id === null || p.f_room_id !== p.room_id) return false;
	if (servedAt(p, { room_id: p.f_room_id, device_id: p.f_device_id, seat_id: p.f_seat_id })) return true;
	// A tablet the finalist was moved away from may still deliver what it holds.
	return !!p.served_before;
}

/**
 * Whether a finalist is this tablet's now: moved to it, or seated at its seat and not moved to
 * another tablet (heartbeat-sql.ts's SERVED_BY_DEVICE_OR_SEAT reads the same rule in SQL).
 */
function servedAt(
	device: Pick<Device, 'id' | 'room_id' | 'seat_id'>,
	f: { room_id: string | null; device_id: string | null; seat_id: string | null }
): boolean {
	if (f.room_id !== device.room_id) return false;
	if (f.device_id === device.id) return true;
	return f.device_id === null && f.seat_id !== null && f.seat_id === device.seat_id;
}
