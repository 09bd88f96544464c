// How a tablet's label fills a catalogue sentence. Every sentence that names a tablet writes the
// noun itself, in its language and in the case its place needs ("Xếp máy {device} vào {seat}",
// "Máy {old} đang phục vụ…", "Tablet {device} serves…"); the label is what the organiser or the
// proctor typed at enrolment, and people type the noun too ("Máy 5", "Tablet 5"). Said as typed,
// the sentence read "máy Máy 5" and "tablet Tablet 5".

/**
 * A tablet noun at the start of a label, written with or without Vietnamese marks, in any case
 * (the label is decomposed first, so a mark is a separate character): "máy tính bảng", "máy tính",
 * "máy", "tablet". It is a whole word: what follows is not a letter ("Máyxyz" is a name of its
 * own); the spaces and dashes after it go with it.
 */
const NOUN =
	/^(?:m\p{M}*a\p{M}*y\p{M}*(?:\s+t\p{M}*i\p{M}*n\p{M}*h\p{M}*(?:\s+b\p{M}*a\p{M}*n\p{M}*g\p{M}*)?)?|tablet)(?!\p{L}|\p{M})[\s\-_.:·–—/]*/iu;

/**
 * `label` as it follows the tablet noun the catalogue writes ("máy {device}", "tablet {device}"):
 * without a noun of its own at its start, so "Máy 5" reads "máy 5", "Tablet 5" reads "tablet 5".
 * A label with no noun ("5", "T5") is said as typed, and so is one that would be left with
 * nothing to tell the tablet by ("Máy", "Tablet -"). Only for such a slot: where the label stands
 * alone (a seat row, a list of spares) it is shown whole.
 */
export function labelAfterNoun(label: string): string {
	const typed = label.trim();
	const parts = typed.normalize('NFD');
	const noun = NOUN.exec(parts);
	if (!noun) return typed;
	const rest = parts.slice(noun[0].length).normalize('NFC');
	return /[\p{L}\p{N}]/u.test(rest) ? rest : typed;
}
