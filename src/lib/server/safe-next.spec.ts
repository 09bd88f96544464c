// The one rule for `?next=`: only paths on this site. Each row is what reaches safeNext
// (the query already decoded once by URLSearchParams) and where it may lead.
import { describe, expect, it } from 'vitest';
import { safeNext } from './auth';

describe('safeNext', () => {
	it.each([
		['/dashboard', '/dashboard'],
		['/', '/'],
		[
			'/admin/results/qualifying?q=Nguy%E1%BB%85n&page=2',
			'/admin/results/qualifying?q=Nguy%E1%BB%85n&page=2'
		],
		['/exam/abc#q5', '/exam/abc#q5'],
		['/lang?to=en&next=%2Fdashboard', '/lang?to=en&next=%2Fdashboard']
	])('keeps %j', (next, out) => expect(safeNext(next)).toBe(out));

	it.each([
		[null],
		[''],
		['dashboard'],
		['https://evil.example/x'],
		['http:/evil.example'],
		['javascript:alert(1)'],
		['//evil.example/x'],
		['///evil.example/x'],
		['/\\evil.example/x'],
		['\\\\evil.example/x'],
		['/\\/evil.example'],
		['/\t/evil.example/x'],
		['/\r/evil.example/x'],
		['/\n/evil.example/x'],
		['/\t\n/evil.example'],
		['\t//evil.example'],
		[' //evil.example'],
		['/\u0000/evil.example'],
		['/\u007f/evil.example'],
		['/%5Cevil.example/x'],
		['/%5cevil.example/x'],
		['/%09/evil.example/x'],
		['/%0D/evil.example/x'],
		['/%0a/evil.example/x'],
		['/%2Fevil.example/x'],
		['/%2f%2fevil.example/x'],
		['%2F%2Fevil.example'],
		['/%E0%A4%A'],
		['/' + 'a'.repeat(3000)]
	])('refuses %j', (next) => expect(safeNext(next)).toBeNull());
});
