import { describe, expect, it } from 'vitest';
import { COLUMNS, columnHeading, fieldOfHeading, headerKey } from './columns';
import { SHEET_NAMES } from './spreadsheet';
import { messages } from '$lib/i18n';
import { LOCALES } from '$lib/i18n/locale';

describe('template headings and sheet names', () => {
	it.each(LOCALES)('every heading the %s template writes is read back as its column', (locale) => {
		const b = messages(locale).bank;
		for (const c of COLUMNS) expect(fieldOfHeading(columnHeading(b.fields, c.key)), c.key).toBe(c.key);
	});

	it.each(LOCALES)('every sheet the %s template writes is found by its name', (locale) => {
		const s = messages(locale).bank.sheet;
		const names = { questions: s.questions, topics: s.topics, pools: s.pools, help: s.help };
		for (const [kind, name] of Object.entries(names))
			expect(SHEET_NAMES[kind as keyof typeof SHEET_NAMES], name).toContain(headerKey(name));
	});

	it('reads headings without tone marks, case or a trailing (*)', () => {
		expect(fieldOfHeading('PHƯƠNG ÁN B')).toBe('B');
		expect(fieldOfHeading('Correct answer (*)')).toBe('correct');
		expect(fieldOfHeading('Ghi chú')).toBeUndefined();
	});
});
