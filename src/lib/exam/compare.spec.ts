import { describe, expect, it } from 'vitest';
import { compareNumbers, compareText } from './compare';

describe('compareText', () => {
	it('sorts by code unit, the same in every locale', () => {
		expect(['b', 'Đ', 'a', 'Z', 'đ', 'á'].sort(compareText)).toEqual(['Z', 'a', 'b', 'á', 'Đ', 'đ']);
		expect(compareText('x', 'x')).toBe(0);
	});
});

describe('compareNumbers', () => {
	it('treats equal infinities as equal', () => {
		expect(compareNumbers(Infinity, Infinity)).toBe(0);
		expect(compareNumbers(1, Infinity)).toBe(-1);
		expect(compareNumbers(Infinity, 1)).toBe(1);
	});
});
