import { describe, expect, it } from 'vitest';
import { containsPattern, foldForSearch, initials, normaliseName } from './names';

describe('normaliseName', () => {
	it.each([
		['Nguyễn Văn An', 'Nguyễn Văn An'],
		// "ễ" typed as e + circumflex + tilde (NFD) becomes the one composed letter.
		['Nguye\u0302\u0303n Văn An', 'Nguyễn Văn An'],
		['  Trần   Thị\tBình ', 'Trần Thị Bình'],
		["H'Hen Niê", "H'Hen Niê"]
	])('%j → %j', (input, out) => expect(normaliseName(input)).toBe(out));

	it.each([
		['a NUL', 'Nguyễn\u0000 An'],
		['a NUL then a formula', '\u0000=HYPERLINK("x")'],
		['a bell', 'An\u0007'],
		['DEL', 'An\u007f'],
		['a C1 control', 'An\u0085'],
		['zero-width space', 'Nguyễn\u200bVăn An'],
		['zero-width joiner', 'Nguyễn\u200dVăn'],
		['word joiner', 'An\u2060'],
		['right-to-left override', 'Nguyễn \u202eнА'],
		['left-to-right embedding', '\u202aAn'],
		['right-to-left isolate', 'An\u2067x\u2069'],
		['right-to-left mark', 'An\u200f'],
		['Arabic letter mark', 'An\u061c'],
		['byte order mark', '\ufeffAn'],
		['soft hyphen', 'Ng\u00aduyễn'],
		['variation selector', 'An\ufe0f'],
		['Hangul filler', 'An\u3164'],
		['a lone high surrogate', 'A\ud800B'],
		['a lone low surrogate', 'Nguyễn \udc00An']
	])('refuses %s', (_what, input) => expect(normaliseName(input)).toBeNull());
});

describe('foldForSearch', () => {
	it('drops diacritics, folds đ and case, collapses spaces', () => {
		expect(foldForSearch('  Nguyễn  Văn ĐỨC ')).toBe('nguyen van duc');
		expect(foldForSearch('Huỳnh Ngọc Diệp')).toBe('huynh ngoc diep');
		expect(foldForSearch('Phạm Thị Bình')).toBe(foldForSearch('PHAM THI BINH'));
	});
	it('folds precomposed and decomposed input alike', () => {
		expect(foldForSearch('Lê'.normalize('NFD'))).toBe(foldForSearch('Lê'.normalize('NFC')));
	});
});

describe('initials', () => {
	it('keeps the first letter of each word, with its diacritic', () => {
		expect(initials('Nguyễn Văn An')).toBe('N. V. A.');
		expect(initials('đỗ  ánh')).toBe('Đ. Á.');
	});
	it('never contains the name itself', () => {
		expect(initials('Huỳnh Ngọc Diệp')).not.toMatch(/Huỳnh|Ngọc|Diệp/);
	});
});

describe('containsPattern', () => {
	it('escapes LIKE wildcards', () => {
		expect(containsPattern('50%_a')).toBe('%50\\%\\_a%');
	});
});
