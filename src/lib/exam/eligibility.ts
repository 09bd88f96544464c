// Who may register: age on the contest's start date, national id and phone formats.
// Dates are calendar dates in Asia/Ho_Chi_Minh, written YYYY-MM-DD.
import { isProvinceCode } from './provinces';

export const CONTEST_TIME_ZONE = 'Asia/Ho_Chi_Minh';

/** The calendar date (YYYY-MM-DD) of an instant in Vietnam. */
export function vietnamDate(epochMs: number): string {
	// en-CA formats as YYYY-MM-DD.
	return new Intl.DateTimeFormat('en-CA', {
		timeZone: CONTEST_TIME_ZONE,
		year: 'numeric',
		month: '2-digit',
		day: '2-digit'
	}).format(new Date(epochMs));
}

export function isCalendarDate(s: string): boolean {
	const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
	if (!m) return false;
	const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
	const date = new Date(Date.UTC(y, mo - 1, d));
	return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

/** Completed years of age on `onDate`; someone born on 29 Feb turns a year older on 1 Mar. */
export function ageOn(birthDate: string, onDate: string): number {
	const [by, bm, bd] = birthDate.split('-').map(Number);
	const [y, m, d] = onDate.split('-').map(Number);
	let age = y - by;
	if (m < bm || (m === bm && d < bd)) age -= 1;
	return age;
}

/**
 * Vietnamese mobile numbers: 0, or the country code 84 (written 84, +84 or 0084, and often
 * followed by the trunk 0 kept from the national form: "+84 (0) 912 …"), then a 9-digit
 * subscriber number starting 3, 5, 7, 8 or 9. Returns the national form (0xxxxxxxxx) or null.
 */
export function normalisePhone(input: string): string | null {
	const digits = input.replace(/[\s.\-()]/g, '');
	const m = /^(?:(?:\+|00)?840?|0)([35789]\d{8})$/.exec(digits);
	return m ? `0${m[1]}` : null;
}

export type NationalIdProblem = 'format' | 'province' | 'birthYear' | 'gender';

/**
 * A CCCD personal identification number has 12 digits: province (3, one of 63 codes), then a digit coding
 * gender and century (0/1 = male/female born 1900–1999, 2/3 = 2000–2099, …), then the last
 * two digits of the birth year. Checking them catches most typing mistakes.
 */
export function nationalIdProblem(
	id: string,
	birthDate: string,
	gender: 'male' | 'female' | 'other'
): NationalIdProblem | null {
	if (!/^\d{12}$/.test(id)) return 'format';
	if (!isProvinceCode(id.slice(0, 3))) return 'province';
	const code = Number(id[3]);
	const century = 1900 + Math.floor(code / 2) * 100;
	const year = century + Number(id.slice(4, 6));
	if (String(year) !== birthDate.slice(0, 4)) return 'birthYear';
	if (gender !== 'other' && (code % 2 === 0 ? 'male' : 'female') !== gender) return 'gender';
	return null;
}

/** At least 8 characters with a letter and a digit. */
export function isStrongPassword(pw: string): boolean {
	return pw.length >= 8 && pw.length <= 200 && /\p{L}/u.test(pw) && /\d/.test(pw);
}
