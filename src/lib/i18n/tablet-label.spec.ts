import { describe, expect, it } from 'vitest';
import { labelAfterNoun } from './tablet-label';
import { messages } from './catalogue';
import { fmt, LOCALES } from './locale';

describe('labelAfterNoun', () => {
	it.each([
		['Máy 5', '5'],
		['máy 5', '5'],
		['MÁY 5', '5'],
		['MAY 5', '5'],
		['may 5', '5'],
		['Tablet 5', '5'],
		['TABLET 12', '12'],
		['Máy tính bảng 3', '3'],
		['may tinh bang 3', '3'],
		['Máy tính 7', '7'],
		['Máy A', 'A'],
		['Máy5', '5'],
		['Máy-05', '05'],
		['  Máy 5  ', '5'],
		['Máy dự phòng', 'dự phòng'],
		['Máy 1 — bàn số 3', '1 — bàn số 3']
	])('%j follows the noun as %j', (label, said) => {
		expect(labelAfterNoun(label)).toBe(said);
	});

	it('takes the noun written with decomposed marks (as some keyboards type it)', () => {
		expect(labelAfterNoun('Máy 5'.normalize('NFD'))).toBe('5');
	});

	it.each([
		['5', '5'],
		['T5', 'T5'],
		['05', '05'],
		['Máy', 'Máy'],
		['Tablet', 'Tablet'],
		['Máy -', 'Máy -'],
		['Máyxyz', 'Máyxyz'],
		['Mayday 3', 'Mayday 3'],
		['Tablets 5', 'Tablets 5'],
		['Tủ 5', 'Tủ 5'],
		['B-Máy 5', 'B-Máy 5'],
		['', '']
	])('%j has no noun to leave out: said as typed', (label, said) => {
		expect(labelAfterNoun(label)).toBe(said);
	});
});

// The rule holds only where the catalogue writes the noun before the label: every sentence that
// names a tablet by its label does, at its start or inside it, in both languages.
describe.each(LOCALES)('the %s console catalogue', (locale) => {
	const sentences: string[] = [];
	const walk = (v: unknown) => {
		if (typeof v === 'string') sentences.push(v);
		else if (v && typeof v === 'object') Object.values(v).forEach(walk);
	};
	walk(messages(locale).console);
	const naming = sentences.filter((s) => /\{(device|old|other)\}/.test(s));
	const noun = locale === 'vi' ? /máy $/i : /tablet $/i;

	it('names tablets in sentences', () => {
		expect(naming.length).toBeGreaterThan(15);
	});
	it.each(naming)('writes the noun before every tablet in %j', (s) => {
		for (const m of s.matchAll(/\{(?:device|old|other)\}/g)) expect(s.slice(0, m.index)).toMatch(noun);
	});
});

describe('a tablet labelled with its noun, in a sentence', () => {
	const said = (template: string) =>
		fmt(template, {
			device: labelAfterNoun('Máy 5'),
			old: labelAfterNoun('Tablet A'),
			seat: 'Ghế 3',
			sbd: 'CK003'
		});
	it('says the noun once, inside a sentence and at its start', () => {
		const vi = messages('vi').console;
		expect(said(vi.replaceTitle)).toBe('Xếp máy 5 vào Ghế 3 thay máy A?');
		expect(said(vi.replaceLead)).toMatch(/^Máy A đang phục vụ thí sinh SBD CK003 ở Ghế 3\./);
		expect(said(vi.replaceNow)).toBe('Duyệt, thay máy A');
		const en = messages('en').console;
		expect(said(en.replaceTitle)).toBe('Put tablet 5 at Ghế 3 in place of tablet A?');
		expect(said(en.replaceLead)).toMatch(/^Tablet A serves finalist number CK003 at Ghế 3\./);
		expect(said(en.moveNow)).toBe('Move to tablet 5');
	});
});
