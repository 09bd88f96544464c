// One date, time and number format for every screen: Vietnam time, "dd/MM/yyyy HH:mm",
// whatever the browser's or server's own locale and time zone.
import type { Locale } from '$lib/i18n/locale';

const VN_OFFSET_MS = 7 * 3600 * 1000;

function parts(ms: number) {
	const d = new Date(ms + VN_OFFSET_MS);
	const two = (n: number) => String(n).padStart(2, '0');
	return {
		date: `${two(d.getUTCDate())}/${two(d.getUTCMonth() + 1)}/${d.getUTCFullYear()}`,
		time: `${two(d.getUTCHours())}:${two(d.getUTCMinutes())}`
	};
}

/** "02/12/2026 03:08" in Asia/Ho_Chi_Minh. */
export function dateTime(ms: number): string {
	const p = parts(ms);
	return `${p.date} ${p.time}`;
}

/** "02/12/2026" in Asia/Ho_Chi_Minh. */
export function dateOnly(ms: number): string {
	return parts(ms).date;
}

/** "03:08" in Asia/Ho_Chi_Minh. */
export function timeOnly(ms: number): string {
	return parts(ms).time;
}

/** "12:05" for a time used of 12 minutes 5 seconds (minutes may exceed 59). */
export function duration(ms: number): string {
	const s = Math.floor(ms / 1000);
	return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

/** Thousands grouped the way the reader's language does it: 20.000 in Vietnamese. */
export function num(x: number, locale: Locale, digits = 0): string {
	return x.toLocaleString(locale === 'vi' ? 'vi-VN' : 'en-GB', {
		minimumFractionDigits: 0,
		maximumFractionDigits: digits
	});
}
