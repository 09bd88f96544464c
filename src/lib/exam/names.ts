// A person's name as the rankings show it: one Unicode form, and no characters that hide
// or reorder text so one entrant could pass for another; folded for search, and reduced to
// initials where the candidate did not consent to publishing their name.

/**
 * Controls (C0, DEL, C1), zero-width and joiner characters, bidi embeddings, overrides and
 * isolates, the BOM, soft hyphen, Hangul fillers and other invisible letters.
 */
// Controls and lone combining marks are exactly what this class is for.
const HIDDEN =
	// eslint-disable-next-line no-control-regex, no-misleading-character-class
	/[\u0000-\u001f\u007f-\u009f\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufffb]/u;

/**
 * The part of HIDDEN that text pasted from Word, Zalo or a web page carries by accident: zero-width
 * space, non-joiner and joiner, word joiner, BOM, soft hyphen and variation selectors (emoji
 * carry U+FE0F). None of them reorders text or stands for a letter, so question text drops them
 * (bank/model.ts clean) where a name, checked by hidesText, is refused for them.
 */
// Lone joiners and variation selectors are exactly what this class is for.
// eslint-disable-next-line no-misleading-character-class
const PASTED_INVISIBLES = /[\u00ad\u200b-\u200d\u2060\ufe00-\ufe0f\ufeff]/gu;

/** The text without PASTED_INVISIBLES. */
export function dropPastedInvisibles(text: string): string {
	return text.replace(PASTED_INVISIBLES, '');
}

/**
 * Whether text hides or reorders characters (HIDDEN, line and paragraph separators), or holds a
 * lone surrogate (stored, it would become U+FFFD: the text shown is not the text sent).
 */
export function hidesText(text: string): boolean {
	return !text.isWellFormed() || HIDDEN.test(text) || /[\u2028\u2029]/u.test(text);
}

/** The name NFC-normalised with its spaces collapsed, or null when it hides characters. */
export function normaliseName(input: string): string | null {
	const name = input.normalize('NFC').replace(/[\t\n\r \u00a0\u2000-\u200a\u3000]+/gu, ' ');
	// Tested before trim(), which would quietly drop a BOM at either end.
	if (hidesText(name)) return null;
	return name.trim();
}

/**
 * Whether a name reads as a person's: written mostly in letters (at least two, and at least half
 * of what is not a space), with no symbol (an emoji, "<", "+", "$") and no punctuation but what
 * names carry ("H'Hen Niê", "Ánh-Tuyết", "Nguyễn V. A."). "123456", "@@", a phone number or
 * markup typed in the name's field is not one; the name goes on certificates and the results.
 */
export function isPersonName(name: string): boolean {
	const letters = name.match(/\p{L}/gu)?.length ?? 0;
	return letters >= 2 && letters * 2 >= name.replace(/\s/gu, '').length && !NOT_IN_A_NAME.test(name);
}

/** A symbol, or punctuation other than an apostrophe, a hyphen, a full stop, a comma or brackets. */
const NOT_IN_A_NAME = /\p{S}|[^\P{P}'‘’ʼ\-.,()]/u;

/**
 * Lower case without diacritics, đ as d, spaces collapsed: "Nguyễn  Văn Đức" → "nguyen van duc".
 * SQLite's LIKE folds ASCII case only and PostgreSQL's none, so both search this form.
 */
export function foldForSearch(text: string): string {
	return text
		.normalize('NFD')
		.replace(/\p{M}+/gu, '')
		.replace(/[đĐ]/g, 'd')
		.toLowerCase()
		.replace(/\s+/g, ' ')
		.trim();
}

/** "Nguyễn Văn An" → "N. V. A.": what the public sees of a name published without consent. */
export function initials(fullName: string): string {
	return fullName
		.trim()
		.split(/\s+/)
		.filter(Boolean)
		.map((word) => `${[...word.normalize('NFC')][0].toLocaleUpperCase('vi')}.`)
		.join(' ');
}

/** A LIKE pattern matching `text` anywhere, with LIKE's own wildcards taken literally. */
export function containsPattern(text: string): string {
	return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
