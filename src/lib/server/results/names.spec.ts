import { describe, expect, it } from 'vitest';
import { containsPattern, foldForSearch, initials } from './names';

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
