// The proctor's actions on tablets and seats: approve a tablet (to a seat), move a finalist
// to a spare, wipe a tablet, declare a finalist's tablet lost, write a note in the minutes.
import { failure, type Failure } from '../../failure';
import { serverElapsed } from '../shared';
import { recordIncident } from '../incidents';
import { newerPresence } from '../presence';
import { readServed } from '../heartbeat-sql';
import { isClosed, servesOpenAttempt } from './seats';
import { lockedRead } from '../../attempts';
import type { Handler } from './context';
import type { Db } from '../../db';
import type { Attempt } from '../../db/tables-exam';
import type { Device } from '../../db/tables-venue';

export const approve: Handler<{ action: 'approve'; deviceId: string; seatId: string | null }> = async (
	c,
	a
) => {
	const { tx, roomId } = c;
	const device = await tx
		.selectFrom('device')
		.select(['id', 'room_id', 'seat_id', 'status'])
		.where('id', '=', a.deviceId)
		.executeTakeFirst();
	if (!device || device.room_id !== roomId) return failure('noDevice');
	// Already so (a double tap, two consoles at once): nothing to do, and nothing in the minutes.
	if (device.status === 'approved' && device.seat_id === a.seatId) return { ok: true };
	if (a.seatId !== null) {
		const seat = await tx
			.selectFrom('seat')
			.select('id')
			.where('id', '=', a.seatId)
			.where('room_id', '=', roomId)
			.executeTakeFirst();
		if (!seat) return failure('noSeat');
		const displaced = await tx
			.selectFrom('device')
			.select('id')
			.where('room_id', '=', roomId)
			.where('seat_id', '=', a.seatId)
			.where('id', '!=', a.deviceId)
			.execute();
		for (const d of displaced) await leftSeat(c, d.id, a.seatId, a.deviceId);
		await tx
			.updateTable('device')
			.set({ seat_id: null })
			.where('room_id', '=', roomId)
			.where('seat_id', '=', a.seatId)
			.where('id', '!=', a.deviceId)
			.execute();
	}
	if (device.seat_id !== null && device.seat_id !== a.seatId)
		await leftSeat(c, device.id, device.seat_id, null);
	await tx
		.updateTable('device')
		.set({ status: 'approved', approved_at: c.now, seat_id: a.seatId })
		.where('id', '=', a.deviceId)
		.execute();
	return c.done({ ok: true });
};

/**
 * A tablet taken off a seat (approved to another, or another approved to its seat) stops
 * serving the finalist seated there — signed in on it or not — as if the finalist were moved
 * away from it (`move`): it may still deliver what it holds, but what it makes after now does not
 * count (`after_move`). The tablet approved to the seat (`takenBy`) serves them from now on, as
 * a spare they were moved to would: it continues from what the server holds (/continue). A
 * finalist moved to another tablet before stays there.
 */
async function leftSeat(
	c: Parameters<typeof approve>[0],
	deviceId: string,
	seatId: string,
	takenBy: string | null
) {
	const { tx, roomId, now } = c;
	const seated = await tx
		.selectFrom('finalist')
		.leftJoin('attempt', 'attempt.id', 'finalist.attempt_id')
		.select(['finalist.id as finalistId', 'attempt.id', 'attempt.started_at'])
		.where('finalist.room_id', '=', roomId)
		.where('finalist.seat_id', '=', seatId)
		.where((eb) => eb.or([eb('finalist.device_id', 'is', null), eb('finalist.device_id', '=', deviceId)]))
		.execute();
	for (const f of seated) {
		const attempt = f.id === null ? null : { id: f.id, started_at: f.started_at };
		if (attempt)
			await markMovedAway(tx, attempt.id, deviceId, await serverElapsed(tx, roomId, attempt, now), now);
		await tx.updateTable('finalist').set({ device_id: takenBy }).where('id', '=', f.finalistId).execute();
	}
}

/**
 * The finalist of `attemptId` no longer served by `deviceId` from `movedAt` of their active time:
 * the tablet may still deliver what it holds; what it made after does not count (`after_move`).
 * Whether they had begun is kept with it (`moved_started`): the server knew their start
 * (heartbeat.ts `markStartKnown`) or holds an answer. Only then does the tablet taking them over
 * continue from what the server holds; one who had not begun (a late arrival whose tablet was
 * replaced) begins there, with their own start.
 */
async function markMovedAway(tx: Db, attemptId: string, deviceId: string, movedAt: number, now: number) {
	const begun = await tx
		.selectFrom('finalist')
		.select((eb) => [
			'finalist.start_known_at',
			eb
				.exists(eb.selectFrom('answer_event').select('answer_event.seq').where('attempt_id', '=', attemptId))
				.as('answered')
		])
		.where('attempt_id', '=', attemptId)
		.executeTakeFirst();
	const started = begun && (begun.start_known_at !== null || !!begun.answered) ? 1 : 0;
	await tx
		.insertInto('attempt_device')
		.values({
			attempt_id: attemptId,
			device_id: deviceId,
			acked_seq: 0,
			head_hash: attemptId,
			chain_ok: 1,
			last_seen_at: now,
			moved_at_elapsed_ms: movedAt,
			moved_started: started
		})
		.onConflict((oc) =>
			oc
				.columns(['attempt_id', 'device_id'])
				.doUpdateSet({ moved_at_elapsed_ms: movedAt, moved_started: started })
		)
		.execute();
}

/**
 * Whether a tablet may take a finalist moved to it: the room not locked, the tablet approved,
 * and serving nobody else whose exam is still open (`busy`, seats.ts `servesOpenAttempt`) — a
 * tablet at a running finalist's seat (or one another finalist was moved to) would post the moved
 * finalist's answers beside theirs and be given either's answers (/continue). A tablet whose
 * finalist has finished is free. The move decides by it, and the grid offers spares by it
 * (grid.ts `mayMoveTo`).
 */
export function spareRefusal(
	locked: boolean,
	target: Pick<Device, 'label' | 'status'> | undefined,
	busy: { sbd: string } | null
): Failure | null {
	if (locked) return failure('lockedNoMove');
	if (!target || target.status !== 'approved') return failure('spareNotApproved');
	if (busy) return failure('spareInUse', { device: target.label, sbd: busy.sbd });
	return null;
}

/**
 * Whether the finalist may be moved at all: only while their exam is open (seats.ts `isClosed`).
 * A finalist who submitted, was collected, or ran past their deadline and grace is done: a move
 * would write one into the minutes and let the new tablet post for the closed attempt. The move
 * decides by it, and the grid offers a move of the seat's finalist by it (grid.ts `mayMove`).
 */
export function moveRefusal(attempt: Attempt, now: number): Failure | null {
	return isClosed(attempt, now) ? failure('attemptClosed') : null;
}

/** The finalist continues on a spare tablet: same start and deadline, what the server held. */
export const move: Handler<{ action: 'move'; finalistId: string; deviceId: string }> = async (c, a) => {
	const { tx, venue, roomId, now } = c;
	const f = await tx
		.selectFrom('finalist')
		.selectAll()
		.where('id', '=', a.finalistId)
		.where('room_id', '=', roomId)
		.executeTakeFirst();
	const target = await tx
		.selectFrom('device')
		.selectAll()
		.where('id', '=', a.deviceId)
		.where('room_id', '=', roomId)
		.executeTakeFirst();
	if (!f || !f.attempt_id) return failure('noFinalist');
	// Locked as a submit and the server's close lock it, so neither closes it before the move's write.
	const attempt = await lockedRead(
		tx,
		tx.selectFrom('attempt').selectAll().where('id', '=', f.attempt_id)
	).executeTakeFirstOrThrow();
	// The finalist moved is no one else: a tablet serving only them is their own (`sameDevice`).
	const busy = target ? await servesOpenAttempt(c, target, f.id) : null;
	const refused = spareRefusal(venue.locked_at !== null, target, busy) ?? moveRefusal(attempt, now);
	if (refused || !target) return refused ?? failure('spareNotApproved');
	const seated =
		f.seat_id !== null
			? await tx
					.selectFrom('device')
					.select('id')
					.where('room_id', '=', roomId)
					.where('seat_id', '=', f.seat_id)
					.executeTakeFirst()
			: undefined;
	const from = f.device_id ?? seated?.id ?? null;
	if (from === target.id) return failure('sameDevice');
	const movedAt = await serverElapsed(tx, roomId, attempt, now);
	if (from) await markMovedAway(tx, attempt.id, from, movedAt, now);
	await tx.updateTable('finalist').set({ device_id: target.id }).where('id', '=', f.id).execute();
	await recordIncident(tx, {
		roomId,
		seatId: f.seat_id,
		at: now,
		kind: 'move',
		params: { sbd: f.sbd, device: target.label },
		actorId: c.actorId
	});
	return c.done({ ok: true }, { from, movedAtElapsedMs: movedAt });
};

/** What a wipe turns on: read by the action in its transaction, and by the grid from its reads. */
export interface WipeFacts {
	started: boolean;
	device: Pick<Device, 'label' | 'status'>;
	/** The first finalist it serves whose exam is still open (seats.ts `firstOpen`). */
	busy: { sbd: string } | null;
	/** The console's "all sent" (grid.ts `safeToWipe`). */
	allSent: boolean;
	/** Every finalist whose answers it may hold was declared lost, and there is one (`allLost`). */
	allHeldLost: boolean;
}

/**
 * The proctor lets a tablet be wiped: the server stops hearing it (its token, its sync, its
 * uploaded log all end here). So it is refused while the tablet may hold answers the server
 * lacks — unless every finalist whose answers it holds was declared lost, which gives them up —
 * and always while it serves a finalist whose exam is still open. A broken tablet's finalist goes
 * to a spare (`move`); its answers still come by its log, uploaded with its token, until then.
 * Before the start no tablet holds an answer, and a tablet never approved holds nothing.
 */
export function wipeRefusal(w: WipeFacts): Failure | null {
	if (!w.started || w.device.status !== 'approved') return null;
	if (w.busy) return failure('wipeInUse', { device: w.device.label, sbd: w.busy.sbd });
	if (!w.allSent && !w.allHeldLost) return failure('wipeNotSent', { device: w.device.label });
	return null;
}

/**
 * The console offers a wipe where the action accepts it (`wipeRefusal`), except for a tablet
 * already wiped: wiping it again is accepted and does nothing but add to the minutes.
 */
export function wipeOffered(w: WipeFacts): boolean {
	return w.device.status !== 'wiped' && wipeRefusal(w) === null;
}

/**
 * Every finalist whose answers the tablet may hold (by attempt id; ids of no finalist of the
 * room do not count) was declared lost, and there is at least one.
 */
export function allLost(
	heldIds: Iterable<string>,
	finalistOf: (attemptId: string) => { lost: number } | undefined
) {
	let any = false;
	for (const id of heldIds) {
		const f = finalistOf(id);
		if (!f) continue;
		if (f.lost !== 1) return false;
		any = true;
	}
	return any;
}

export const wipe: Handler<{ action: 'wipe'; deviceId: string }> = async (c, a) => {
	const { tx, venue, roomId, now } = c;
	const device = await tx
		.selectFrom('device')
		.selectAll()
		.where('id', '=', a.deviceId)
		.where('room_id', '=', roomId)
		.executeTakeFirst();
	if (!device) return failure('noDevice');
	const refused = wipeRefusal({
		started: venue.started_at !== null,
		device,
		busy: await servesOpenAttempt(c, device),
		allSent: c.allSent,
		allHeldLost: await allHeldLost(c, device)
	});
	if (refused) return refused;
	await tx
		.updateTable('device')
		.set({ status: 'wiped', seat_id: null })
		.where('id', '=', a.deviceId)
		.where('room_id', '=', roomId)
		.execute();
	await recordIncident(tx, {
		roomId,
		seatId: null,
		at: now,
		kind: 'wipe',
		params: { device: device.label },
		actorId: c.actorId
	});
	return c.done({ ok: true });
};

/**
 * Whether every finalist whose answers the tablet may hold — those it serves, sent answers for,
 * was moved away from, or named in its last report (as the grid counts what a tablet holds) —
 * was declared lost (`allLost`).
 */
async function allHeldLost(c: Parameters<typeof wipe>[0], device: Device): Promise<boolean> {
	const { tx, roomId } = c;
	const report = JSON.parse(newerPresence(tx, device).report) as { lastSeqs?: unknown };
	const reported = report.lastSeqs && typeof report.lastSeqs === 'object' ? Object.keys(report.lastSeqs) : [];
	const sent = await tx
		.selectFrom('attempt_device')
		.select('attempt_id')
		.where('device_id', '=', device.id)
		.execute();
	const ids = [
		...new Set([
			...reported,
			...sent.map((r) => r.attempt_id),
			...(await readServed(tx, device)).flatMap((f) => (f.attempt_id === null ? [] : [f.attempt_id]))
		])
	];
	if (ids.length === 0) return false;
	const held = await tx
		.selectFrom('finalist')
		.select(['attempt_id', 'lost'])
		.where('room_id', '=', roomId)
		.where('attempt_id', 'in', ids)
		.execute();
	const byAttempt = new Map(held.map((f) => [f.attempt_id, f]));
	return allLost(ids, (id) => byAttempt.get(id));
}

export const declareLost: Handler<{ action: 'declareLost'; finalistId: string }> = async (c, a) => {
	const { tx, roomId, now } = c;
	const f = await tx
		.selectFrom('finalist')
		.select(['sbd', 'seat_id'])
		.where('id', '=', a.finalistId)
		.where('room_id', '=', roomId)
		.executeTakeFirst();
	if (!f) return failure('noFinalist');
	await tx
		.updateTable('finalist')
		.set({ lost: 1 })
		.where('id', '=', a.finalistId)
		.where('room_id', '=', roomId)
		.execute();
	await recordIncident(tx, {
		roomId,
		seatId: f.seat_id,
		at: now,
		kind: 'lost',
		params: { sbd: f.sbd },
		actorId: c.actorId
	});
	return c.done({ ok: true });
};

export const note: Handler<{ action: 'incident'; seatId: string | null; note: string }> = async (c, a) => {
	if (a.seatId !== null) {
		const seat = await c.tx
			.selectFrom('seat')
			.select('id')
			.where('id', '=', a.seatId)
			.where('room_id', '=', c.roomId)
			.executeTakeFirst();
		if (!seat) return failure('noSeat');
	}
	await recordIncident(c.tx, {
		roomId: c.roomId,
		seatId: a.seatId,
		at: c.now,
		kind: 'note',
		note: a.note,
		actorId: c.actorId
	});
	return c.done({ ok: true });
};
