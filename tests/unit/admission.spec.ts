// server/admission.js: how many requests the server starts in one turn of its loop.
import { describe, expect, it } from 'vitest';
import { admission, MAX_SHARE, MIN_SHARE, TARGET_MS } from '../../server/admission.js';

/** A loop of our own: `turn()` runs what was deferred to the next turn, on a clock we move. */
function loop() {
	let t = 0;
	let next: (() => void)[] = [];
	const admit = admission({ now: () => t, later: (f: () => void) => next.push(f) });
	return {
		admit,
		advance: (ms: number) => (t += ms),
		turn() {
			const run = next;
			next = [];
			for (const f of run) f();
		}
	};
}

describe('admission', () => {
	it('starts every request at once while turns are short', () => {
		const l = loop();
		const started: number[] = [];
		for (let i = 0; i < 300; i++) l.admit(() => started.push(i));
		expect(started).toHaveLength(300);
		l.advance(2);
		l.turn();
		expect(l.admit.stats()).toEqual({ share: MAX_SHARE, waiting: 0 });
	});

	it('after a long turn starts fewer a turn, in the order they came, and none twice', () => {
		const l = loop();
		const started: number[] = [];
		for (let i = 0; i < 100; i++) l.admit(() => started.push(i));
		l.advance(TARGET_MS * 20); // those 100 took 200 ms
		l.turn();
		const share = l.admit.stats().share;
		expect(share).toBeLessThan(MAX_SHARE);
		for (let i = 100; i < 100 + 3 * MAX_SHARE; i++) l.admit(() => started.push(i));
		// This turn had room for `share` of them; the rest wait.
		expect(started).toHaveLength(100 + share);
		expect(l.admit.stats().waiting).toBe(3 * MAX_SHARE - share);
		// Every later turn that is long lowers the share down to its floor; they all start, in order.
		for (let turns = 0; l.admit.stats().waiting > 0 && turns < 10_000; turns++) {
			l.advance(TARGET_MS * 5);
			l.turn();
		}
		expect(l.admit.stats()).toEqual({ share: MIN_SHARE, waiting: 0 });
		expect(started).toEqual(Array.from({ length: 100 + 3 * MAX_SHARE }, (_, i) => i));
	});

	it('raises the share again once turns are short', () => {
		const l = loop();
		l.admit(() => {});
		l.advance(TARGET_MS * 10);
		l.turn();
		const lowered = l.admit.stats().share;
		for (let i = 0; i < 20; i++) {
			l.admit(() => {});
			l.advance(1);
			l.turn();
		}
		expect(l.admit.stats().share).toBeGreaterThan(lowered);
	});
});
