// Number and time formats of the results pages, in Vietnam time and the page's language.
import type { Locale } from '$lib/i18n/locale';
import { dateTime as formatDateTime } from '$lib/format';

const tag = (locale: Locale) => (locale === 'vi' ? 'vi-VN' : 'en-GB');

/** "12:05" for a time used of 12 minutes 5 seconds (minutes may exceed 59). */
export function clock(ms: number): string {
	const s = Math.floor(ms / 1000);
	return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

/** The one format of every screen (src/lib/format.ts); `locale` kept for the callers' sake. */
export function dateTime(ms: number, locale?: Locale): string {
	void locale;
	return formatDateTime(ms);
}

export function num(x: number, locale: Locale, digits = 0): string {
	return x.toLocaleString(tag(locale), { minimumFractionDigits: 0, maximumFractionDigits: digits });
}

export function percent(x: number | null, locale: Locale, digits = 1): string {
	return x === null
		? '—'
		: x.toLocaleString(tag(locale), { style: 'percent', maximumFractionDigits: digits });
}

/** "23/11" from "2026-11-23", for chart axes. */
export function shortDate(date: string): string {
	const [, m, d] = date.split('-');
	return `${d}/${m}`;
}
