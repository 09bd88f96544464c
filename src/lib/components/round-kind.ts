// A round's kind shown beside its name, unless the name says it already: the demo's
// qualifying round is named "Vòng loại", and "Vòng loại · Vòng loại" says one thing twice.

/** `kindLabel` (the catalogue's word for the round's kind), or null when `name` contains it. */
export function kindBesideName(name: string, kindLabel: string): string | null {
	const fold = (s: string) => s.normalize('NFC').toLocaleLowerCase('vi').replace(/\s+/g, ' ').trim();
	return fold(name).includes(fold(kindLabel)) ? null : kindLabel;
}
