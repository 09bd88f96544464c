// The rules of a question, shared by the editor and every import format: 2–6 options, the
// correct ones named by option, pinned options, text limits, and the fingerprint used to
// find duplicates.
import type { Messages } from '$lib/i18n';
import { dropPastedInvisibles, hidesText } from '$lib/exam/names';

export const MIN_OPTIONS = 2;
export const MAX_OPTIONS = 6;
export const LETTERS = ['A', 'B', 'C', 'D', 'E', 'F'] as const;
export const MAX_TEXT = 4000;
export const MAX_OPTION_TEXT = 1000;

/** Problem codes; their wording is in bank.vi.ts / bank.en.ts under `problems`. */
export type ProblemCode = keyof Messages['bank']['problems'];
export interface Problem {
	code: ProblemCode;
	params?: Record<string, string | number>;
}

export interface DraftOption {
	text: string;
	pinned: boolean;
}

/** A question's content, as an editor form or an import row gives it. */
export interface QuestionDraft {
	text: string;
	options: DraftOption[];
	/** Indexes into options. One today; the model keeps room for several. */
	correct: number[];
	explanation: string;
	reference: string;
}

/** How many correct options a question must have. Several-correct questions come later. */
export const CORRECT_COUNT = { min: 1, max: 1 };

/**
 * Text as the bank stores it: one Unicode form, the invisibles a paste carries dropped (so an
 * option of only a zero-width space is empty, and "Ti\u200bền" is "Tiền" to the duplicate
 * check), every kind of line break written \n, runs of spaces as one.
 */
export function clean(text: string): string {
	return dropPastedInvisibles(text.normalize('NFC'))
		.replace(/\r\n?|[\v\f\u0085\u2028\u2029]/g, '\n')
		.replace(/[ \t\u00a0]+/g, ' ')
		.trim();
}

/**
 * Whether text still hides or reorders characters once cleaned (a bidi override, a control, a
 * lone surrogate): the rule names are held to (names.ts hidesText), line breaks aside. Refused,
 * not dropped like a zero-width space: an override changes what the text says on screen, so
 * its author looks at it again rather than the bank storing a text other than the one they saw.
 */
const hides = (text: string) => hidesText(clean(text).replaceAll('\n', ''));

export function draftProblems(d: QuestionDraft): Problem[] {
	const problems: Problem[] = [];
	const hidden = (field: string, text: string, letter?: string) => {
		if (hides(text)) problems.push({ code: 'hiddenChars', params: { field, ...(letter ? { letter } : {}) } });
	};
	hidden('text', d.text);
	d.options.forEach((o, i) => hidden('option', o.text, LETTERS[i] ?? String(i + 1)));
	hidden('explanation', d.explanation);
	hidden('reference', d.reference);
	// Tested cleaned, so a text of only invisibles is empty even from a caller that did not clean.
	if (!clean(d.text)) problems.push({ code: 'emptyText' });
	else if (d.text.length > MAX_TEXT) problems.push({ code: 'textTooLong', params: { max: MAX_TEXT } });
	const n = d.options.length;
	if (n < MIN_OPTIONS) problems.push({ code: 'tooFewOptions', params: { n } });
	if (n > MAX_OPTIONS) problems.push({ code: 'tooManyOptions', params: { n } });
	d.options.forEach((o, i) => {
		if (!clean(o.text))
			problems.push({ code: 'emptyOption', params: { letter: LETTERS[i] ?? String(i + 1) } });
		else if (o.text.length > MAX_OPTION_TEXT)
			problems.push({ code: 'textTooLong', params: { max: MAX_OPTION_TEXT } });
	});
	const seen = new Set<string>();
	for (const o of d.options) {
		const key = fingerprintText(o.text);
		if (key && seen.has(key)) {
			problems.push({ code: 'sameOptions' });
			break;
		}
		seen.add(key);
	}
	const correct = [...new Set(d.correct)];
	if (correct.some((i) => i < 0 || i >= n)) problems.push({ code: 'noCorrect' });
	else if (correct.length < CORRECT_COUNT.min) problems.push({ code: 'noCorrect' });
	else if (correct.length > CORRECT_COUNT.max)
		problems.push({ code: 'severalCorrect', params: { n: correct.length } });
	if (n > 0 && d.options.every((o) => o.pinned)) problems.push({ code: 'allPinned' });
	if (d.explanation.length > MAX_TEXT || d.reference.length > MAX_TEXT)
		problems.push({ code: 'textTooLong', params: { max: MAX_TEXT } });
	return problems;
}

/** Lower case, no tone marks or punctuation, single spaces: what counts as "the same text". */
export function fingerprintText(text: string): string {
	// Invisibles dropped first, as clean does, so a stored text that predates clean still matches.
	return dropPastedInvisibles(text)
		.normalize('NFD')
		.replace(/[\u0300-\u036f]/g, '')
		.replace(/đ/gi, 'd')
		.toLowerCase()
		.replace(/[^\p{L}\p{N}]+/gu, ' ')
		.trim();
}

/** Same question: same stem and the same options in any order. The key does not matter. */
export function fingerprint(d: { text: string; options: { text: string }[] }): string {
	return [fingerprintText(d.text), ...d.options.map((o) => fingerprintText(o.text)).sort()].join('\u0001');
}

export function parseDifficulty(value: string | number | null | undefined): 1 | 2 | 3 | null {
	if (value === null || value === undefined) return null;
	const s = String(value).trim().toLowerCase().normalize('NFC');
	if (s === '1' || s === 'dễ' || s === 'de' || s === 'easy' || s === 'nhận biết' || s === 'nhan biet')
		return 1;
	if (
		s === '2' ||
		s === 'trung bình' ||
		s === 'trung binh' ||
		s === 'medium' ||
		s === 'thông hiểu' ||
		s === 'thong hieu'
	)
		return 2;
	if (s === '3' || s === 'khó' || s === 'kho' || s === 'hard' || s === 'vận dụng' || s === 'van dung')
		return 3;
	return null;
}

export const QUESTION_ID = /^[A-Za-z0-9._-]{1,64}$/;
