// What a candidate types as the tie-break prediction, read as a number the way it is written in
// the screen's language. Vietnamese: "." and spaces group thousands, "," marks decimals ("20.000"
// is twenty thousand, "2,5" two and a half). English: "," and spaces group thousands, "." marks
// decimals ("20,000", "2.5"). Anything else is not a number: the form says so rather than guess.
import type { Locale } from '$lib/i18n/locale';

const WRITTEN: Record<Locale, { form: RegExp; group: RegExp; decimal: string }> = {
	vi: { form: /^[+-]?(\d{1,3}([.\s]\d{3})+|\d+)(,\d+)?$/, group: /[.\s]/g, decimal: ',' },
	en: { form: /^[+-]?(\d{1,3}([,\s]\d{3})+|\d+)(\.\d+)?$/, group: /[,\s]/g, decimal: '.' }
};

/** The number `text` stands for in `locale`, or null when it is not one written as above. */
export function readTiebreak(text: string, locale: Locale = 'vi'): number | null {
	const t = text.trim().replace(/\u00a0/g, ' ');
	const { form, group, decimal } = WRITTEN[locale];
	if (!form.test(t)) return null;
	const value = Number(t.replace(group, '').replace(decimal, '.'));
	return Number.isFinite(value) ? value : null;
}
