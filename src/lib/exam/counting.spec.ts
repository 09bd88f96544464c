import { describe, expect, it } from 'vitest';
import { eventCounts, type CountingRules, type Verdict } from './counting';

const MIN = 60_000;
const START = Date.UTC(2026, 3, 12, 1, 0);
const ALLOWED = 25 * MIN;
const DEADLINE = START + ALLOWED;
const GRACE = 2 * MIN;

const home: CountingRules = { mode: 'home', allowedMs: ALLOWED, deadline: DEADLINE, graceMs: GRACE };
const venue: CountingRules = { mode: 'venue', allowedMs: ALLOWED };
const LOCK_AT = START + 23 * MIN; // three minutes of pauses before the lock
const locked: CountingRules = { ...venue, lockedAtElapsedMs: 20 * MIN, lockedAt: LOCK_AT };
const moved: CountingRules = { ...venue, movedAtElapsedMs: 12 * MIN };
const movedThenLocked: CountingRules = { ...venue, movedAtElapsedMs: 12 * MIN, lockedAtElapsedMs: 20 * MIN };

const yes: Verdict = { counts: true };
const no = (reason: Extract<Verdict, { counts: false }>['reason']): Verdict => ({ counts: false, reason });

// [what, rules, elapsedMs, receivedAt, verdict]
const table: [string, CountingRules, number, number, Verdict][] = [
	['home: in time, sent at once', home, 10 * MIN, START + 10 * MIN, yes],
	['home: last moment of the allowed time', home, ALLOWED, DEADLINE, yes],
	['home: one ms over the allowed time', home, ALLOWED + 1, DEADLINE, no('over_time')],
	['home: made in time, arrives within grace', home, 24 * MIN, DEADLINE + GRACE, yes],
	['home: made in time, arrives after grace', home, 24 * MIN, DEADLINE + GRACE + 1, no('late_arrival')],
	['home: made in time, arrives hours later', home, 1 * MIN, DEADLINE + 3 * 60 * MIN, no('late_arrival')],
	['home: over time and late: over time named', home, ALLOWED + MIN, DEADLINE + GRACE + 1, no('over_time')],
	['home: lock and move do not exist', home, 24 * MIN, START, yes],
	['venue: in time, arrives whenever', venue, 24 * MIN, DEADLINE + 3 * 60 * MIN, yes],
	['venue: last moment of the allowed time', venue, ALLOWED, DEADLINE, yes],
	['venue: over the allowed time', venue, ALLOWED + 1, DEADLINE, no('over_time')],
	['venue: at the lock', locked, 20 * MIN, DEADLINE, yes],
	['venue: after the lock', locked, 20 * MIN + 1, DEADLINE, no('after_lock')],
	['venue: tablet clock past the lock, but on the server before it', locked, 20 * MIN + 900, LOCK_AT, yes],
	[
		'venue: tablet clock past the lock, reaching the server after it',
		locked,
		20 * MIN + 900,
		LOCK_AT + 1,
		no('after_lock')
	],
	['venue: after the lock and over time', locked, ALLOWED + 1, DEADLINE, no('after_lock')],
	['venue: on the old tablet before the move', moved, 12 * MIN, DEADLINE, yes],
	['venue: on the old tablet after the move', moved, 12 * MIN + 1, DEADLINE, no('after_move')],
	['venue: after move and lock: move named', movedThenLocked, 21 * MIN, DEADLINE, no('after_move')],
	['venue: after the move and over time', moved, ALLOWED + 1, DEADLINE, no('after_move')]
];

describe('eventCounts', () => {
	it.each(table)('%s', (_what, rules, elapsedMs, receivedAt, verdict) => {
		expect(eventCounts({ elapsedMs, receivedAt }, rules)).toEqual(verdict);
	});
});
