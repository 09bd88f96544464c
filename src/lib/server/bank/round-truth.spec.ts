// The tie-break's true figure on the round form ("Đáp số đúng"), read and written as the
// language it is written in writes numbers, like a candidate's prediction (tiebreak-input.ts).
// A review: the form always dropped "." and took "," as the decimal mark, and wrote the figure
// back with String(): in Vietnamese "2,5" came back as "2.5" and a plain re-save made it 25; in
// English "12,345" was stored as 12.345 and "2.5" as 25.
import { describe, expect, it } from 'vitest';
import { readRoundForm, roundFormValues, roundProblemText, type RoundFormValues } from './forms';
import { roundDefaults, type RoundInput } from '../rounds';
import type { Locale } from '$lib/i18n';

const NOW = Date.UTC(2030, 0, 1);

/** The form as the browser sends it back, every field as it shows it. */
function formOf(v: RoundFormValues): FormData {
	const form = new FormData();
	for (const [k, value] of Object.entries(v)) {
		if (k === 'poolIds') for (const id of v.poolIds) form.append('poolIds', id);
		else if (k === 'cells') for (const [cell, n] of Object.entries(v.cells)) form.set(`cell:${cell}`, n);
		else if (k === 'reviewAfter') {
			if (value) form.set('reviewAfter', 'on');
		} else form.set(k, String(value));
	}
	return form;
}

const withTruth = (truth: number | null): RoundInput => ({
	...roundDefaults('qualifying', 12, NOW),
	tiebreak: { prompt: 'Có bao nhiêu lượt thi?', truth }
});

/** What the organiser typed as the figure, read in `locale` (the language sent with it). */
function typed(text: string, locale: Locale) {
	const form = formOf({ ...roundFormValues(withTruth(null), locale), tiebreakTruth: text });
	return readRoundForm(form);
}
const truthOf = (r: ReturnType<typeof readRoundForm>) => r.input?.tiebreak?.truth;

describe('the true figure typed on the round form', () => {
	it('reads Vietnamese: "," marks decimals, "." groups thousands', () => {
		expect(truthOf(typed('2,5', 'vi'))).toBe(2.5);
		expect(truthOf(typed('12,345', 'vi'))).toBe(12.345);
		expect(truthOf(typed('20.000', 'vi'))).toBe(20000);
		expect(truthOf(typed('1.500,75', 'vi'))).toBe(1500.75);
		expect(truthOf(typed('20 000', 'vi'))).toBe(20000);
		expect(truthOf(typed('-3,75', 'vi'))).toBe(-3.75);
	});

	it('reads English: "." marks decimals, "," groups thousands', () => {
		expect(truthOf(typed('2.5', 'en'))).toBe(2.5);
		expect(truthOf(typed('12,345', 'en'))).toBe(12345);
		expect(truthOf(typed('20,000', 'en'))).toBe(20000);
		expect(truthOf(typed('1,500.75', 'en'))).toBe(1500.75);
	});

	it('refuses what the language does not write as a number, naming the field, instead of guessing', () => {
		for (const [text, locale] of [
			['2.5', 'vi'],
			['1.23', 'vi'],
			['2,5', 'en'],
			['1e5', 'en'],
			['abc', 'vi']
		] as const) {
			const read = typed(text, locale);
			expect(read.input, `${locale} ${text}`).toBeNull();
			expect(read.bad, `${locale} ${text}`).toEqual(['tiebreakTruth']);
			// The typed text comes back as it was, with its language.
			expect(read.values).toMatchObject({ tiebreakTruth: text, tiebreakLocale: locale });
		}
		expect(roundProblemText('vi', [], ['tiebreakTruth'])).toEqual(['Giá trị số không hợp lệ: Đáp số đúng.']);
		expect(roundProblemText('en', [], ['tiebreakTruth'])).toEqual(['Not a valid number: The true figure.']);
	});

	it('reads an empty field as no figure yet', () => {
		expect(truthOf(typed('', 'vi'))).toBeNull();
		expect(typed('  ', 'en').bad).toEqual([]);
	});

	it('reads the figure in the language sent with it, not in the one the screen has switched to since', () => {
		// Written on a Vietnamese screen, sent after switching to English: still twelve and a bit.
		const form = formOf({ ...roundFormValues(withTruth(null), 'vi'), tiebreakTruth: '12,345' });
		expect(readRoundForm(form).input?.tiebreak?.truth).toBe(12.345);
		form.set('tiebreakLocale', 'en');
		expect(readRoundForm(form).input?.tiebreak?.truth).toBe(12345);
		// A form that says nothing of its language (a page from before): Vietnamese, the default.
		form.delete('tiebreakLocale');
		expect(readRoundForm(form).input?.tiebreak?.truth).toBe(12.345);
	});
});

describe('the true figure written back into the form', () => {
	it('is written as the page’s language writes it', () => {
		const text = (truth: number, locale: Locale) => roundFormValues(withTruth(truth), locale).tiebreakTruth;
		expect(text(2.5, 'vi')).toBe('2,5');
		expect(text(2.5, 'en')).toBe('2.5');
		expect(text(12.345, 'vi')).toBe('12,345');
		expect(text(12.345, 'en')).toBe('12.345');
		expect(text(-3.75, 'vi')).toBe('-3,75');
		// Whole numbers without grouping: the same text in either language.
		expect(text(20000, 'vi')).toBe('20000');
		expect(text(20000, 'en')).toBe('20000');
		// Never JavaScript's exponent, which neither language reads.
		expect(text(1.5e-7, 'vi')).toBe('0,00000015');
		expect(text(1e21, 'en')).toBe('1000000000000000000000');
		expect(roundFormValues(withTruth(null), 'en').tiebreakTruth).toBe('');
		expect(roundFormValues(withTruth(2.5), 'en').tiebreakLocale).toBe('en');
	});

	it('survives saving the form as it came, again and again, in both languages', () => {
		for (const locale of ['vi', 'en'] as const) {
			for (const truth of [2.5, 12.345, 12345, 20000, 1500.75, -3.75, 0.1, 0, 1.5e-7, 1e21, 1234567.891]) {
				let input = withTruth(truth);
				for (let save = 1; save <= 3; save++) {
					const values = roundFormValues(input, locale);
					const read = readRoundForm(formOf(values));
					expect(read.bad, `${locale} ${truth}`).toEqual([]);
					input = read.input!;
					expect(input.tiebreak?.truth, `${locale} ${truth}, save ${save}`).toBe(truth);
					expect(roundFormValues(input, locale).tiebreakTruth).toBe(values.tiebreakTruth);
				}
			}
		}
	});
});
