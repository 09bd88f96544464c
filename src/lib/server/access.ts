// Who may post events to, or submit, an attempt: the bearer of its attempt token (home),
// or the tablet its finalist is seated at or was moved from (venue), until the round is
// finalised; and a token speaks only for the device it names.
import type { Db } from './db';
import type { TokenClaims } from './tokens';
import type { AttemptMode } from './db/tables-exam';
import { failure, type Failure } from './failure';
import type { Authorise } from './attempts';
import { deviceMayPost } from './venue';

export interface AttemptAccess {
	user_id: string;
	mode: AttemptMode;
	finalised_at: number | null;
}

/** What the token alone decides, before any read: there is one, and it is for this attempt. */
export function tokenFits(claims: TokenClaims | null, attemptId: string): Failure | null {
	if (!claims) return failure('badToken');
	if (claims.kind === 'attempt' && claims.attemptId !== attemptId) return failure('wrongAttempt');
	return null;
}

/** The rest, on the attempt's row (undefined: no such attempt). */
export async function mayPost(
	db: Db,
	claims: TokenClaims,
	attemptId: string,
	row: AttemptAccess | undefined
): Promise<true | Failure> {
	if (claims.kind === 'attempt') {
		// A home token speaks for a home attempt only: a venue attempt is its tablets'.
		if (!row || row.user_id !== claims.userId || row.mode !== 'home') return failure('attemptNotFound');
	} else if (!row || row.mode !== 'venue' || !(await deviceMayPost(db, claims, attemptId))) {
		return failure('notSeated');
	}
	if (row.finalised_at !== null) return failure('roundFinalised');
	return true;
}

/**
 * mayPost as a sync batch or a submit judges it: on the attempt row its own transaction reads
 * (attempts/ingest.ts, close.ts), not by a read of its own before it.
 */
export function postRights(claims: TokenClaims, attemptId: string): Authorise {
	return (tx, r) => mayPost(tx, claims, attemptId, r && { ...r.attempt, finalised_at: r.finalisedAt });
}

export async function authoriseAttempt(
	db: Db,
	claims: TokenClaims | null,
	attemptId: string
): Promise<true | Failure> {
	const refused = tokenFits(claims, attemptId);
	if (refused) return refused;
	const row = await db
		.selectFrom('attempt')
		.innerJoin('round', 'round.id', 'attempt.round_id')
		.select(['attempt.user_id', 'attempt.mode', 'round.finalised_at'])
		.where('attempt.id', '=', attemptId)
		.executeTakeFirst();
	return mayPost(db, claims!, attemptId, row);
}

/**
 * A batch or a submit names its device; the token must be that device's: a venue token is
 * its tablet's, a home token the (attempt, device) it was issued to at start or resume. A
 * home token from before tokens named a device speaks for none: starting again (a resume)
 * gives one that does.
 */
export function speaksFor(claims: TokenClaims, deviceId: string): true | Failure {
	if (claims.deviceId === deviceId) return true;
	return failure('wrongDevice');
}
