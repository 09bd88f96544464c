import { describe, expect, it } from 'vitest';
import { TIEBREAK_ID, type Choice } from './events';
import { LatestPerDevice, mergeAnswers, tiebreakAnswer, winningEvents, type DeviceEvent } from './merge';
import { seededRandom, shuffled, type Random } from './random';

function ev(
	deviceId: string,
	seq: number,
	questionId: string,
	choice: Choice,
	elapsedMs: number,
	opts: { at?: number; counts?: boolean } = {}
): DeviceEvent {
	return {
		deviceId,
		counts: opts.counts ?? true,
		event: {
			seq,
			questionId,
			choice,
			elapsedMs,
			at: opts.at ?? 1_700_000_000_000 + elapsedMs,
			hash: `h-${deviceId}-${seq}`
		}
	};
}

const asList = (m: Map<string, string | number>) => [...m];

/** A tablet that was swapped mid-attempt, plus the candidate's phone; every rule is exercised. */
const scenario: DeviceEvent[] = [
	// tablet A: q1 a → b, q2 c, then cleared; q3 d
	ev('tab-A', 1, 'q1', 'a', 10_000),
	ev('tab-A', 2, 'q1', 'b', 20_000),
	ev('tab-A', 3, 'q2', 'c', 30_000),
	ev('tab-A', 4, 'q2', null, 40_000),
	ev('tab-A', 5, 'q3', 'd', 50_000),
	// tablet B took over: q1 later in active time, q3 at exactly the same elapsed time as A
	ev('tab-B', 1, 'q1', 'c', 60_000),
	ev('tab-B', 2, 'q3', 'a', 50_000),
	ev('tab-B', 3, TIEBREAK_ID, 1500, 70_000),
	// an event that does not count (e.g. after the deadline) must not win
	ev('tab-B', 4, 'q1', 'd', 2_000_000, { counts: false }),
	ev('tab-B', 5, 'q4', 'b', 2_000_001, { counts: false })
];

const expected: [string, string | number][] = [
	['q1', 'c'], // B's elapsed 60 s beats A's 20 s
	['q3', 'a'], // elapsed tie: 'tab-B' > 'tab-A'
	[TIEBREAK_ID, 1500]
	// q2: cleared → unanswered; q4: only a non-counting event → unanswered
];

function batches<T>(items: readonly T[], random: Random): T[][] {
	const out: T[][] = [];
	let rest = shuffled(items, random);
	while (rest.length > 0) {
		const size = 1 + Math.floor(random() * 4);
		out.push(rest.slice(0, size));
		rest = rest.slice(size);
	}
	return out;
}

describe('mergeAnswers', () => {
	it('picks the answer that counts per question', () => {
		expect(asList(mergeAnswers(scenario))).toEqual(expected);
	});

	it('does not depend on the order events arrive in', () => {
		const random = seededRandom('merge-order');
		for (let i = 0; i < 500; i++) {
			expect(asList(mergeAnswers(shuffled(scenario, random)))).toEqual(expected);
		}
	});

	it('merge(a, b) equals merge(b, a) for any split into batches', () => {
		const random = seededRandom('merge-batches');
		for (let i = 0; i < 200; i++) {
			const parts = batches(scenario, random);
			const half = Math.floor(parts.length / 2);
			const a = parts.slice(0, half).flat();
			const b = parts.slice(half).flat();
			const ab = asList(mergeAnswers([...a, ...b]));
			expect(asList(mergeAnswers([...b, ...a]))).toEqual(ab);
			expect(ab).toEqual(expected);
		}
	});

	it('ignores the device clock, even when it repeats and goes backwards', () => {
		const random = seededRandom('faked-clock');
		const clocks = [5, 5, 5, -1_000, 0, 1e13, 3, 3, 2, 1];
		for (let i = 0; i < 100; i++) {
			const faked = scenario.map((e) => ({
				...e,
				event: { ...e.event, at: clocks[Math.floor(random() * clocks.length)] }
			}));
			expect(asList(mergeAnswers(shuffled(faked, random)))).toEqual(expected);
		}
	});

	it('on one device the highest seq wins, even if its elapsed time is lower', () => {
		const events = [ev('tab-A', 1, 'q1', 'a', 90_000), ev('tab-A', 2, 'q1', 'b', 10_000)];
		expect(asList(mergeAnswers(events))).toEqual([['q1', 'b']]);
		expect(asList(mergeAnswers([...events].reverse()))).toEqual([['q1', 'b']]);
	});

	it('compares elapsed time across devices using each device’s latest answer only', () => {
		// A's seq 1 has the highest elapsed time, but A replaced it with seq 2.
		const events = [
			ev('tab-A', 1, 'q1', 'a', 90_000),
			ev('tab-A', 2, 'q1', 'b', 10_000),
			ev('tab-B', 1, 'q1', 'c', 50_000)
		];
		expect(asList(mergeAnswers(events))).toEqual([['q1', 'c']]);
	});

	it('a later clear on another device leaves the question unanswered', () => {
		const events = [ev('tab-A', 1, 'q1', 'a', 10_000), ev('tab-B', 1, 'q1', null, 20_000)];
		expect(mergeAnswers(events).has('q1')).toBe(false);
	});

	it('a non-counting event does not override an earlier counting one', () => {
		const events = [ev('tab-A', 1, 'q1', 'a', 10_000), ev('tab-A', 2, 'q1', 'b', 20_000, { counts: false })];
		expect(asList(mergeAnswers(events))).toEqual([['q1', 'a']]);
	});

	it('breaks an (elapsed, device) tie by seq', () => {
		const events = [ev('tab-A', 3, 'q1', 'a', 10_000), ev('tab-A', 2, 'q1', 'b', 10_000)];
		expect(asList(mergeAnswers(events))).toEqual([['q1', 'a']]);
		expect(asList(mergeAnswers([...events].reverse()))).toEqual([['q1', 'a']]);
	});

	it('settles a reused seq the same way whatever the order', () => {
		const first = ev('tab-A', 7, 'q1', 'a', 10_000);
		const reused = { ...first, event: { ...first.event, choice: 'b', hash: 'zz' } };
		expect(asList(mergeAnswers([first, reused]))).toEqual([['q1', 'b']]);
		expect(asList(mergeAnswers([reused, first]))).toEqual([['q1', 'b']]);
	});

	it('keeps device and question ids apart whatever characters they contain', () => {
		const events = [ev('a","b', 1, 'q', 'x', 10), ev('a', 1, 'b","q', 'y', 20)];
		expect(asList(mergeAnswers(events))).toEqual([
			['b","q', 'y'],
			['q', 'x']
		]);
	});
});

describe('winningEvents', () => {
	it('keeps cleared answers, so the dispute view can show who cleared what', () => {
		const winners = winningEvents(scenario);
		expect(winners.get('q2')?.event).toMatchObject({ seq: 4, choice: null });
		expect(winners.get('q3')?.deviceId).toBe('tab-B');
		expect(winners.has('q4')).toBe(false);
	});
});

describe('LatestPerDevice', () => {
	it('adds events a batch at a time, in any order and again, to the same answers', () => {
		// The hand count above: q1, q3 and the tie-break answered; q2 cleared; q4 never counted.
		const random = seededRandom('latest-batches');
		for (let i = 0; i < 200; i++) {
			let latest = new LatestPerDevice();
			const answeredAfter: number[] = [];
			for (const part of batches([...scenario, ...scenario.slice(0, 3)], random)) {
				// Each poll copies the last one's, as the console's grid does.
				latest = new LatestPerDevice(latest);
				for (const e of part) latest.add(e);
				answeredAfter.push(latest.answered());
			}
			expect(answeredAfter.at(-1)).toBe(expected.length);
			const winners = [...latest.winners()].map(([q, w]) => [q, w.event.choice]);
			expect(winners.filter(([, c]) => c !== null).sort()).toEqual([...expected].sort());
		}
	});

	it('leaves the one it was copied from as it was', () => {
		const first = new LatestPerDevice();
		first.add(ev('tab-A', 1, 'q1', 'a', 10_000));
		const second = new LatestPerDevice(first);
		second.add(ev('tab-A', 2, 'q1', null, 20_000));
		second.add(ev('tab-A', 3, 'q2', 'b', 30_000));
		expect([first.answered(), second.answered()]).toEqual([1, 1]);
		expect(first.winners().get('q1')?.event.choice).toBe('a');
		expect(second.winners().get('q1')?.event.choice).toBe(null);
	});
});

describe('tiebreakAnswer', () => {
	it('reads the tie-break number, or null', () => {
		expect(tiebreakAnswer(mergeAnswers(scenario))).toBe(1500);
		expect(tiebreakAnswer(new Map([['q1', 'a']]))).toBeNull();
		expect(tiebreakAnswer(new Map([[TIEBREAK_ID, 'a']]))).toBeNull();
	});
});
