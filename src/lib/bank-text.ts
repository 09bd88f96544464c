// How the bank's import report reads, in either language: a problem is stored as a code with
// parameters, a place as a kind with parameters, and both become sentences here, from the
// catalogue, on the server (forms) and in the browser (the import report) alike.
import { fmt } from '$lib/i18n/locale';
import type { Messages } from '$lib/i18n/catalogue';

type Bank = Messages['bank'];
type Params = Record<string, string | number>;

/** "Hàng 3", "Câu 2 (dòng 14)", "Toàn tệp"… */
export function describePlace(b: Bank, kind: string, params: Params = {}): string {
	const template = (b.places as Record<string, string>)[kind];
	return template === undefined ? kind : fmt(template, params);
}

/** The entry of a catalogue table under `key`, if the table itself has one. */
function own(table: object, key: string): string | undefined {
	return Object.prototype.hasOwnProperty.call(table, key)
		? (table as Record<string, string>)[key]
		: undefined;
}

/** A column's field key ("text", "A"…) as the template's heading in this language. */
export function fieldName(b: Bank, key: string): string {
	if (/^[A-F]$/.test(key)) return fmt(b.fields.option, { letter: key });
	return own(b.fields, key) ?? key;
}

export function describeProblem(b: Bank, p: { code: string; params?: Params }): string {
	const template = (b.problems as Record<string, string>)[p.code] ?? p.code;
	const params: Params = { ...(p.params ?? {}) };
	const { visibility, field, place, fields, detail, type } = params;
	if (visibility === 'public' || visibility === 'secret') params.visibility = b.visibilityShort[visibility];
	// Missing columns named by field key, worded as the template's headings in this language.
	if (typeof fields === 'string')
		params.columns = fields
			.split(',')
			.map((key) => fieldName(b, key))
			.join(', ');
	// A syntax fault or question type named by key; a type a file names itself stays as written.
	if (typeof detail === 'string') params.detail = own(b.syntaxDetails, detail) ?? detail;
	if (typeof type === 'string') params.type = own(b.questionTypes, type) ?? type;
	// A field named by its key ("option" with a letter); older reports hold the words themselves.
	if (typeof field === 'string' && field in b.fields)
		params.field = fmt((b.fields as Record<string, string>)[field], { letter: params.letter ?? '' });
	// Another place of the file, inside a sentence: "Trùng với hàng 2 trong tệp."
	if (typeof place === 'string' && place in b.places) {
		const text = describePlace(b, place, params);
		params.place = text.charAt(0).toLocaleLowerCase() + text.slice(1);
	}
	return fmt(template, params);
}
