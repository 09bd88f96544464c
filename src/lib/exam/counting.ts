// Which events count. Events that do not count are kept and shown in the dispute view, with
// the reason given here; nothing is dropped.
//
// Two facts about an event are fixed when the server receives it, inside the transaction
// that stores it, so no later regrading and no same-millisecond race can change them:
// whether the attempt was already closed (`afterClose`) and whether the finalist had
// already been moved away from the sending tablet (`afterMove`). Everything else here is
// arithmetic on what the event says and what the close recorded per device.

export type NotCountedReason =
	/** Made on a tablet after the finalist was moved away from it. */
	| 'after_move'
	/** Reached the server after the room was locked, beyond what the tablet had at the lock. */
	| 'after_lock'
	/** Made after the candidate's allowed active time ran out. */
	| 'over_time'
	/** Reached the server after deadline + grace (home). */
	| 'late_arrival'
	/** Reached the server after the attempt was submitted or closed, beyond what counted then. */
	| 'after_submit';

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
	  };

/**
 * What a closed attempt still accepts from one device, recorded when it closed:
 * - `submitted`: the device that submitted; only its seq ≤ the submission's lastSeq.
 * - `held`: any other device, and every device of a home attempt the server closed: only
 *   what the server held at the close.
 * - `online`: a tablet online at the lock (a heartbeat within ONLINE_AT_LOCK_MS): what the
 *   server held, or the seq it reported in its last heartbeat before the lock with the chain's
 *   hash there, whichever is higher (`lastSeq`). A reported seq counts only once the chain
 *   that arrives ends in that hash (grade.ts `reportHolds`); otherwise `lastSeq` is 0 and
 *   nothing late counts. Its late arrivals are listed for review too (`needsReview`).
 * - `offline`: a tablet offline at the lock: its active time, bounded by the lock; every
 *   late arrival is listed for the organiser's review.
 */
export type DeviceCutoff =
	| { kind: 'submitted'; lastSeq: number }
	| { kind: 'held' }
	| { kind: 'online'; lastSeq: number }
	| { kind: 'offline' };

/** One device's standing in the attempt: its cut-off once closed, its move if moved away. */
export interface DeviceRules {
	cutoff?: DeviceCutoff;
	/** For a tablet the finalist was moved away from: their active time at the move. */
	movedAtElapsedMs?: number;
}

export interface CountedEvent {
	seq: number;
	elapsedMs: number;
	receivedAt: number;
	/** The attempt was closed when the server received the event. */
	afterClose?: boolean;
	/** The finalist had been moved away from the sending tablet when the server received it. */
	afterMove?: boolean;
}

export type Verdict = { counts: true } | { counts: false; reason: NotCountedReason };

/**
 * A tablet whose last heartbeat is this recent is online (the proctor console's "online" too).
 * Tablets beat every second, so three missed beats mean offline. Erring towards offline is the
 * safe side: an online tablet taken for offline is judged by its active time and listed for
 * review, while an offline one taken for online would lose answers made before the lock.
 */
export const ONLINE_AT_LOCK_MS = 3_000;

const no = (reason: NotCountedReason): Verdict => ({ counts: false, reason });

/**
 * Whether a late arrival from this device is listed for the organiser's review: every event a
 * tablet sends after the lock, online or offline then. An offline tablet's count rests on the
 * active time it claims; an online tablet's late answers count only as far as the chain it
 * reported before the lock, and those that do not are a human's to explain.
 */
export function needsReview(event: Pick<CountedEvent, 'afterClose'>, device: DeviceRules): boolean {
	const kind = device.cutoff?.kind;
	return event.afterClose === true && (kind === 'offline' || kind === 'online');
}

/**
 * Whether one event counts. At home the device clock is the candidate's, so the server's
 * receipt time is what bounds it; at the venue the tablet's elapsed time is trusted, up to
 * the allowed time and the finalist's move (unless the server already held the event then).
 * After the close only what the close allowed for the device counts. Where several reasons
 * apply, the first in the order of `NotCountedReason` is given: the most specific one.
 */
export function eventCounts(event: CountedEvent, rules: CountingRules, device: DeviceRules = {}): Verdict {
	if (
		rules.mode === 'venue' &&
		device.movedAtElapsedMs !== undefined &&
		event.afterMove === true &&
		event.elapsedMs > device.movedAtElapsedMs
	) {
		return no('after_move');
	}
	const cutoff = device.cutoff;
	if (event.afterClose && cutoff?.kind === 'online' && event.seq > cutoff.lastSeq) return no('after_lock');
	if (
		event.afterClose &&
		cutoff?.kind === 'offline' &&
		rules.mode === 'venue' &&
		rules.lockedAtElapsedMs !== undefined &&
		event.elapsedMs > rules.lockedAtElapsedMs
	) {
		return no('after_lock');
	}
	if (event.elapsedMs > rules.allowedMs) return no('over_time');
	if (rules.mode === 'home' && event.receivedAt > rules.deadline + rules.graceMs) {
		return no('late_arrival');
	}
	if (cutoff?.kind === 'submitted' && (event.seq > cutoff.lastSeq || event.afterClose)) {
		return no('after_submit');
	}
	// A device with no cut-off recorded was not serving the attempt at its close.
	if (event.afterClose && (cutoff === undefined || cutoff.kind === 'held')) return no('after_submit');
	return { counts: true };
}
