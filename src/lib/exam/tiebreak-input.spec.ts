// Each row: what a candidate types, and the number a person reading it in the screen's language
// would take.
import { describe, expect, it } from 'vitest';
import { readTiebreak } from './tiebreak-input';

describe('readTiebreak in Vietnamese', () => {
	it.each([
		['20000', 20000],
		['20.000', 20000],
		['20 000', 20000],
		['1.234.567', 1234567],
		['2,5', 2.5],
		['1.500,75', 1500.75],
		['  42 ', 42],
		['0', 0],
		['-5', -5],
		['20\u00a0000', 20000]
	])('%j → %d', (text, want) => {
		expect(readTiebreak(text)).toBe(want);
		expect(readTiebreak(text, 'vi')).toBe(want);
	});

	it.each(['', 'abc', '20,000,000', '1.23', '20.00', '2,5,1', '12a', '1e5', '--1', ',5', '1.', 'Infinity'])(
		'%j is not a number written in Vietnamese',
		(text) => {
			expect(readTiebreak(text)).toBeNull();
		}
	);
});

describe('readTiebreak in English', () => {
	it.each([
		['20000', 20000],
		['20,000', 20000],
		['1,500', 1500],
		['20 000', 20000],
		['1,234,567', 1234567],
		['2.5', 2.5],
		['1,500.75', 1500.75],
		['  42 ', 42],
		['-5', -5]
	])('%j → %d', (text, want) => {
		expect(readTiebreak(text, 'en')).toBe(want);
	});

	it.each(['', 'abc', '20.000.000', '1,23', '20,00', '2.5.1', '1e5', '.5', '1,', 'Infinity'])(
		'%j is not a number written in English',
		(text) => {
			expect(readTiebreak(text, 'en')).toBeNull();
		}
	);
});
