// The CSV formula guard: what a spreadsheet would run is written as text.
import { describe, expect, it } from 'vitest';
import { csvText, safeText } from './exports';

describe('safeText', () => {
	it.each([
		['=1+1', "'=1+1"],
		['+84912', "'+84912"],
		['-2', "'-2"],
		['@SUM(A1)', "'@SUM(A1)"],
		['\u0000=HYPERLINK("http://evil.example")', '\'\u0000=HYPERLINK("http://evil.example")'],
		['\u0001\u0002+1', "'\u0001\u0002+1"],
		['\t=1', "'\t=1"],
		['\r=1', "'\r=1"],
		['  =1', "'  =1"],
		['\u0085=1', "'\u0085=1"],
		['\u0000Nguyễn', "'\u0000Nguyễn"],
		['Nguyễn Văn An', 'Nguyễn Văn An'],
		['An = Bình', 'An = Bình'],
		['', '']
	])('%j → %j', (input, out) => expect(safeText(input)).toBe(out));
});

describe('csvText', () => {
	// A spreadsheet splitting the line on `;` (the Vietnamese regional format) starts a cell after each.
	it.each([
		['Số 1;=1+1;@SUM(1;1);-2+3', "Số 1;'=1+1;'@SUM(1;1);'-2+3"],
		['=1;+2', "'=1;'+2"],
		['a; =HYPERLINK("x")', 'a;\' =HYPERLINK("x")'],
		['a;"=1"', 'a;\'"=1"'],
		['a\t=1|@2', "a\t'=1|'@2"],
		['Ấp 3; xã Đạo Thạnh', 'Ấp 3; xã Đạo Thạnh'],
		['An = Bình; 2 - 1', 'An = Bình; 2 - 1']
	])('%j → %j', (input, out) => expect(csvText(input)).toBe(out));
});
