// The proctor's actions on a room and the short codes they give: the body's schema, and one
// function per action behind the table below, each run in one transaction with its audit entry.
import { z } from 'zod';
import type { Db } from '../../db';
import { codeTicks } from '$lib/exam/timer';
import { EXTEND_MINUTES } from '$lib/exam/extension';
import { audit } from '../../audit';
import { lockedRead } from '../../attempts';
import { failure, type Failure } from '../../failure';
import { prepareRoom, newEnrolCode } from '../prepare';
import { roomGrid } from '../grid';
import { forgetGrid } from '../grid-shared';
import type { ActionContext, ActionResult, Handler } from './context';
import { extend, gradeLocked, lock, pauseOrResume, start } from './clock';
import { approve, declareLost, move, note, wipe } from './devices';
import { reject } from './enrolments';
import { tabletsConcerned, type Concerned } from './concerns';

export type { ActionResult } from './context';

// A seat is named, or left out (the whole room); never named by an empty string, which a
// truthiness test would take for the whole room or, in a query, for the room's first seat.
const seatId = z.string().min(1).max(64);

export const actionBody = z.discriminatedUnion('action', [
	z.object({ action: z.literal('start') }),
	z.object({ action: z.literal('pause'), seatId: seatId.optional() }),
	z.object({ action: z.literal('resume'), seatId: seatId.optional() }),
	z.object({
		action: z.literal('extend'),
		seatId,
		minutes: z.number().int().min(EXTEND_MINUTES.min).max(EXTEND_MINUTES.max)
	}),
	z.object({ action: z.literal('lock') }),
	z.object({ action: z.literal('approve'), deviceId: z.string().max(64), seatId: seatId.nullable() }),
	z.object({ action: z.literal('move'), finalistId: z.string().max(64), deviceId: z.string().max(64) }),
	z.object({ action: z.literal('incident'), seatId: seatId.nullable(), note: z.string().min(1).max(1000) }),
	z.object({ action: z.literal('enrolCode') }),
	z.object({ action: z.literal('declareLost'), finalistId: z.string().max(64) }),
	z.object({ action: z.literal('wipe'), deviceId: z.string().max(64) }),
	z.object({ action: z.literal('reject'), deviceId: z.string().max(64).nullable() })
]);

export type RoomAction = z.infer<typeof actionBody>;
type Name = Exclude<RoomAction['action'], 'enrolCode'>;

const HANDLERS: { [N in Name]: Handler<Extract<RoomAction, { action: N }>> } = {
	start,
	pause: pauseOrResume,
	resume: pauseOrResume,
	extend,
	lock,
	approve,
	move,
	incident: note,
	declareLost,
	wipe,
	reject
};

/**
 * The actions on the room's clock whose short code a tablet applies as if the proctor had read
 * it out (client/venue/codes.ts `applyShortCode`): the note carries it, so the tablets show the
 * change on hearing it, with no heartbeat (a room's pause made a hall of tablets heartbeat in
 * the same instant). Not the start's: that code opens the paper.
 */
const PUSHED_CODES: ReadonlySet<RoomAction['action']> = new Set(['pause', 'resume', 'extend', 'lock']);

/**
 * Runs a proctor's action in its transaction. `committed` runs once it has committed (the route
 * tells the room's consoles there, and the tablets it concerns: concerns.ts, read before the
 * action), with the action's code where the tablets apply it (`PUSHED_CODES`); only then does the
 * lock grade the attempts it closed (clock.ts `gradeLocked`), so the result comes back with every
 * attempt graded.
 */
export async function roomAction(
	db: Db,
	roomId: string,
	actorId: string,
	a: RoomAction,
	now = Date.now(),
	committed?: (tablets: Concerned, code: string | undefined) => Promise<void>
): Promise<ActionResult | Failure> {
	const tablets = committed ? await tabletsConcerned(db, roomId, a) : null;
	const r = await runAction(db, roomId, actorId, a, now);
	if (!r.ok) return r;
	forgetGrid(db, roomId);
	await committed?.(tablets, PUSHED_CODES.has(a.action) ? r.code : undefined);
	if (a.action === 'lock') await gradeLocked(db, roomId, now);
	return r;
}

async function runAction(
	db: Db,
	roomId: string,
	actorId: string,
	a: RoomAction,
	now: number
): Promise<ActionResult | Failure> {
	const prepared = await prepareRoom(db, roomId, now);
	if ('ok' in prepared) return prepared;
	if (a.action === 'enrolCode') {
		const r = await newEnrolCode(db, roomId, actorId, now);
		return 'code' in r ? { ok: true, code: r.code } : r;
	}
	// After the lock a tablet is declared lost only while the server lacks some of its answers:
	// that declaration is what lets the organiser finalise a room whose tablet never comes back.
	if (a.action === 'declareLost' && prepared.locked_at !== null) {
		const grid = await roomGrid(db, roomId, now);
		const seat = grid.ok ? grid.seats.find((s) => s.finalist?.id === a.finalistId) : undefined;
		if (seat && (!seat.device || seat.device.allSent)) return failure('lockedNoLost');
	}
	// A wipe asks what the console's "all sent" says of the tablet (grid.ts `safeToWipe`), from
	// the grid read just before its transaction; what could change in between (a finalist moved
	// onto it) is checked again inside. Before the start no tablet can hold an answer.
	let allSent = false;
	if (a.action === 'wipe' && prepared.started_at !== null) {
		const grid = await roomGrid(db, roomId, now);
		allSent = grid.ok && grid.devices.some((d) => d.id === a.deviceId && d.allSent);
	}
	return db.transaction().execute(async (tx) => {
		// The room's row, locked before anything else the action reads or writes: a room's actions
		// run one after another, each deciding on what the one before it left (two starts, or two
		// pauses, sent at once — two proctors, a double tap — are one accepted and one refused). On
		// PostgreSQL the second waits here for the first's commit and reads the row as it left it;
		// SQLite's one connection runs each transaction from start to end (db/sqlite-driver.ts).
		// Always the room first, then its attempts (seats.ts `seatAttempt`, the clock's writes): no
		// other writer locks the room's row while holding an attempt, so no cycle.
		const venue = await lockedRead(
			tx,
			tx.selectFrom('venue_room').selectAll().where('room_id', '=', roomId)
		).executeTakeFirstOrThrow();
		const c: ActionContext = {
			tx,
			venue,
			roomId,
			actorId,
			now,
			since: (t) => codeTicks(venue.started_at ?? t, t),
			allSent,
			async done(result, detail = {}) {
				await audit(
					tx,
					{ actorId, action: `room.${a.action}`, target: roomId, detail: { ...a, ...detail } },
					now
				);
				return result;
			}
		};
		const handler = HANDLERS[a.action] as Handler<typeof a>;
		return handler(c, a);
	});
}
