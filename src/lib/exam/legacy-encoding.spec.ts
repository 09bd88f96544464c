import { describe, expect, it } from 'vitest';
import {
	convertLegacy,
	detectLegacy,
	fromTcvn3,
	fromVni,
	isGarbled,
	isVietnameseSyllable
} from './legacy-encoding';

/** Encodes Unicode into TCVN3 the way an old .VnTime document stores it, for round trips. */
const TCVN3_OF: Record<string, string> = {
	à: 'µ',
	á: '¸',
	ả: '¶',
	ã: '·',
	ạ: '¹',
	ă: '¨',
	ằ: '»',
	ắ: '¾',
	ẳ: '¼',
	ẵ: '½',
	ặ: 'Æ',
	â: '©',
	ầ: 'Ç',
	ấ: 'Ê',
	ẩ: 'È',
	ẫ: 'É',
	ậ: 'Ë',
	đ: '®',
	è: 'Ì',
	é: 'Ð',
	ẻ: 'Î',
	ẽ: 'Ï',
	ẹ: 'Ñ',
	ê: 'ª',
	ề: 'Ò',
	ế: 'Õ',
	ể: 'Ó',
	ễ: 'Ô',
	ệ: 'Ö',
	ì: '×',
	í: 'Ý',
	ỉ: 'Ø',
	ĩ: 'Ü',
	ị: 'Þ',
	ò: 'ß',
	ó: 'ã',
	ỏ: 'á',
	õ: 'â',
	ọ: 'ä',
	ô: '«',
	ồ: 'å',
	ố: 'è',
	ổ: 'æ',
	ỗ: 'ç',
	ộ: 'é',
	ơ: '¬',
	ờ: 'ê',
	ớ: 'í',
	ở: 'ë',
	ỡ: 'ì',
	ợ: 'î',
	ù: 'ï',
	ú: 'ó',
	ủ: 'ñ',
	ũ: 'ò',
	ụ: 'ô',
	ư: '\u00ad',
	ừ: 'õ',
	ứ: 'ø',
	ử: 'ö',
	ữ: '÷',
	ự: 'ù',
	ỳ: 'ú',
	ý: 'ý',
	ỷ: 'û',
	ỹ: 'ü',
	ỵ: 'þ',
	Đ: '§',
	Ă: '¡',
	Â: '¢',
	Ê: '£',
	Ô: '¤',
	Ơ: '¥',
	Ư: '¦'
};
const toTcvn3 = (s: string) => [...s].map((c) => TCVN3_OF[c] ?? c).join('');

describe('TCVN3 (ABC)', () => {
	it('converts known words', () => {
		expect(fromTcvn3('Thµnh phè')).toBe('Thành phố');
		expect(fromTcvn3('B¶o Th¾ng')).toBe('Bảo Thắng');
		expect(fromTcvn3('M\u00adêng Kh\u00ad¬ng')).toBe('Mường Khương');
		expect(fromTcvn3('ChÝnh quyÒn ®iÖn tö')).toBe('Chính quyền điện tử');
		expect(fromTcvn3('§¶ng bé')).toBe('Đảng bộ');
	});
	it('round-trips every lower-case letter', () => {
		const sentence =
			'Dịch vụ công trực tuyến mức độ bốn; người dân nộp hồ sơ, nhận kết quả ở nhà — Ủy ban nhân dân tỉnh';
		const lower = sentence.replace('Ủy', 'ủy');
		expect(fromTcvn3(toTcvn3(lower))).toBe(lower);
		expect(detectLegacy(toTcvn3(lower))).toBe('tcvn3');
	});
	it('is detected in real sentences', () => {
		const legacy = 'Cæng dÞch vô c«ng quèc gia ®\u00adîc khai tr\u00ad¬ng n¨m nµo?';
		expect(detectLegacy(legacy)).toBe('tcvn3');
		expect(convertLegacy(legacy, 'tcvn3')).toBe('Cổng dịch vụ công quốc gia được khai trương năm nào?');
	});
});

describe('VNI', () => {
	it('converts known words', () => {
		expect(fromVni('Thaønh phoá')).toBe('Thành phố');
		expect(fromVni('Vieät Nam')).toBe('Việt Nam');
		expect(fromVni('Chính quyeàn ñieän töû')).toBe('Chính quyền điện tử');
		expect(fromVni('ngöôøi daân')).toBe('người dân');
		expect(fromVni('Ñaûng boä')).toBe('Đảng bộ');
		expect(fromVni('naêm hoïc')).toBe('năm học');
		expect(fromVni('TIEÀN GIANG')).toBe('TIỀN GIANG');
		expect(fromVni('Myõ Tho, kyø thi, lôùp')).toBe('Mỹ Tho, kỳ thi, lớp');
	});
	it('is detected in real sentences', () => {
		const legacy = 'Coång dòch vuï coâng quoác gia ñöôïc khai tröông naêm naøo?';
		expect(detectLegacy(legacy)).toBe('vni');
		expect(convertLegacy(legacy, 'vni')).toBe('Cổng dịch vụ công quốc gia được khai trương năm nào?');
	});
	it('is NFC', () => {
		expect(fromVni('Vieät').normalize('NFC')).toBe(fromVni('Vieät'));
		expect(fromVni('Vieät')).toHaveLength(4);
	});
});

describe('detection leaves Unicode alone', () => {
	it.each([
		'Thành phố Mỹ Tho thuộc tỉnh Tiền Giang',
		'Kế hoạch 438/KH-UBND ngày 31-12-2019 về Chính quyền điện tử',
		'Hoàn toàn đúng, hoá đơn điện tử, thuỷ lợi',
		'Tất cả các đáp án trên',
		'The e-Government Development Index (EGDI)',
		'Câu hỏi 12: ứng dụng Zalo, VNeID và Cổng dịch vụ công',
		// A row whose option is a lone soft hyphen (TCVN3's "ư"): an organiser's walk saw it converted.
		'Tỉnh nào có thành phố Cao Lãnh?\nĐồng Tháp\n\u00ad\nAn Giang'
	])('%j', (text) => {
		expect(detectLegacy(text)).toBeNull();
	});
});

describe('garbled text', () => {
	it('recognises UTF-8 read as Latin-1 and replacement characters', () => {
		expect(isGarbled('Thá»±c hiá»‡n')).toBe(true);
		expect(isGarbled('Th\ufffdnh ph\ufffd')).toBe(true);
		expect(isGarbled('Thành phố')).toBe(false);
		expect(isGarbled('Thµnh phè')).toBe(false);
	});
	it('knows Vietnamese syllables', () => {
		for (const w of ['nghiêng', 'người', 'khuya', 'quốc', 'giữa', 'Tiền', 'thuyền', 'oải'])
			expect(isVietnameseSyllable(w), w).toBe(true);
		for (const w of ['Vieät', 'Thµnh', 'Thaønh', 'UBND', 'tröông'])
			expect(isVietnameseSyllable(w), w).toBe(false);
	});
});
