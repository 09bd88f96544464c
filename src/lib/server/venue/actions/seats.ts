// What the proctor's actions on one seat or one tablet act on: the seat's attempt, whether an
// attempt is still open, and the open attempts a tablet serves.
import type { Attempt } from '../../db/tables-exam';
import type { Device } from '../../db/tables-venue';
import { isExpired, lockedRead } from '../../attempts';
import { failure, type Failure } from '../../failure';
import { readServed } from '../heartbeat-sql';
import type { ActionContext } from './context';

/**
 * Closed: submitted, locked, or past its deadline and grace (the server closes it at its next
 * look, `closeExpiredAttempts`). Nothing a proctor does to its time changes it any more.
 */
export function isClosed(a: Attempt, now: number): boolean {
	return a.status === 'submitted' || a.status === 'locked' || isExpired(a, now);
}

/**
 * The attempt of the finalist at `seatId`, a seat of this room (an id of another room's seat, or
 * of none, is refused rather than read as "any seat"). Locked as a submit and the server's
 * close lock it, so that neither closes it between this read and the action's write.
 */
export async function seatAttempt(c: ActionContext, seatId: string): Promise<Attempt | Failure> {
	const { tx, roomId } = c;
	const seat = await tx
		.selectFrom('seat')
		.select('id')
		.where('id', '=', seatId)
		.where('room_id', '=', roomId)
		.executeTakeFirst();
	if (!seat) return failure('noSeat');
	const f = await tx
		.selectFrom('finalist')
		.select('attempt_id')
		.where('room_id', '=', roomId)
		.where('seat_id', '=', seatId)
		.executeTakeFirst();
	if (!f || f.attempt_id === null) return failure('noFinalist');
	const q = tx.selectFrom('attempt').selectAll().where('id', '=', f.attempt_id);
	return lockedRead(tx, q).executeTakeFirstOrThrow();
}

/**
 * The first, by số báo danh, of the finalists a tablet serves whose attempt is still open (one
 * without an attempt serves no exam). The action reads them in its transaction
 * (`servesOpenAttempt`), the grid from its own reads (grid.ts), and both decide here.
 */
export function firstOpen(
	served: { sbd: string; attempt: Attempt | undefined }[],
	now: number
): { sbd: string } | null {
	let first: { sbd: string } | null = null;
	for (const f of served)
		if (f.attempt && !isClosed(f.attempt, now) && (first === null || f.sbd < first.sbd))
			first = { sbd: f.sbd };
	return first;
}

/**
 * The first finalist (other than `except`) the tablet serves now — at its seat or moved to it,
 * by the heartbeat's own rule (heartbeat-sql.ts `readServed`) — whose attempt is still open: a
 * tablet in someone's exam, which a move must not take and a wipe must not cut off.
 */
export async function servesOpenAttempt(
	c: Pick<ActionContext, 'tx' | 'now'>,
	device: Pick<Device, 'id' | 'room_id' | 'seat_id'>,
	except?: string
): Promise<{ sbd: string } | null> {
	const served = (await readServed(c.tx, device)).filter((f) => f.id !== except && f.attempt_id !== null);
	if (served.length === 0) return null;
	const attempts = await c.tx
		.selectFrom('attempt')
		.selectAll()
		.where(
			'id',
			'in',
			served.map((f) => f.attempt_id!)
		)
		.execute();
	const byId = new Map(attempts.map((a) => [a.id, a]));
	return firstOpen(
		served.map((f) => ({ sbd: f.sbd, attempt: byId.get(f.attempt_id!) })),
		c.now
	);
}
