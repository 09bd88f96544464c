// What every proctor action gets: the room's row inside the action's transaction, who acts
// and when, and `done`, which writes the audit entry and returns the result.
import type { Db } from '../../db';
import type { VenueRoom } from '../../db/tables-venue';
import type { Failure } from '../../failure';

export interface ActionResult {
	ok: true;
	/** What the proctor reads out to tablets that stay offline. */
	code?: string;
}

export interface ActionContext {
	tx: Db;
	venue: VenueRoom;
	roomId: string;
	actorId: string;
	now: number;
	/** Ticks of the room clock from the start to `t` (the short codes' time). */
	since(t: number): number;
	/**
	 * For a wipe: whether the console calls the tablet "all sent" (grid.ts `safeToWipe`), on the
	 * room's grid read just before this transaction (false for every other action).
	 */
	allSent: boolean;
	done(result: ActionResult, detail?: Record<string, unknown>): Promise<ActionResult>;
}

export type Handler<A> = (c: ActionContext, a: A) => Promise<ActionResult | Failure>;
