import { describe, expect, it } from 'vitest';
import { vietnamWeekStart } from './calendar';

describe('vietnamWeekStart', () => {
	it('starts the week on Monday 00:00 in Vietnam', () => {
		// Sunday 22 Nov 2026, 23:30 in Vietnam = 16:30 UTC: still the week of Monday 16 Nov.
		expect(vietnamWeekStart(Date.UTC(2026, 10, 22, 16, 30))).toBe(Date.UTC(2026, 10, 15, 17, 0));
		// Monday 23 Nov 2026, 00:10 in Vietnam = Sunday 17:10 UTC: a new week.
		expect(vietnamWeekStart(Date.UTC(2026, 10, 22, 17, 10))).toBe(Date.UTC(2026, 10, 22, 17, 0));
	});
});
