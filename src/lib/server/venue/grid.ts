// The proctor console's grid: seats, tablets, states, incidents, the codes read out, the room map.
import type { Db } from '../db';
import type { Attempt } from '../db/tables-exam';
import type { Device } from '../db/tables-venue';
import { startTimeTicks } from '$lib/exam/timer';
import { ONLINE_AT_LOCK_MS } from '$lib/exam/counting';
import { cameToRoom } from '$lib/exam/attendance';
import { bySeat } from './finalists';
import { roomLayout } from './layout';
import { attemptDeadline } from '../attempts';
import { codeFor } from './shared';
import { isClosed, stateOf } from '../attempts';
import { pinUnlockCode, proctorModeCode } from './pins';
import { prepareRoom } from './prepare';
import { roomCodes } from './codes';
import { newerPresence } from './presence';
import { roomAttemptEvents } from './grid-events';
import { yieldToServer } from '../turns';
import { firstOpen } from './actions/seats';
import { allLost, moveRefusal, spareRefusal, wipeOffered } from './actions/devices';

/** What a tablet last reported in its heartbeat. */
interface Report {
	unsent?: number;
	lastSeqs?: Record<string, number>;
}

const closed = (a: Pick<Attempt, 'status'>) => a.status === 'submitted' || a.status === 'locked';

/**
 * Safe to wipe: the server holds every event the tablet has made. The tablet said so — it
 * reported nothing unsent and its last seq of every attempt — in a heartbeat received after
 * every attempt it holds closed; the server holds each attempt's events up to that seq; and no
 * event of the tablet arrived after that heartbeat. Anything less (no report, a report from
 * before the close, an attempt still open, an attempt the report leaves out) is not safe.
 */
export function safeToWipe(
	device: Pick<Device, 'last_seen_at' | 'status'>,
	report: Report,
	held: Pick<Attempt, 'id' | 'status' | 'submitted_at'>[],
	fromDevice: Map<string, { acked: number; lastReceived: number }>
): boolean {
	const reportedAt = device.last_seen_at;
	if (device.status === 'pending' || reportedAt === null) return false;
	if (report.unsent !== 0 || !report.lastSeqs) return false;
	const lastSeqs = report.lastSeqs;
	for (const a of held) {
		if (!closed(a) || a.submitted_at === null || reportedAt <= a.submitted_at) return false;
	}
	for (const [attemptId, got] of fromDevice) {
		// An attempt the server holds events of from this tablet must be in its report.
		const holdsSome = got.acked > 0 || got.lastReceived > 0;
		if ((holdsSome && !(attemptId in lastSeqs)) || got.lastReceived > reportedAt) return false;
	}
	return Object.entries(lastSeqs).every(([attemptId, seq]) => (fromDevice.get(attemptId)?.acked ?? 0) >= seq);
}

/**
 * Made in pieces: a 1,000-seat room's grid is tens of milliseconds of the server's thread, and
 * the tablets' heartbeats and answers that arrive meanwhile run between them.
 */
export async function roomGrid(db: Db, roomId: string, now = Date.now()) {
	const prepared = await prepareRoom(db, roomId, now);
	if ('ok' in prepared) return prepared;
	const venue = await db
		.selectFrom('venue_room')
		.selectAll()
		.where('room_id', '=', roomId)
		.executeTakeFirstOrThrow();
	const room = await db
		.selectFrom('room')
		.innerJoin('round', 'round.id', 'room.round_id')
		.select([
			'room.id',
			'room.name',
			'room.round_id',
			'room.settings',
			'round.opens_at',
			'round.closes_at',
			'round.question_count'
		])
		.where('room.id', '=', roomId)
		.executeTakeFirstOrThrow();
	const seats = (
		await db.selectFrom('seat').select(['id', 'label']).where('room_id', '=', roomId).execute()
	).sort((a, b) => bySeat(a.label, b.label));
	// With the presence this process heard and has not written yet (presence.ts).
	const devices = (
		await db.selectFrom('device').selectAll().where('room_id', '=', roomId).orderBy('enrolled_at').execute()
	).map((d) => newerPresence(db, d));
	await yieldToServer();
	const finalists = await db
		.selectFrom('finalist')
		.innerJoin('app_user', 'app_user.id', 'finalist.user_id')
		.leftJoin('attempt', 'attempt.id', 'finalist.attempt_id')
		.select([
			'finalist.id',
			'finalist.sbd',
			'finalist.seat_id',
			'finalist.device_id',
			'finalist.signed_in_at',
			'finalist.lost',
			'finalist.attempt_id',
			'app_user.full_name',
			'attempt.status',
			'attempt.score',
			'attempt.max_score'
		])
		.where('finalist.room_id', '=', roomId)
		.execute();
	const acks = await db
		.selectFrom('attempt_device')
		.innerJoin('finalist', 'finalist.attempt_id', 'attempt_device.attempt_id')
		.select(['attempt_device.attempt_id', 'attempt_device.device_id', 'attempt_device.acked_seq'])
		.where('finalist.room_id', '=', roomId)
		.execute();
	await yieldToServer();
	const attempts: Attempt[] = await db
		.selectFrom('attempt')
		.innerJoin('finalist', 'finalist.attempt_id', 'attempt.id')
		.selectAll('attempt')
		.where('finalist.room_id', '=', roomId)
		.execute();

	await yieldToServer();
	// Per attempt, the questions answered by the rule that counts (not the events sent).
	const byAttempt = await roomAttemptEvents(db, roomId, new Map(attempts.map((a) => [a.id, a.graded_at])));
	// Per device and attempt, what the server holds: acknowledged seq and the last arrival.
	const fromDevice = new Map<string, Map<string, { acked: number; lastReceived: number }>>();
	const held = (deviceId: string) => {
		let m = fromDevice.get(deviceId);
		if (!m) fromDevice.set(deviceId, (m = new Map()));
		return m;
	};
	for (const [attemptId, summary] of byAttempt)
		for (const [deviceId, lastReceived] of summary.lastReceived)
			held(deviceId).set(attemptId, { acked: 0, lastReceived });
	for (const k of acks) {
		const h = held(k.device_id);
		h.set(k.attempt_id, { acked: k.acked_seq, lastReceived: h.get(k.attempt_id)?.lastReceived ?? 0 });
	}

	// Lookups made once (a hall has 1,000 seats, tablets and attempts: finding each in a list,
	// for each tablet and each attempt, was a billion steps a poll). The first match in each
	// list's order, as Array.find gave it.
	const firstBy = <T, K>(list: T[], key: (x: T) => K) => {
		const m = new Map<K, T>();
		for (const x of list) if (!m.has(key(x))) m.set(key(x), x);
		return m;
	};
	const finalistByAttempt = firstBy(finalists, (f) => f.attempt_id);
	const finalistBySeat = firstBy(finalists, (f) => f.seat_id);
	const deviceBySeat = firstBy(devices, (d) => d.seat_id);
	const attemptById = firstBy(attempts, (a) => a.id);
	/** The tablet serving an attempt's finalist now. */
	const servedBy = (attemptId: string) => {
		const f = finalistByAttempt.get(attemptId);
		return f?.device_id ?? (f && deviceBySeat.get(f.seat_id)?.id) ?? null;
	};
	/** Device id → the attempts whose finalist it serves now. */
	const serving = new Map<string, string[]>();
	for (const a of attempts) {
		const deviceId = servedBy(a.id);
		if (deviceId !== null) serving.set(deviceId, [...(serving.get(deviceId) ?? []), a.id]);
	}
	await yieldToServer();
	const incidents = (
		await db
			.selectFrom('incident')
			.selectAll()
			.where('room_id', '=', roomId)
			.orderBy('id', 'desc')
			.limit(100)
			.execute()
	).map((i) => ({ ...i, params: i.params ? (JSON.parse(i.params) as Record<string, unknown>) : null }));
	const deviceRows = devices.map((d) => {
		const report = JSON.parse(d.report) as Report;
		const mine = fromDevice.get(d.id) ?? new Map();
		// The attempts it holds: sent from, reported, or serving now.
		const heldIds = new Set([
			...mine.keys(),
			...Object.keys(report.lastSeqs ?? {}),
			...(serving.get(d.id) ?? [])
		]);
		const heldAttempts = [...heldIds].flatMap((id) => attemptById.get(id) ?? []);
		const allSent = safeToWipe(d, report, heldAttempts, mine);
		// What the wipe and the move decide by (actions/devices.ts), from this grid's reads.
		const busy = firstOpen(
			(serving.get(d.id) ?? []).map((id) => ({
				sbd: finalistByAttempt.get(id)!.sbd,
				attempt: attemptById.get(id)
			})),
			now
		);
		return {
			id: d.id,
			label: d.label,
			status: d.status,
			seatId: d.seat_id,
			lastSeenAt: d.last_seen_at,
			online: d.last_seen_at !== null && now - d.last_seen_at <= ONLINE_AT_LOCK_MS,
			readiness: JSON.parse(d.readiness) as Record<string, unknown>,
			unsent: typeof report.unsent === 'number' ? report.unsent : null,
			/** Read out to a finalist after three wrong PINs; opens nothing else. */
			unlockCode: pinUnlockCode(venue, d.id),
			/** Opens proctor mode: the proctor types it himself. */
			proctorCode: proctorModeCode(venue, d.id),
			allSent,
			/** A wipe of it would be accepted now (actions/devices.ts `wipeOffered`). */
			mayWipe: wipeOffered({
				started: venue.started_at !== null,
				device: d,
				busy,
				allSent,
				allHeldLost: allLost(heldIds, (id) => finalistByAttempt.get(id))
			}),
			/**
			 * A finalist may be moved to it now (`spareRefusal`), unless it is that finalist's own tablet
			 * (`sameDevice`); a move to a tablet not offered is refused, whoever the finalist.
			 */
			mayMoveTo: spareRefusal(venue.locked_at !== null, d, busy) === null
		};
	});
	await yieldToServer();
	const deviceRowById = firstBy(deviceRows, (d) => d.id);
	const deviceRowBySeat = firstBy(deviceRows, (d) => d.seatId);
	const started = venue.started_at !== null;
	const layout = roomLayout(room.settings, seats.length);
	return {
		ok: true as const,
		now,
		/** A tablet is online while its last heartbeat is at most this old (the lock's rule too). */
		onlineMs: ONLINE_AT_LOCK_MS,
		room: {
			id: room.id,
			name: room.name,
			roundId: room.round_id,
			opensAt: room.opens_at,
			closesAt: room.closes_at,
			questionCount: room.question_count,
			status: venue.status,
			startedAt: venue.started_at,
			lockedAt: venue.locked_at,
			finalisedAt: venue.finalised_at,
			enrolCode: venue.enrol_expires_at && venue.enrol_expires_at > now ? venue.enrol_code : null,
			enrolExpiresAt: venue.enrol_expires_at,
			startCode: started ? venue.start_code : null,
			startTimeCode: started ? await codeFor(venue, 'T', startTimeTicks(venue.started_at!), '*') : null
		},
		layout,
		seats: seats.map((s) => {
			const f = finalistBySeat.get(s.id);
			const device = f?.device_id ? deviceRowById.get(f.device_id) : deviceRowBySeat.get(s.id);
			const a = f?.attempt_id != null ? attemptById.get(f.attempt_id) : undefined;
			const events = f?.attempt_id ? byAttempt.get(f.attempt_id) : undefined;
			const answered = events?.answered ?? 0;
			const anyEvent = events?.anyAnswer ?? false;
			return {
				seatId: s.id,
				label: s.label,
				finalist: f
					? { id: f.id, sbd: f.sbd, name: f.full_name, signedIn: f.signed_in_at !== null, lost: f.lost === 1 }
					: null,
				present: !!f && cameToRoom(f.signed_in_at, anyEvent),
				/** Not come, once the room has started. */
				absent: !!f && started && !cameToRoom(f.signed_in_at, anyEvent),
				device: device ?? null,
				state: a ? { ...stateOf(a), deadline: attemptDeadline(a) } : null,
				/** The finalist may be moved now (`moveRefusal`), to a tablet that `mayMoveTo`. */
				mayMove: !!a && moveRefusal(a, now) === null,
				answered,
				// Only once the attempt is closed: a spare's /continue grades a running attempt to
				// know what counts (package.ts), and the console showed that score mid-exam.
				score: a && isClosed(a) ? (f?.score ?? null) : null,
				max: a && isClosed(a) ? (f?.max_score ?? null) : null
			};
		}),
		devices: deviceRows,
		incidents,
		codes: await roomCodes(db, venue)
	};
}
