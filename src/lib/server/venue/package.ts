// What a tablet downloads: the sealed room package, the keys at Start, and where a
// moved finalist continues from.
import type { Db } from '../db';
import { stripKey } from '$lib/exam/paper';
import { winningEvents, type DeviceEvent } from '$lib/exam/merge';
import {
	importAesKey,
	makePinVerifier,
	pinUnlockLabel,
	unlockLabel,
	rawKeyFromB64,
	sealJson,
	type PinVerifier,
	type Sealed
} from '$lib/exam/venue-crypto';
import { type TokenClaims } from '../tokens';
import { gradeAttempt } from '../attempts';
import { type Failure, failure, iv, deviceOf, serverElapsed, venueState } from './shared';
import { pinUnlockCode, proctorModeCode, salt, pinVerifierOf } from './pins';
import { prepareRoom } from './prepare';
import { readPaper } from '../db/stored';

export interface RoomPackage {
	roomId: string;
	roomName: string;
	durationMs: number;
	maxLateMs: number;
	wrappedKey: Sealed;
	/** Checks the proctor-mode code, offline (the name is from when one code did both jobs). */
	unlockCheck: PinVerifier;
	/** Checks the PIN-unlock code (after three wrong PINs), offline; it opens nothing else. */
	pinUnlockCheck: PinVerifier;
	finalists: {
		finalistId: string;
		attemptId: string;
		sbd: string;
		seatId: string | null;
		pinCheck: PinVerifier;
		paper: Sealed;
		name: string | null;
	}[];
}

/**
 * The room's papers, sealed with the paper key (still on the server until Start), for an
 * approved tablet. Names travel only for the tablet's own seat.
 */
export async function roomPackage(
	db: Db,
	claims: TokenClaims | null,
	now = Date.now()
): Promise<RoomPackage | Failure> {
	const device = await deviceOf(db, claims);
	if ('ok' in device) return device;
	if (device.status !== 'approved') return failure('notApproved');
	const venue = await prepareRoom(db, device.room_id, now);
	if ('ok' in venue) return venue;
	const room = await db
		.selectFrom('room')
		.innerJoin('round', 'round.id', 'room.round_id')
		.select(['room.name', 'round.duration_s'])
		.where('room.id', '=', device.room_id)
		.executeTakeFirstOrThrow();
	const paperKey = await importAesKey(rawKeyFromB64(venue.paper_key));
	const rows = await db
		.selectFrom('finalist')
		.innerJoin('attempt_paper', 'attempt_paper.attempt_id', 'finalist.attempt_id')
		.innerJoin('app_user', 'app_user.id', 'finalist.user_id')
		.select([
			'finalist.id',
			'finalist.sbd',
			'finalist.pin',
			'finalist.pin_verifier',
			'finalist.seat_id',
			'finalist.device_id',
			'attempt_paper.attempt_id',
			'attempt_paper.paper',
			'app_user.full_name'
		])
		.where('finalist.room_id', '=', device.room_id)
		.orderBy('finalist.sbd')
		.execute();
	const finalists = [];
	for (const r of rows) {
		const mine = (device.seat_id !== null && r.seat_id === device.seat_id) || r.device_id === device.id;
		finalists.push({
			finalistId: r.id,
			attemptId: r.attempt_id,
			sbd: r.sbd,
			seatId: r.seat_id,
			pinCheck: await pinVerifierOf(db, device.room_id, r),
			// The tablet never needs the key of a graded paper.
			paper: await sealJson(paperKey, stripKey(readPaper(r.paper)), r.attempt_id, iv()),
			name: mine ? r.full_name : null
		});
	}
	return {
		roomId: device.room_id,
		roomName: room.name,
		durationMs: room.duration_s * 1000,
		maxLateMs: venue.max_late_ms,
		wrappedKey: JSON.parse(venue.wrapped_key) as Sealed,
		unlockCheck: await makePinVerifier(
			device.room_id,
			unlockLabel(device.id),
			proctorModeCode(venue, device.id).replace('-', ''),
			salt()
		),
		pinUnlockCheck: await makePinVerifier(
			device.room_id,
			pinUnlockLabel(device.id),
			pinUnlockCode(venue, device.id).replace('-', ''),
			salt()
		),
		finalists
	};
}

/**
 * At Start, online tablets get the keys the start code would give them. The first release is
 * kept: from the tablet's next heartbeat on, its finalist has started (heartbeat.ts).
 */
export async function releaseKeys(db: Db, claims: TokenClaims | null, now = Date.now()) {
	const device = await deviceOf(db, claims);
	if ('ok' in device) return device;
	if (device.status !== 'approved') return failure('notApproved');
	const venue = await db
		.selectFrom('venue_room')
		.selectAll()
		.where('room_id', '=', device.room_id)
		.executeTakeFirst();
	if (!venue || venue.started_at === null) return failure('notStarted');
	if (device.keys_at === null)
		await db
			.updateTable('device')
			.set({ keys_at: now })
			.where('id', '=', device.id)
			.where('keys_at', 'is', null)
			.execute();
	return {
		ok: true as const,
		paperKey: venue.paper_key,
		codeKey: venue.code_key,
		startedAt: venue.started_at
	};
}

/** Where a finalist moved to another tablet continues from: what the server holds. */
export async function continuation(db: Db, claims: TokenClaims | null, attemptId: string, now = Date.now()) {
	const device = await deviceOf(db, claims);
	if ('ok' in device) return device;
	const f = await db
		.selectFrom('finalist')
		.select(['room_id', 'device_id'])
		.where('attempt_id', '=', attemptId)
		.executeTakeFirst();
	if (!f || f.room_id !== device.room_id || f.device_id !== device.id) return failure('notSeated');
	const attempt = await db
		.selectFrom('attempt')
		.selectAll()
		.where('id', '=', attemptId)
		.executeTakeFirstOrThrow();
	const graded = await db.transaction().execute((tx) => gradeAttempt(tx, attempt, now));
	const rows = await db.selectFrom('answer_event').selectAll().where('attempt_id', '=', attemptId).execute();
	const events: DeviceEvent[] = rows.map((r) => ({
		deviceId: r.device_id,
		counts: r.counts === 1,
		event: {
			seq: r.seq,
			questionId: r.question_id,
			choice: r.choice === null ? null : JSON.parse(r.choice),
			at: r.at,
			elapsedMs: r.elapsed_ms,
			hash: r.hash
		}
	}));
	const answers: Record<string, string | number | null> = {};
	for (const [q, e] of winningEvents(events)) answers[q] = e.event.choice;
	return {
		ok: true as const,
		answers,
		elapsedMs: await serverElapsed(db, device.room_id, graded, now),
		state: venueState(graded)
	};
}
