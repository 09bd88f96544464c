import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ExamClock, serverElapsedAt } from './exam-clock.svelte';
import type { LocalAttempt } from './db';

let perf = 0;
beforeEach(() => {
	perf = 1_000_000;
	vi.spyOn(performance, 'now').mockImplementation(() => perf);
});
afterEach(() => vi.restoreAllMocks());

describe('ExamClock', () => {
	it('counts from where the attempt was, and stands still while paused', () => {
		const clock = new ExamClock();
		clock.startAt(60_000);
		perf += 5_000;
		expect(clock.now()).toBe(65_000);
		clock.pause(true);
		perf += 30_000;
		expect(clock.now()).toBe(65_000);
		clock.pause(false);
		perf += 1_000;
		expect(clock.now()).toBe(66_000);
	});

	it('shows the time only when told, and never goes back while running', () => {
		const clock = new ExamClock();
		clock.startAt(0);
		perf += 2_000;
		expect(clock.elapsed).toBe(0);
		clock.show();
		expect(clock.elapsed).toBe(2_000);
		clock.place(1_000, false); // a code placed earlier while running: the shown time holds
		expect(clock.now()).toBe(2_000);
	});

	it('goes back to the server’s time at a pause only while frozen, and forward to a larger server time', () => {
		const clock = new ExamClock();
		clock.startAt(10_000);
		clock.freezeNoLaterThan(4_000);
		expect(clock.now()).toBe(10_000);
		clock.pause(true);
		clock.freezeNoLaterThan(4_000);
		expect(clock.now()).toBe(4_000);
		clock.freezeNoLaterThan(-5);
		expect(clock.now()).toBe(0);
		clock.show(); // as each tick does
		clock.pause(false);
		clock.catchUp(9_000);
		expect(clock.now()).toBe(9_000);
		clock.catchUp(3_000);
		expect(clock.now()).toBe(9_000);
	});
});

describe('serverElapsedAt', () => {
	const attempt = { startedAt: 1_000 } as LocalAttempt;
	it('is time since the start without the server’s state', () => {
		expect(serverElapsedAt(attempt, 61_000)).toBe(60_000);
	});
	it('is allowed time less what is left to the deadline, frozen at a running pause', () => {
		const running = { ...attempt, serverState: { status: 'running', deadline: 100_000, allowedMs: 90_000 } };
		expect(serverElapsedAt(running as LocalAttempt, 40_000)).toBe(30_000);
		const paused = {
			...attempt,
			serverState: { status: 'paused', deadline: 100_000, allowedMs: 90_000, pausedSince: 20_000 }
		};
		expect(serverElapsedAt(paused as LocalAttempt, 40_000)).toBe(10_000);
	});
});
