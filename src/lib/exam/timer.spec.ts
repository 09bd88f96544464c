import { describe, expect, it } from 'vitest';
import {
	onlineElapsed,
	codeTicks,
	codeTime,
	placeCodeNews,
	startTimeFromTicks,
	startTimeTicks,
	venueStart,
	venuePause,
	activeElapsed,
	allowedActiveMs,
	clockOffset,
	countedStart,
	deadline,
	homeTimeUsedMs,
	pausedMsBetween,
	remainingMs,
	resumeElapsed,
	type PauseInterval
} from './timer';

const MIN = 60_000;
const T0 = Date.UTC(2026, 3, 12, 1, 0); // 08:00 in Hà Nội

/** A device wall clock the test sets by hand, forwards or backwards. */
class FakeClock {
	constructor(public now: number) {}
	advance(ms: number): number {
		this.now += ms;
		return this.now;
	}
	set(ms: number): number {
		this.now = ms;
		return ms;
	}
}

describe('deadline', () => {
	it('is start + duration + extensions + pauses', () => {
		const plain = { startedAt: T0, durationMs: 25 * MIN, extensionsMs: 0, pausedMs: 0 };
		expect(deadline(plain)).toBe(T0 + 25 * MIN);
		expect(deadline({ ...plain, extensionsMs: 3 * MIN, pausedMs: 2 * MIN })).toBe(T0 + 30 * MIN);
	});

	it('leaves the allowed active time unchanged by pauses', () => {
		expect(allowedActiveMs(25 * MIN, 3 * MIN)).toBe(28 * MIN);
	});
});

describe('pausedMsBetween / activeElapsed', () => {
	const pauses: PauseInterval[] = [
		{ from: T0 - 5 * MIN, to: T0 - 4 * MIN }, // before the start: not this attempt's time
		{ from: T0 + 5 * MIN, to: T0 + 7 * MIN },
		{ from: T0 + 6 * MIN, to: T0 + 8 * MIN }, // overlaps the one before: counted once
		{ from: T0 + 20 * MIN, to: null } // still running
	];

	it('counts overlapping pauses once and ignores those before the start', () => {
		expect(pausedMsBetween(pauses, T0, T0 + 10 * MIN)).toBe(3 * MIN);
	});

	it('counts a pause in progress up to now', () => {
		expect(pausedMsBetween(pauses, T0, T0 + 22 * MIN)).toBe(5 * MIN);
		expect(activeElapsed(T0, T0 + 22 * MIN, pauses)).toBe(17 * MIN);
	});

	it('stands still during a pause', () => {
		expect(activeElapsed(T0, T0 + 21 * MIN, pauses)).toBe(17 * MIN);
		expect(activeElapsed(T0, T0 + 30 * MIN, pauses)).toBe(17 * MIN);
	});

	it('counts only the part of a pause up to now', () => {
		expect(activeElapsed(T0, T0 + 6 * MIN, pauses)).toBe(5 * MIN);
	});

	it('ignores a pause that ends before it begins', () => {
		expect(pausedMsBetween([{ from: T0 + 5 * MIN, to: T0 + 4 * MIN }], T0, T0 + 10 * MIN)).toBe(0);
	});

	it('is never negative, even if now is before the start', () => {
		expect(activeElapsed(T0, T0 - MIN, [])).toBe(0);
	});

	it('gives the deadline the paused time back', () => {
		const now = T0 + 22 * MIN;
		const d = deadline({
			startedAt: T0,
			durationMs: 25 * MIN,
			extensionsMs: 0,
			pausedMs: pausedMsBetween(pauses, T0, now)
		});
		expect(remainingMs(25 * MIN, activeElapsed(T0, now, pauses))).toBe(d - now);
	});
});

describe('resumeElapsed', () => {
	it('adds the time the app was closed', () => {
		const clock = new FakeClock(T0 + 10 * MIN);
		const checkpoint = { elapsedMs: 10 * MIN, wallMs: clock.now };
		expect(resumeElapsed({ checkpoint, nowWall: clock.advance(2 * MIN) })).toBe(12 * MIN);
	});

	it('gives nothing back when the clock was set back', () => {
		const clock = new FakeClock(T0 + 10 * MIN);
		const checkpoint = { elapsedMs: 10 * MIN, wallMs: clock.now };
		expect(resumeElapsed({ checkpoint, nowWall: clock.set(T0) })).toBe(10 * MIN);
		expect(resumeElapsed({ checkpoint, nowWall: clock.set(0) })).toBe(10 * MIN);
	});

	it('gains a candidate at most the closed time by setting the clock back while closed', () => {
		const clock = new FakeClock(T0 + 10 * MIN);
		const checkpoint = { elapsedMs: 10 * MIN, wallMs: clock.now };
		clock.advance(5 * MIN); // closed for five minutes…
		const resumed = resumeElapsed({ checkpoint, nowWall: clock.advance(-60 * MIN) }); // …set back an hour
		const honest = 10 * MIN + 5 * MIN;
		expect(honest - resumed).toBe(5 * MIN);
	});

	it('counts a clock set forward against the candidate, never for them', () => {
		const clock = new FakeClock(T0 + 10 * MIN);
		const checkpoint = { elapsedMs: 10 * MIN, wallMs: clock.now };
		expect(resumeElapsed({ checkpoint, nowWall: clock.advance(60 * MIN) })).toBe(70 * MIN);
	});

	it('takes the server’s view when it is larger, and only then', () => {
		const clock = new FakeClock(T0 + 10 * MIN);
		const checkpoint = { elapsedMs: 10 * MIN, wallMs: clock.now };
		const nowWall = clock.set(T0); // clock set back
		expect(resumeElapsed({ checkpoint, nowWall, serverElapsed: 14 * MIN })).toBe(14 * MIN);
		expect(resumeElapsed({ checkpoint, nowWall, serverElapsed: 9 * MIN })).toBe(10 * MIN);
	});
});

describe('onlineElapsed', () => {
	it('takes the server’s view when it is ahead, at home and at the venue', () => {
		expect(onlineElapsed(60_000, 65_000, false)).toBe(65_000);
		expect(onlineElapsed(60_000, 65_000, true)).toBe(65_000);
	});
	it('at home, goes back to the server’s view when the device is ahead by more than 2 s', () => {
		// A phone clock ten minutes slow, put right while the page was closed.
		expect(onlineElapsed(25 * 60_000, 15 * 60_000, false)).toBe(15 * 60_000);
		// Within a round trip, the device's own count stands.
		expect(onlineElapsed(60_000, 58_500, false)).toBe(60_000);
	});
	it('at the venue, never goes back', () => {
		expect(onlineElapsed(25 * 60_000, 15 * 60_000, true)).toBe(25 * 60_000);
	});
});

describe('remainingMs', () => {
	it('counts down to zero and stays there', () => {
		expect(remainingMs(25 * MIN, 24 * MIN)).toBe(MIN);
		expect(remainingMs(25 * MIN, 25 * MIN)).toBe(0);
		expect(remainingMs(25 * MIN, 26 * MIN)).toBe(0);
	});
});

describe('clockOffset', () => {
	it('halves the round trip', () => {
		// Device is 30 s slow; 400 ms round trip; server read its clock at the midpoint.
		const sentAt = T0;
		const receivedAt = T0 + 400;
		const serverNow = T0 + 200 + 30_000;
		expect(clockOffset(sentAt, receivedAt, serverNow)).toBe(30_000);
	});

	it('is negative for a device clock that runs ahead', () => {
		expect(clockOffset(T0, T0 + 100, T0 + 50 - 5 * MIN)).toBe(-5 * MIN);
	});
});

describe('countedStart', () => {
	const roomStart = T0;
	const maxLate = 10 * MIN;

	it('counts an on-time start as it is', () => {
		expect(countedStart(roomStart, roomStart, maxLate)).toEqual({
			startedAt: roomStart,
			lateMs: 0,
			capped: false
		});
	});

	it('gives a late finalist their own start up to the bound', () => {
		expect(countedStart(roomStart, roomStart + 4 * MIN, maxLate)).toEqual({
			startedAt: roomStart + 4 * MIN,
			lateMs: 4 * MIN,
			capped: false
		});
		expect(countedStart(roomStart, roomStart + maxLate, maxLate).capped).toBe(false);
	});

	it('counts no start later than room start + the bound', () => {
		expect(countedStart(roomStart, roomStart + 15 * MIN, maxLate)).toEqual({
			startedAt: roomStart + maxLate,
			lateMs: 15 * MIN,
			capped: true
		});
	});
});

describe('homeTimeUsedMs', () => {
	it('runs from the server start to the submission’s arrival', () => {
		expect(homeTimeUsedMs(T0, T0 + 12 * MIN, T0 + 25 * MIN)).toBe(12 * MIN);
	});

	it('is capped at the deadline for a submission that arrives in the grace period', () => {
		expect(homeTimeUsedMs(T0, T0 + 26 * MIN, T0 + 25 * MIN)).toBe(25 * MIN);
	});
});

describe('venueStart', () => {
	it('counts a start within a minute of the room as the room start', () => {
		expect(venueStart(1_000_000, 1_030_000, 600_000)).toEqual({
			startedAt: 1_000_000,
			late: false,
			lateMs: 0,
			capped: false
		});
	});
	it('gives a late finalist the full time from their own start, up to the bound', () => {
		expect(venueStart(1_000_000, 1_300_000, 600_000)).toEqual({
			startedAt: 1_300_000,
			late: true,
			lateMs: 300_000,
			capped: false
		});
		expect(venueStart(1_000_000, 2_000_000, 600_000)).toEqual({
			startedAt: 1_600_000,
			late: true,
			lateMs: 1_000_000,
			capped: true
		});
	});
});

describe('venuePause: the newer news decides', () => {
	const T = 1_000_000;
	it('follows the server when no code was typed', () => {
		expect(venuePause({ serverPaused: true, serverStateSentAt: T })).toEqual({ paused: true, by: 'server' });
		expect(venuePause({ serverPaused: false })).toEqual({ paused: false, by: 'server' });
	});
	it('heard the pause online, dropped, took the resume code: running', () => {
		expect(
			venuePause({ serverPaused: true, serverStateSentAt: T, codePause: { paused: false, at: T + 5_000 } })
		).toEqual({ paused: false, by: 'code' });
	});
	it('paused by code offline, network back after the resume: running, without the code', () => {
		expect(
			venuePause({ serverPaused: false, serverStateSentAt: T + 9_000, codePause: { paused: true, at: T } })
		).toEqual({ paused: false, by: 'server' });
	});
	it('paused by code offline, network back while still paused: the server decides (and its pause time)', () => {
		expect(
			venuePause({ serverPaused: true, serverStateSentAt: T + 9_000, codePause: { paused: true, at: T } })
		).toEqual({ paused: true, by: 'server' });
	});
	it('a state asked for before the code was typed does not undo it', () => {
		expect(
			venuePause({ serverPaused: false, serverStateSentAt: T - 1, codePause: { paused: true, at: T } })
		).toEqual({ paused: true, by: 'code' });
		expect(venuePause({ serverPaused: false, codePause: { paused: true, at: T } })).toEqual({
			paused: true,
			by: 'code'
		});
	});
});

describe('the room timeline in codes (a tablet that hears the news by code)', () => {
	it.each([
		// room start, proctor acted at, ticks in the code
		[T0, T0, 0],
		[T0, T0 + 754_000, 7540],
		[T0, T0 + 754_049, 7540],
		[T0 + 37, T0 + 37 + 25 * MIN, 15_000]
	])('a code made at room start %i, action at %i, says %i tenths', (start, at, ticks) => {
		expect(codeTicks(start, at)).toBe(ticks);
		expect(Math.abs(codeTime(start, ticks) - at)).toBeLessThanOrEqual(50);
	});

	it.each([
		// the room started at, typed at (tablet's estimate of server time)
		[T0 + 123, T0 + 123],
		[T0 + 123, T0 + 45_000],
		[T0 + 123, T0 + 20 * MIN],
		[T0 + 123, T0 + 30 * 86_400_000],
		[T0 + 123, T0 - 30_000] // the tablet's clock estimate half a minute behind the room's
	])('the start-time code of a room started at %i, typed at %i, gives that start', (start, typed) => {
		const back = startTimeFromTicks(startTimeTicks(start), typed);
		expect(start - back).toBeGreaterThanOrEqual(0);
		expect(start - back).toBeLessThan(100);
	});

	it('places a start typed late by the same rule as the server (venueStart)', () => {
		const start = startTimeFromTicks(startTimeTicks(T0), T0 + 40_000);
		// Typed 40 s late: on time, as on the server; 90 s late: late, from the own start.
		expect(venueStart(start, T0 + 40_000, 10 * MIN).startedAt).toBe(start);
		expect(venueStart(start, T0 + 90_000, 10 * MIN)).toMatchObject({ startedAt: T0 + 90_000, late: true });
	});

	it.each([
		// paused?, lag since the proctor acted, clock frozen now?, elapsed now → elapsed, frozen
		[true, 7_000, false, 100_000, { elapsedMs: 93_000, frozen: true }],
		[false, 9_000, true, 93_000, { elapsedMs: 102_000, frozen: false }],
		[true, 7_000, true, 93_000, null],
		[false, 9_000, false, 102_000, null],
		[true, -400, false, 50_000, { elapsedMs: 50_000, frozen: true }],
		[true, 90_000, false, 5_000, { elapsedMs: 0, frozen: true }]
	])('pause=%s heard %i ms late, frozen=%s at %i → %o', (paused, lagMs, frozen, elapsedMs, expected) => {
		expect(placeCodeNews({ paused, lagMs, frozen, elapsedMs })).toEqual(expected);
	});

	it('agrees with the server’s active time when a start, a pause and a resume are all typed late', () => {
		// The room: start at T0, pause at +60 s, resume at +100 s; the server's view at +200 s.
		const pauses: PauseInterval[] = [{ from: T0 + 60_000, to: T0 + 100_000 }];
		const server = activeElapsed(T0, T0 + 200_000, pauses);
		// The tablet: start code typed at +20 s, pause code at +67 s, resume code at +109 s.
		const start = startTimeFromTicks(startTimeTicks(T0), T0 + 20_000);
		const startedAt = venueStart(start, T0 + 20_000, 10 * MIN).startedAt;
		let elapsed = T0 + 20_000 - startedAt;
		elapsed += 67_000 - 20_000; // runs until the pause code is typed
		const p = placeCodeNews({
			paused: true,
			lagMs: T0 + 67_000 - codeTime(start, codeTicks(T0, T0 + 60_000)),
			frozen: false,
			elapsedMs: elapsed
		})!;
		const r = placeCodeNews({
			paused: false,
			lagMs: T0 + 109_000 - codeTime(start, codeTicks(T0, T0 + 100_000)),
			frozen: p.frozen,
			elapsedMs: p.elapsedMs
		})!;
		const tablet = r.elapsedMs + (200_000 - 109_000);
		expect(Math.abs(tablet - server)).toBeLessThanOrEqual(200);
	});
});
