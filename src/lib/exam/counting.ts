// Which events count. Events that do not count are kept and shown in the dispute view, with
// the reason given here; nothing is dropped.

export type NotCountedReason =
	/** Made on a tablet after the finalist was moved away from it. */
	| 'after_move'
	/** Made after the proctor locked the room (venue). */
	| 'after_lock'
	/** Made after the candidate's allowed active time ran out. */
	| 'over_time'
	/** Reached the server after deadline + grace (home). */
	| 'late_arrival';

export type CountingRules =
	| {
			mode: 'home';
			/** Duration + extensions: the active time the candidate may use. */
			allowedMs: number;
			/** The attempt's server-owned deadline (epoch ms). */
			deadline: number;
			/** A round setting, 2 minutes by default. */
			graceMs: number;
	  }
	| {
			mode: 'venue';
			allowedMs: number;
			/** The attempt's active time at the proctor's lock, once locked. */
			lockedAtElapsedMs?: number;
			/** When the server took the lock (server clock, epoch ms), once locked. */
			lockedAt?: number;
			/** For a tablet the finalist was moved away from: their active time at the move. */
			movedAtElapsedMs?: number;
	  };

export type Verdict = { counts: true } | { counts: false; reason: NotCountedReason };

/**
 * Whether one event counts. At home the device clock is the candidate's, so the server's
 * receipt time is what bounds it; at the venue the tablet's elapsed time is trusted, up to
 * the allowed time, the lock (unless the server already held the event then), or the
 * finalist's move. Where several reasons apply, the first
 * in the order of `NotCountedReason` is given: the most specific one for the dispute view.
 */
export function eventCounts(event: { elapsedMs: number; receivedAt: number }, rules: CountingRules): Verdict {
	if (rules.mode === 'venue') {
		if (rules.movedAtElapsedMs !== undefined && event.elapsedMs > rules.movedAtElapsedMs) {
			return { counts: false, reason: 'after_move' };
		}
		// What the server held before the lock was made before it, whatever the tablet's clock
		// says: a tablet that heard of a pause a heartbeat late runs that much ahead.
		const heldBeforeLock = rules.lockedAt !== undefined && event.receivedAt <= rules.lockedAt;
		if (
			rules.lockedAtElapsedMs !== undefined &&
			event.elapsedMs > rules.lockedAtElapsedMs &&
			!heldBeforeLock
		) {
			return { counts: false, reason: 'after_lock' };
		}
	}
	if (event.elapsedMs > rules.allowedMs) return { counts: false, reason: 'over_time' };
	if (rules.mode === 'home' && event.receivedAt > rules.deadline + rules.graceMs) {
		return { counts: false, reason: 'late_arrival' };
	}
	return { counts: true };
}
