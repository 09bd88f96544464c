// How names appear in results: folded for search, and reduced to initials where the
// candidate did not consent to publishing their name.

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
