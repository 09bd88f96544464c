// The CSV formula guard: what a spreadsheet would run is written as text.
import { describe, expect, it } from 'vitest';
import { safeText } from './exports';

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
