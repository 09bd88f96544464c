import { describe, expect, it } from 'vitest';
import {
	ageOn,
	isCalendarDate,
	isStrongPassword,
	nationalIdProblem,
	normalisePhone,
	vietnamDate
} from './eligibility';

describe('ageOn', () => {
	it('counts completed years on the day', () => {
		expect(ageOn('2010-06-15', '2022-06-14')).toBe(11);
		expect(ageOn('2010-06-15', '2022-06-15')).toBe(12);
		expect(ageOn('2010-02-28', '2022-03-01')).toBe(12);
	});
	it('treats a 29 February birthday as reached on 1 March', () => {
		expect(ageOn('2008-02-29', '2020-02-28')).toBe(11);
		expect(ageOn('2008-02-29', '2020-03-01')).toBe(12);
	});
});

describe('vietnamDate', () => {
	it('uses the Vietnamese calendar day, not UTC', () => {
		// 2026-01-01 20:00 UTC is already 2 January in Hà Nội (UTC+7).
		expect(vietnamDate(Date.UTC(2026, 0, 1, 20, 0))).toBe('2026-01-02');
		expect(vietnamDate(Date.UTC(2026, 0, 1, 16, 59))).toBe('2026-01-01');
	});
});

describe('isCalendarDate', () => {
	it('rejects impossible dates', () => {
		expect(isCalendarDate('2023-02-29')).toBe(false);
		expect(isCalendarDate('2024-02-29')).toBe(true);
		expect(isCalendarDate('24-02-29')).toBe(false);
	});
});

describe('normalisePhone', () => {
	it('accepts national and international forms', () => {
		expect(normalisePhone('0912 345 678')).toBe('0912345678');
		expect(normalisePhone('+84912345678')).toBe('0912345678');
		expect(normalisePhone('84-3.8765.4321')).toBe('0387654321');
	});
	it('accepts the trunk 0 kept after the country code, and 00 for +', () => {
		expect(normalisePhone('+84 (0) 912 345 679')).toBe('0912345679');
		expect(normalisePhone('+84 0912 345 679')).toBe('0912345679');
		expect(normalisePhone('0084 912 345 680')).toBe('0912345680');
		expect(normalisePhone('0084 (0) 912 345 680')).toBe('0912345680');
		expect(normalisePhone('84 0 387 654 321')).toBe('0387654321');
	});
	it('refuses landlines, short numbers and bad prefixes', () => {
		expect(normalisePhone('02733123456')).toBeNull();
		expect(normalisePhone('091234567')).toBeNull();
		expect(normalisePhone('0112345678')).toBeNull();
		// Those stay refused with the forms above: a landline or a short number after +84 (0) or
		// 0084, a second trunk 0, another country's 00 prefix, a + before the national form.
		expect(normalisePhone('+84 (0) 273 3123 456')).toBeNull();
		expect(normalisePhone('0084 91 234 567')).toBeNull();
		expect(normalisePhone('+84 (0) 0912 345 679')).toBeNull();
		expect(normalisePhone('00912345678')).toBeNull();
		expect(normalisePhone('0085 912 345 680')).toBeNull();
		expect(normalisePhone('+0912345678')).toBeNull();
		expect(normalisePhone('+84 (0) 912 345 6790')).toBeNull();
	});
});

describe('nationalIdProblem', () => {
	it('accepts ids whose gender and birth year match', () => {
		expect(nationalIdProblem('082090001234', '1990-05-01', 'male')).toBeNull();
		expect(nationalIdProblem('082312001234', '2012-05-01', 'female')).toBeNull();
		expect(nationalIdProblem('082312001234', '2012-05-01', 'other')).toBeNull();
	});
	it('names the problem', () => {
		expect(nationalIdProblem('08209000123', '1990-05-01', 'male')).toBe('format');
		expect(nationalIdProblem('082091001234', '1990-05-01', 'male')).toBe('birthYear');
		expect(nationalIdProblem('082190001234', '1990-05-01', 'male')).toBe('gender');
		expect(nationalIdProblem('999090001234', '1990-05-01', 'male')).toBe('province');
		expect(nationalIdProblem('000090001234', '1990-05-01', 'male')).toBe('province');
	});
});

describe('isStrongPassword', () => {
	it('wants 8 characters with a letter and a digit', () => {
		expect(isStrongPassword('matkhau1')).toBe(true);
		expect(isStrongPassword('mậtkhẩu9')).toBe(true);
		expect(isStrongPassword('12345678')).toBe(false);
		expect(isStrongPassword('abc1')).toBe(false);
	});
});
