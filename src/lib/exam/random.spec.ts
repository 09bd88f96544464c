import { describe, expect, it } from 'vitest';
import { hashSeed, mulberry32, sample, seededRandom, shuffled } from './random';

describe('seededRandom', () => {
	// Pinned: a paper is drawn again from its seed, so these numbers must never change.
	it('gives the same numbers for a seed everywhere, forever', () => {
		expect([hashSeed(''), hashSeed('a'), hashSeed('attempt-1'), hashSeed('phòng thi')]).toEqual([
			2872998923, 444641715, 515458908, 837546382
		]);
		const random = seededRandom('attempt-1');
		expect([random(), random(), random()]).toEqual([
			0.8067472211550921, 0.843190636485815, 0.8251920274924487
		]);
	});

	it('hashes text as UTF-8, so a composed and a decomposed "ò" differ', () => {
		expect(hashSeed('ò')).not.toBe(hashSeed('o\u0300'));
	});

	it('stays in [0, 1)', () => {
		const random = mulberry32(0);
		for (let i = 0; i < 10_000; i++) {
			const x = random();
			expect(x >= 0 && x < 1).toBe(true);
		}
	});
});

describe('shuffled', () => {
	it('returns a permutation and leaves the input alone', () => {
		const items = [1, 2, 3, 4, 5, 6, 7, 8];
		const out = shuffled(items, seededRandom('s'));
		expect(items).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
		expect([...out].sort((a, b) => a - b)).toEqual(items);
		expect(out).not.toEqual(items);
	});

	it('reaches all 6 orders of 3 items about equally often', () => {
		const random = seededRandom('orders');
		const counts = new Map<string, number>();
		for (let i = 0; i < 6_000; i++) {
			const key = shuffled(['a', 'b', 'c'], random).join('');
			counts.set(key, (counts.get(key) ?? 0) + 1);
		}
		expect(counts.size).toBe(6);
		for (const n of counts.values()) expect(Math.abs(n - 1_000)).toBeLessThan(150);
	});
});

describe('sample', () => {
	it('takes distinct items', () => {
		const out = sample([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 10, seededRandom('x'));
		expect(new Set(out).size).toBe(10);
	});

	it('refuses to take more than there are', () => {
		expect(() => sample([1, 2], 3, seededRandom('x'))).toThrow(RangeError);
	});
});
