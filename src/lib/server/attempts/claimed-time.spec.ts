import { describe, expect, it } from 'vitest';
import {
	believedElapsed,
	CLAIM_SLACK_MS,
	heldUpTo,
	lastHeardWithout,
	reachesOf,
	type HeldChain
} from './claimed-time';

// A chain of three events, received at 10 s, 20 s and 30 s (server time).
const chain: HeldChain = new Map([
	[1, { hash: 'h1', receivedAt: 10_000 }],
	[2, { hash: 'h2', receivedAt: 20_000 }],
	[3, { hash: 'h3', receivedAt: 30_000 }]
]);

describe('heldUpTo', () => {
	it('takes a report the chain bears out, and otherwise what the server held then', () => {
		expect(heldUpTo({ at: 5_000, seq: 2, head: 'h2' }, chain)).toBe(2);
		expect(heldUpTo({ at: 5_000, seq: 3, head: 'forged' }, chain)).toBe(0);
		expect(heldUpTo({ at: 25_000, seq: 3, head: 'forged' }, chain)).toBe(2);
		expect(heldUpTo({ at: 25_000, seq: 7, head: 'never-sent' }, chain)).toBe(2);
		expect(heldUpTo({ at: 30_000, seq: 0, head: null }, chain)).toBe(3);
	});
});

describe('lastHeardWithout', () => {
	it('is the latest heartbeat whose chain did not reach the seq', () => {
		const said = [
			{ at: 4_000, seq: 0, head: null },
			{ at: 9_000, seq: 1, head: 'h1' },
			{ at: 15_000, seq: 0, head: null }, // says less than the server held: 1
			{ at: 40_000, seq: 3, head: 'h3' }
		];
		const reaches = reachesOf(said, chain);
		expect(lastHeardWithout(1, reaches)).toBe(4_000);
		expect(lastHeardWithout(2, reaches)).toBe(15_000);
		expect(lastHeardWithout(3, reaches)).toBe(15_000);
		expect(lastHeardWithout(4, reaches)).toBe(40_000);
		expect(lastHeardWithout(1, reachesOf([], chain))).toBeUndefined();
	});
});

describe('believedElapsed', () => {
	const start = 1_000_000;
	const pauses = [{ from: start + 10_000, to: start + 20_000 }];
	it('keeps a claim within the slack of the heartbeat, and otherwise takes its active time', () => {
		// Heard without the answer 30 s after the start, 10 s of it paused: 20 s active.
		expect(believedElapsed(25_000, start + 30_000, start, pauses)).toBe(25_000);
		expect(believedElapsed(20_000 - CLAIM_SLACK_MS, start + 30_000, start, pauses)).toBe(15_000);
		expect(believedElapsed(14_999, start + 30_000, start, pauses)).toBe(20_000);
		expect(believedElapsed(3, undefined, start, pauses)).toBe(3);
	});
});
