import { describe, expect, it } from 'vitest';
import { dateTime, dateOnly, duration } from './format';

describe('format', () => {
	it('writes Vietnam time as dd/MM/yyyy HH:mm, whatever the machine zone', () => {
		// 2026-12-01T20:08:05Z is 03:08 on 2 December in Vietnam (UTC+7).
		expect(dateTime(Date.UTC(2026, 11, 1, 20, 8, 5))).toBe('02/12/2026 03:08');
		expect(dateOnly(Date.UTC(2026, 11, 1, 16, 59))).toBe('01/12/2026');
		expect(dateOnly(Date.UTC(2026, 11, 1, 17, 0))).toBe('02/12/2026');
	});
	it('writes a time used as minutes:seconds', () => {
		expect(duration(725_400)).toBe('12:05');
		expect(duration(3_725_000)).toBe('62:05');
	});
});
