import { describe, expect, it } from 'vitest';
import { eventCounts, needsReview, type CountingRules, type DeviceRules, type Verdict } from './counting';

const MIN = 60_000;
const START = Date.UTC(2026, 3, 12, 1, 0);
const ALLOWED = 25 * MIN;
const DEADLINE = START + ALLOWED;
const GRACE = 2 * MIN;

const home: CountingRules = { mode: 'home', allowedMs: ALLOWED, deadline: DEADLINE, graceMs: GRACE };
const venue: CountingRules = { mode: 'venue', allowedMs: ALLOWED };
const locked: CountingRules = { ...venue, lockedAtElapsedMs: 20 * MIN };

const open: DeviceRules = {};
const submitter: DeviceRules = { cutoff: { kind: 'submitted', lastSeq: 10 } };
const other: DeviceRules = { cutoff: { kind: 'held' } };
const online: DeviceRules = { cutoff: { kind: 'online', lastSeq: 12 } };
const offline: DeviceRules = { cutoff: { kind: 'offline' } };
const moved: DeviceRules = { movedAtElapsedMs: 12 * MIN };
const movedThenLocked: DeviceRules = { movedAtElapsedMs: 12 * MIN, cutoff: { kind: 'offline' } };

const yes: Verdict = { counts: true };
const no = (reason: Extract<Verdict, { counts: false }>['reason']): Verdict => ({ counts: false, reason });

/** An event: seq, active time, arrival, and what the server knew when it arrived. */
const ev = (
	seq: number,
	elapsedMs: number,
	receivedAt: number,
	late: { close?: boolean; move?: boolean } = {}
) => ({
	seq,
	elapsedMs,
	receivedAt,
	afterClose: late.close ?? false,
	afterMove: late.move ?? false
});
const CLOSED = { close: true };
const MOVED = { move: true };

// [what, rules, device, event, verdict]
const table: [string, CountingRules, DeviceRules, ReturnType<typeof ev>, Verdict][] = [
	['home: in time, sent at once', home, open, ev(1, 10 * MIN, START + 10 * MIN), yes],
	['home: last moment of the allowed time', home, open, ev(1, ALLOWED, DEADLINE), yes],
	['home: one ms over the allowed time', home, open, ev(1, ALLOWED + 1, DEADLINE), no('over_time')],
	['home: made in time, arrives within grace', home, open, ev(1, 24 * MIN, DEADLINE + GRACE), yes],
	[
		'home: made in time, arrives after grace',
		home,
		open,
		ev(1, 24 * MIN, DEADLINE + GRACE + 1),
		no('late_arrival')
	],
	[
		'home: over time and late: over time named',
		home,
		open,
		ev(1, ALLOWED + MIN, DEADLINE + GRACE + 1),
		no('over_time')
	],
	// Closed means closed (issue 10 point 1): the key-recovery probe posts after its submit.
	['home: submitting device, seq within the submission', home, submitter, ev(10, MIN, START + MIN), yes],
	[
		'home: submitting device, held at the submit but past its lastSeq',
		home,
		submitter,
		ev(11, MIN, START + MIN),
		no('after_submit')
	],
	[
		'home: submitting device, arrives after the submit',
		home,
		submitter,
		ev(11, MIN, START + 2 * MIN, CLOSED),
		no('after_submit')
	],
	[
		'home: submitting device, a low seq arriving after the submit',
		home,
		submitter,
		ev(3, MIN, START + 2 * MIN, CLOSED),
		no('after_submit')
	],
	['home: another device, held at the submit', home, other, ev(40, 2 * MIN, START + MIN), yes],
	[
		'home: another device, arrives after the submit',
		home,
		other,
		ev(1, MIN, START + 2 * MIN, CLOSED),
		no('after_submit')
	],
	[
		'home: a device unknown at the close, arrives after it',
		home,
		open,
		ev(1, MIN, START + 2 * MIN, CLOSED),
		no('after_submit')
	],
	['venue: in time, arrives whenever', venue, open, ev(1, 24 * MIN, DEADLINE + 3 * 60 * MIN), yes],
	['venue: over the allowed time', venue, open, ev(1, ALLOWED + 1, DEADLINE), no('over_time')],
	// The lock (points 4 and 5): what the server held then counts, whatever the tablet's clock.
	['venue lock: held before the lock, tablet clock past it', locked, online, ev(20, 21 * MIN, START), yes],
	[
		'venue lock: online tablet, reported before the lock',
		locked,
		online,
		ev(12, 21 * MIN, DEADLINE, CLOSED),
		yes
	],
	[
		'venue lock: online tablet, beyond its last report, small elapsed',
		locked,
		online,
		ev(13, 5 * MIN, DEADLINE, CLOSED),
		no('after_lock')
	],
	[
		'venue lock: offline tablet, made before the lock',
		locked,
		offline,
		ev(30, 20 * MIN, DEADLINE, CLOSED),
		yes
	],
	[
		'venue lock: offline tablet, made after the lock',
		locked,
		offline,
		ev(31, 20 * MIN + 1, DEADLINE, CLOSED),
		no('after_lock')
	],
	[
		'venue lock: offline tablet, after the lock and over time',
		locked,
		offline,
		ev(31, ALLOWED + 1, DEADLINE, CLOSED),
		no('after_lock')
	],
	[
		'venue: the finalist submitted on the tablet, a later event',
		venue,
		submitter,
		ev(11, MIN, DEADLINE, CLOSED),
		no('after_submit')
	],
	// The move (point 5): the old tablet keeps what the server held at the move.
	['venue move: on the old tablet before the move', venue, moved, ev(5, 12 * MIN, DEADLINE, MOVED), yes],
	[
		'venue move: old tablet, made after the move, arrives after it',
		venue,
		moved,
		ev(6, 12 * MIN + 1, DEADLINE, MOVED),
		no('after_move')
	],
	[
		'venue move: old tablet clock past the move, held by the server at the move',
		venue,
		moved,
		ev(6, 12 * MIN + 900, START + 12 * MIN),
		yes
	],
	[
		'venue move: after move and lock: move named',
		locked,
		movedThenLocked,
		ev(7, 21 * MIN, DEADLINE, { close: true, move: true }),
		no('after_move')
	],
	[
		'venue move: after the move and over time',
		venue,
		moved,
		ev(7, ALLOWED + 1, DEADLINE, MOVED),
		no('after_move')
	]
];

describe('eventCounts', () => {
	it.each(table)('%s', (_what, rules, device, event, verdict) => {
		expect(eventCounts(event, rules, device)).toEqual(verdict);
	});
});

describe('needsReview', () => {
	// [what, device, arrived after the close, listed]
	const rows: [string, DeviceRules, boolean, boolean][] = [
		['offline at the lock, arrives after it', offline, true, true],
		['offline at the lock, held before it', offline, false, false],
		// Its count rests on the lastSeqs it reported itself: an inflated report must not pass unseen.
		['online at the lock, arrives after it', online, true, true],
		['online at the lock, held before it', online, false, false],
		['after a submit', other, true, false]
	];
	it.each(rows)('%s', (_what, device, afterClose, listed) => {
		expect(needsReview({ afterClose }, device)).toBe(listed);
	});
});
