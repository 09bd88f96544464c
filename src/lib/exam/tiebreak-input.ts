// What a candidate types as the tie-break prediction, read as a number the way it is written in
// Vietnamese: "." and spaces group thousands, "," marks decimals ("20.000" is twenty thousand,
// "2,5" two and a half). Anything else is not a number: the form says so rather than guess.
const WRITTEN = /^[+-]?(\d{1,3}([.\s]\d{3})+|\d+)(,\d+)?$/;

/** The number `text` stands for, or null when it is not one written as above. */
export function readTiebreak(text: string): number | null {
	const t = text.trim().replace(/\u00a0/g, ' ');
	if (!WRITTEN.test(t)) return null;
	const value = Number(t.replace(/[.\s]/g, '').replace(',', '.'));
	return Number.isFinite(value) ? value : null;
}
