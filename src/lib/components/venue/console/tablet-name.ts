// How the console names a tablet in its seat rows and its list of spares. The label the tablet
// was enrolled with names it where no other tablet of the room has that label; where two share
// one (two tablets called "T2"), the short id each shows on its own screen ("Mã thiết bị", the
// id's first 10 characters) follows it, so the proctor picks the one in their hand. A tablet
// enrolled without a label is labelled with its short id (enrol.ts): then the id is shown once.
// In a sentence the catalogue writes the noun ("máy {device}"), and the label follows it without
// one of its own (labelAfterNoun): "Máy 5" and "5" read alike there, so they count as shared.
import { labelAfterNoun } from '$lib/i18n/tablet-label';

type Named = { id: string; label: string };

/** The id a tablet shows on its own screen (its pending, preparing and proctor-mode screens). */
export function shortDeviceId(id: string): string {
	return id.slice(0, 10);
}

function named(d: Named, room: readonly Named[], said: (label: string) => string): string {
	const short = shortDeviceId(d.id);
	const label = d.label.trim();
	if (!label || label === short || label === d.id) return short;
	const key = labelAfterNoun(label);
	const shared = room.some((o) => o.id !== d.id && labelAfterNoun(o.label) === key);
	return shared ? `${said(label)} · ${short}` : said(label);
}

/** `d`'s name among `room`, the room's tablets (any listing of them; `d` itself may be in it). */
export function tabletName(d: Named, room: readonly Named[]): string {
	return named(d, room, (label) => label);
}

/** `d`'s name where a sentence writes the tablet noun before it: "máy {device}", "tablet {old}". */
export function tabletInSentence(d: Named, room: readonly Named[]): string {
	return named(d, room, labelAfterNoun);
}
