import { describe, expect, it } from 'vitest';
import { parseAnswer } from './answer';

describe('parseAnswer', () => {
	// [as written in the file, the option indexes a reader means]
	const rows: [string, number[] | null][] = [
		['B', [1]],
		['b', [1]],
		['B.', [1]],
		['B)', [1]],
		['(B)', [1]],
		['( b )', [1]],
		['Phương án B', [1]],
		['phuong an b', [1]],
		['PA B', [1]],
		['Đáp án: B', [1]],
		['Đáp án đúng: B.', [1]],
		['ĐA: (B)', [1]],
		['2', [1]],
		['Phương án 2', [1]],
		['A, C', [0, 2]],
		['A; C', [0, 2]],
		['A và C', [0, 2]],
		['A C', [0, 2]],
		['F', [5]],
		['', []],
		['G', null],
		['7', null],
		['Đúng', null],
		['B hoặc C', null]
	];
	it.each(rows)('%j reads as %j', (value, expected) => {
		expect(parseAnswer(value)).toEqual(expected);
	});
});
