// The proctor's actions on the room's time: start, pause and resume (the room or one seat),
// extend one seat, lock.
import type { Db } from '../../db';
import type { RoundKind } from '../../db/schema';
import type { Attempt } from '../../db/tables-exam';
import {
	awaitsGrading,
	gradeAttempt,
	lockedRead,
	markClosed,
	roomPauses,
	roundKind,
	type RoundFacts
} from '../../attempts';
import { failure } from '../../failure';
import { loadCorrections } from '../../results/corrections';
import { codeFor, roomAttempts, syncPauses, withPauses } from '../shared';
import { extendCodeValue } from '$lib/exam/venue-crypto';
import { recordIncident } from '../incidents';
import { yieldToServer } from '../../turns';
import type { Handler } from './context';
import { isClosed, seatAttempt } from './seats';

const when = (ms: number) =>
	new Date(ms).toLocaleString('vi-VN', {
		timeZone: 'Asia/Ho_Chi_Minh',
		dateStyle: 'short',
		timeStyle: 'short'
	});

export const start: Handler<{ action: 'start' }> = async ({ tx, venue, roomId, now, done }) => {
	if (venue.started_at !== null) return failure('alreadyStarted');
	// The round's window, as the organiser set it (they can move it on the round's page).
	const round = await tx
		.selectFrom('room')
		.innerJoin('round', 'round.id', 'room.round_id')
		.select(['round.opens_at', 'round.closes_at'])
		.where('room.id', '=', roomId)
		.executeTakeFirstOrThrow();
	if (now < round.opens_at || now >= round.closes_at)
		return failure('outsideWindow', { opens: when(round.opens_at), closes: when(round.closes_at) });
	// Only a room not yet started: a second guard beside the room's lock (index.ts), so that one
	// start alone gives the room and its attempts their instant.
	const started = await tx
		.updateTable('venue_room')
		.set({ status: 'running', started_at: now })
		.where('room_id', '=', roomId)
		.where('started_at', 'is', null)
		.executeTakeFirst();
	if (Number(started.numUpdatedRows) === 0) return failure('alreadyStarted');
	const ids = (await roomAttempts(tx, roomId)).filter((x) => x.status === 'waiting').map((x) => x.id);
	if (ids.length)
		await tx
			.updateTable('attempt')
			.set({ status: 'running', started_at: now })
			.where('id', 'in', ids)
			.execute();
	return done({ ok: true, code: venue.start_code });
};

export const pauseOrResume: Handler<{ action: 'pause' | 'resume'; seatId?: string }> = async (c, a) => {
	const { tx, venue, roomId, now } = c;
	if (venue.started_at === null || venue.locked_at !== null) return failure('notRunning');
	let attemptId: string | null = null;
	if (a.seatId !== undefined) {
		const at = await seatAttempt(c, a.seatId);
		if ('ok' in at) return at;
		// A submitted attempt's time is settled: a pause or resume of it would only give the
		// room a short code that changes nothing, and the minutes an action that did nothing.
		if (isClosed(at, now)) return failure('attemptClosed');
		attemptId = at.id;
	}
	const open = await tx
		.selectFrom('pause')
		.select('id')
		.where('room_id', '=', roomId)
		.where('to_at', 'is', null)
		.where((eb) => (attemptId !== null ? eb('attempt_id', '=', attemptId) : eb('attempt_id', 'is', null)))
		.executeTakeFirst();
	if (a.action === 'pause') {
		if (open) return failure('alreadyPaused');
		await tx
			.insertInto('pause')
			.values({ room_id: roomId, attempt_id: attemptId, from_at: now, to_at: null })
			.execute();
	} else {
		if (!open) return failure('notPaused');
		await tx.updateTable('pause').set({ to_at: now }).where('id', '=', open.id).execute();
	}
	if (a.seatId === undefined)
		await tx
			.updateTable('venue_room')
			.set({ status: a.action === 'pause' ? 'paused' : 'running' })
			.where('room_id', '=', roomId)
			.execute();
	const pauses = await roomPauses(tx, roomId);
	for (const at of await roomAttempts(tx, roomId, a.seatId)) await syncPauses(tx, at, now, pauses);
	return c.done({
		ok: true,
		code: await codeFor(venue, a.action === 'pause' ? 'P' : 'R', c.since(now), a.seatId ?? '*')
	});
};

/**
 * What one attempt may be given in extensions, in all: its own duration. An extension gives a
 * finalist back time a fault at their seat took (a tablet swapped, a tablet restarted); a
 * stoppage of the room is a pause, which has no bound. More than the whole paper's time again
 * is no longer a correction but a second sitting, and a typing slip of the proctor (60 for 6,
 * twice) would otherwise give it.
 */
const extensionCap = (a: Pick<Attempt, 'duration_ms'>) => a.duration_ms;

export const extend: Handler<{ action: 'extend'; seatId: string; minutes: number }> = async (c, a) => {
	const { tx, venue, roomId, now } = c;
	const at = await seatAttempt(c, a.seatId);
	if ('ok' in at) return at;
	if (venue.locked_at !== null) return failure('lockedNoExtend');
	if (isClosed(at, now)) return failure('attemptClosed');
	const added = a.minutes * 60_000;
	const cap = extensionCap(at);
	if (at.extension_ms + added > cap)
		return failure('extensionCapped', {
			max: Math.floor(cap / 60_000),
			left: Math.max(0, Math.floor((cap - at.extension_ms) / 60_000))
		});
	await tx
		.updateTable('attempt')
		.set({ extension_ms: at.extension_ms + added })
		.where('id', '=', at.id)
		.execute();
	await recordIncident(tx, {
		roomId,
		seatId: a.seatId,
		at: now,
		kind: 'extend',
		params: { minutes: a.minutes },
		actorId: c.actorId
	});
	// The code carries the seat's new total, so two extensions of the same length differ.
	const totalMinutes = extendCodeValue(at.extension_ms + a.minutes * 60_000);
	return c.done({ ok: true, code: await codeFor(venue, 'E', totalMinutes, a.seatId) }, { totalMinutes });
};

export const lock: Handler<{ action: 'lock' }> = async (c) => {
	const { tx, venue, roomId, now } = c;
	if (venue.started_at === null) return failure('notStarted');
	if (venue.locked_at !== null)
		return { ok: true, code: await codeFor(venue, 'L', c.since(venue.locked_at), '*') };
	await tx
		.updateTable('pause')
		.set({ to_at: now })
		.where('room_id', '=', roomId)
		.where('to_at', 'is', null)
		.execute();
	await tx
		.updateTable('venue_room')
		.set({ status: 'locked', locked_at: now })
		.where('room_id', '=', roomId)
		.execute();
	// Every attempt of the room is closed in this one transaction, and what each tablet may
	// still deliver is judged at this instant; the grading comes after the commit (gradeLocked),
	// so that the room hears of the lock without waiting for a thousand gradings.
	const open = (await roomAttempts(tx, roomId)).filter(
		(at) => at.status === 'running' || at.status === 'paused' || at.status === 'waiting'
	);
	const pauses = await roomPauses(tx, roomId);
	const kinds = new Map<string, RoundKind>();
	for (const at of open) {
		let kind = kinds.get(at.round_id);
		if (!kind) kinds.set(at.round_id, (kind = await roundKind(tx, at.round_id)));
		// Its pauses brought up to the lock and its close in one write.
		await markClosed(tx, withPauses(at, now, pauses), 'lock', now, 'locked', undefined, { kind });
	}
	return c.done({ ok: true, code: await codeFor(venue, 'L', c.since(now), '*') });
};

/** Attempts graded in one transaction after the lock; the loop serves others between them. */
const GRADED_AT_ONCE = 25;

/**
 * Grades the attempts the room's lock closed and nothing has graded since (a tablet's submit or
 * late batch grades its own): after the lock's commit, in small transactions. Run again by a
 * second lock, it finishes what a stopped server left.
 */
export async function gradeLocked(db: Db, roomId: string, now: number): Promise<void> {
	const room = await db
		.selectFrom('venue_room')
		.select('locked_at')
		.where('room_id', '=', roomId)
		.executeTakeFirst();
	if (!room || room.locked_at === null) return;
	const todo = (await roomAttempts(db, roomId)).filter(awaitsGrading).map((a) => a.id);
	const pauses = await roomPauses(db, roomId);
	const facts = new Map<string, RoundFacts>();
	for (let i = 0; i < todo.length; i += GRADED_AT_ONCE) {
		if (i > 0) await yieldToServer();
		await db.transaction().execute(async (tx) => {
			// Locked as an ingest locks its attempt (hot-sql.ts readAttemptAndDevice): a late batch's own
			// grading comes wholly before this one or after it, never overwritten by a grade that
			// missed its events.
			const q = tx
				.selectFrom('attempt')
				.selectAll()
				.where('id', 'in', todo.slice(i, i + GRADED_AT_ONCE));
			const chunk = await lockedRead(tx, q).execute();
			for (const at of chunk.filter(awaitsGrading)) {
				let round = facts.get(at.round_id);
				if (!round) {
					round = {
						kind: await roundKind(tx, at.round_id),
						corrections: await loadCorrections(tx, at.round_id),
						room: { lockedAt: room.locked_at!, pauses }
					};
					facts.set(at.round_id, round);
				}
				await gradeAttempt(tx, at, now, round);
			}
		});
	}
}
