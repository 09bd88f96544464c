// The language choice, safe for the browser: a `lang` cookie, readable by pages that render in
// the browser while offline, and `{name}` placeholders. No catalogue here.
export type Locale = 'vi' | 'en';
export const LOCALES: readonly Locale[] = ['vi', 'en'];
export const LOCALE_COOKIE = 'lang';
/**
 * A sentence in every language: what a form's refusal carries, so the page shows it in the
 * language chosen after it came (the switch works in the browser, without asking again).
 */
export type Worded = Record<Locale, string>;

/** `word` said in every language. */
export function inEachLocale(word: (locale: Locale) => string): Worded {
	return { vi: word('vi'), en: word('en') };
}

export function toLocale(value: string | null | undefined): Locale {
	return value === 'en' ? 'en' : 'vi';
}

/**
 * Fills `{name}` placeholders, and `{name|one|other}` plural choices: `one` when the value is
 * exactly 1, else `other` (English's rule; Vietnamese has no plural and writes none).
 */
export function fmt(template: string, values: Record<string, string | number>): string {
	return template
		.replace(/\{(\w+)\|([^|{}]*)\|([^|{}]*)\}/g, (whole, key: string, one: string, other: string) =>
			key in values ? (Number(values[key]) === 1 ? one : other) : whole
		)
		.replace(/\{(\w+)\}/g, (whole, key: string) => (key in values ? String(values[key]) : whole));
}

export function localeFromCookieHeader(cookie: string): Locale {
	const m = new RegExp(`(?:^|;\\s*)${LOCALE_COOKIE}=(\\w+)`).exec(cookie);
	return toLocale(m?.[1]);
}
