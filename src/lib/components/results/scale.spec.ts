import { describe, expect, it } from 'vitest';
import { axis, columns } from './scale';

describe('axis', () => {
	it('puts whole-number grid lines on a count axis (the issue saw 0, 1, 1, 2, 2)', () => {
		expect(axis(2).ticks).toEqual([0, 1, 2]);
		expect(axis(1).ticks).toEqual([0, 1]);
		expect(axis(3).ticks).toEqual([0, 1, 2, 3]);
		expect(axis(0).ticks).toEqual([0, 1]);
	});
	it('reaches at least the largest value, in round steps', () => {
		expect(axis(7)).toEqual({ top: 8, ticks: [0, 2, 4, 6, 8] });
		expect(axis(28)).toEqual({ top: 30, ticks: [0, 10, 20, 30] });
		expect(axis(20)).toEqual({ top: 20, ticks: [0, 5, 10, 15, 20] });
		expect(axis(1234).top).toBe(1500);
	});
	it('keeps fractions where the values are not counts', () => {
		expect(axis(1, { whole: false }).ticks).toEqual([0, 0.5, 1]);
		expect(axis(0.3, { whole: false }).ticks).toEqual([0, 0.1, 0.2, 0.3]);
	});
});

describe('columns', () => {
	it('draws a one-day series as one narrow column in the middle, not the whole width', () => {
		const [c] = columns(1);
		expect(c.width).toBeLessThan(100 / 6);
		expect(c.mid).toBeCloseTo(50);
	});
	it('spreads many columns over the whole width, without overlap', () => {
		const cs = columns(31);
		expect(cs[0].x).toBeGreaterThanOrEqual(0);
		expect(cs[30].x + cs[30].width).toBeLessThanOrEqual(100);
		for (let i = 1; i < cs.length; i++) expect(cs[i].x).toBeGreaterThanOrEqual(cs[i - 1].x + cs[i - 1].width);
		expect(cs[30].x + cs[30].width).toBeGreaterThan(98);
	});
});
