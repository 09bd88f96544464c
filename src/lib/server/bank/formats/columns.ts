// The question sheet's columns: the headings the template uses and their aliases, the
// organiser's own mapping for headings the app does not know, the heading row found below
// a title row, and rows marked as the template's examples. Shared by .xlsx and .csv.
import { clean, LETTERS, type Problem } from '../model';
import { fmt } from '$lib/i18n/locale';
import type { Messages } from '$lib/i18n/catalogue';
import type { FieldKey } from '$lib/exam/import-fields';
import { parseAnswer } from '../answer';
import { emptyParsed, type ColumnRead, type ParsedFile, type RawQuestion } from './types';
import { yieldToServer } from '../../turns';

/** One list with the browser's mapping form (`$lib/exam/import-fields`). */
export type ColumnKey = FieldKey;

/** What an organiser may choose for a column: a field, or to leave it out. */
export type MappedField = ColumnKey | 'ignore';
/** headerKey(heading) → field, as the organiser chose it. */
export type ColumnMapping = Record<string, MappedField>;

interface Column {
	key: ColumnKey;
	/**
	 * Headings that name this column, compared by headerKey: both languages' template
	 * headings (bank.fields in bank.vi.ts and bank.en.ts) and the words organisers write.
	 */
	aliases: string[];
	width: number;
	required?: boolean;
}

export const COLUMNS: Column[] = [
	{ key: 'id', aliases: ['ma cau hoi', 'question id', 'id', 'ma'], width: 14 },
	{
		key: 'text',
		aliases: ['noi dung cau hoi', 'question text', 'cau hoi', 'noi dung', 'question', 'text'],
		width: 60,
		required: true
	},
	...LETTERS.map((l, i) => ({
		key: l,
		aliases: [
			`phuong an ${l}`,
			`option ${l}`,
			`dap an ${l}`,
			`lua chon ${l}`,
			l,
			`phuong an ${i + 1}`,
			`pa ${l}`,
			`pa ${i + 1}`
		],
		width: 30,
		required: l === 'A' || l === 'B'
	})),
	{
		key: 'correct',
		aliases: ['dap an dung', 'correct answer', 'dap an', 'correct', 'answer', 'key', 'da dung', 'da'],
		width: 12,
		required: true
	},
	{ key: 'pinned', aliases: ['giu vi tri', 'keep in place', 'co dinh', 'pinned', 'khong dao'], width: 12 },
	{ key: 'topic', aliases: ['chu de', 'topic', 'linh vuc'], width: 28 },
	{ key: 'topicId', aliases: ['ma chu de', 'topic id'], width: 16 },
	{ key: 'difficulty', aliases: ['muc do', 'difficulty', 'do kho', 'muc do kho'], width: 12 },
	{ key: 'pool', aliases: ['ngan hang', 'pool', 'ngan hang cau hoi'], width: 16 },
	{ key: 'status', aliases: ['trang thai', 'status'], width: 14 },
	{ key: 'explanation', aliases: ['giai thich', 'explanation', 'giai thich dap an'], width: 40 },
	{
		key: 'reference',
		aliases: ['can cu phap ly', 'legal basis', 'can cu', 'reference', 'nguon', 'van ban'],
		width: 30
	}
];

/** A column's heading as a template or export writes it, in the language of `fields`. */
export function columnHeading(fields: Messages['bank']['fields'], key: ColumnKey): string {
	return (LETTERS as readonly string[]).includes(key)
		? fmt(fields.option, { letter: key })
		: (fields as Record<string, string>)[key];
}

export const COLUMN_KEYS = COLUMNS.map((c) => c.key);

/** Header text compared without tone marks, case, punctuation or a trailing "(*)". */
export function headerKey(s: string): string {
	return s
		.normalize('NFD')
		.replace(/[\u0300-\u036f]/g, '')
		.replace(/[đĐ]/g, 'd')
		.toLowerCase()
		.replace(/\(.*?\)|\*/g, '')
		.replace(/[^a-z0-9]+/g, ' ')
		.trim();
}

const BY_HEADER = new Map<string, ColumnKey>();
for (const c of COLUMNS) for (const h of c.aliases) BY_HEADER.set(headerKey(h), c.key);

/** The field a heading names, if any (the organiser's mapping aside). */
export const fieldOfHeading = (heading: string): ColumnKey | undefined => BY_HEADER.get(headerKey(heading));

/** The template's sample rows say "Ví dụ…" or "Example…" (bank.sheet.example) and are skipped. */
const isExample = (status: string) => /^(vi du|example)\b/.test(headerKey(status));

export interface Sheet {
	/**
	 * Row number (as the spreadsheet shows it) and the cells' text, 1-based like Excel; `errors`
	 * holds, at the same places, the formula errors (#N/A…) of a workbook's cells, read as ''.
	 */
	rows: { n: number; cells: string[]; errors?: string[] }[];
}

function fieldOf(heading: string, mapping: ColumnMapping): MappedField | undefined {
	const k = headerKey(heading);
	return mapping[k] ?? BY_HEADER.get(k);
}

/** Rows looked at for the heading row: a title and a blank line or two sit above it. */
const HEADING_SEARCH = 10;

/**
 * The heading row: the one of the first rows naming the most known fields; when none names
 * any, the first row with at least two cells filled (a title is one merged cell).
 */
function headingRow(sheet: Sheet, mapping: ColumnMapping): number {
	let best = -1;
	let bestScore = 0;
	const rows = sheet.rows.slice(0, HEADING_SEARCH);
	rows.forEach((row, i) => {
		const fields = new Set(
			row.cells
				.filter((c) => c && c.trim())
				.map((c) => fieldOf(c, mapping))
				.filter((f) => f && f !== 'ignore')
		);
		if (fields.size >= 2 && fields.size > bestScore) {
			best = i;
			bestScore = fields.size;
		}
	});
	if (best >= 0) return best;
	const wide = rows.findIndex((r) => r.cells.filter((c) => c && c.trim()).length >= 2);
	return Math.max(wide, 0);
}

/** The fields whose cell in this row shows a formula error (#N/A…), with the error, left to right. */
function failedCells(row: Sheet['rows'][number], map: Map<number, ColumnKey>): Map<ColumnKey, string> {
	const failed = new Map<ColumnKey, string>();
	for (const [i, key] of [...map].sort(([a], [b]) => a - b)) {
		const error = row.errors?.[i];
		if (error) failed.set(key, error);
	}
	return failed;
}

/** Turns the question sheet into raw questions, reporting unknown and missing columns. */
export async function questionsOf(sheet: Sheet, mapping: ColumnMapping = {}): Promise<ParsedFile> {
	const start = headingRow(sheet, mapping);
	const header = sheet.rows[start];
	const data = sheet.rows.slice(start + 1);
	if (!header) return emptyParsed({ code: 'emptyFile' });
	const map = new Map<number, ColumnKey>();
	const unknown: string[] = [];
	const columns: ColumnRead[] = [];
	header.cells.forEach((h, i) => {
		if (!h || !h.trim()) return;
		const field = fieldOf(h, mapping);
		const sample = (data.find((r) => r.cells[i]?.trim())?.cells[i] ?? '').trim().slice(0, 80);
		if (field === 'ignore') {
			columns.push({ heading: h.trim(), key: headerKey(h), field: 'ignore', sample });
			return;
		}
		if (field && ![...map.values()].includes(field)) {
			map.set(i, field);
			columns.push({ heading: h.trim(), key: headerKey(h), field, sample });
		} else {
			unknown.push(h.trim());
			columns.push({ heading: h.trim(), key: headerKey(h), field: null, sample });
		}
	});
	const have = new Set(map.values());
	const missing = COLUMNS.filter((c) => c.required && !have.has(c.key)).map((c) => c.key);
	const fileNotes: Problem[] = [];
	if (start > 0) fileNotes.push({ code: 'titleRowsSkipped', params: { n: start, row: header.n } });
	if (unknown.length) fileNotes.push({ code: 'unknownColumns', params: { columns: unknown.join(', ') } });
	if (missing.length)
		return {
			// Field keys; bank-text words them as headings in the reader's language.
			...emptyParsed({ code: 'missingColumns', params: { fields: missing.join(',') } }),
			fileNotes,
			columns
		};
	const items: RawQuestion[] = [];
	let examples = 0;
	for (let r = 0; r < data.length; r++) {
		if (r % 500 === 499) await yieldToServer();
		const row = data[r];
		const get = (key: ColumnKey) => {
			for (const [i, k] of map) if (k === key) return (row.cells[i] ?? '').trim();
			return '';
		};
		if (isExample(get('status'))) {
			examples++;
			continue;
		}
		// A formula error refuses its row, naming the column: read as empty, an error in the
		// last option made a 3-option question of the row, and one in B was called blank.
		const failed = failedCells(row, map);
		const problems = [...failed].map(([key, error]): Problem => {
			const option = (LETTERS as readonly string[]).includes(key);
			return {
				code: 'cellError',
				params: option ? { field: 'option', letter: key, error } : { field: key, error }
			};
		});
		// The text and options read as Excel shows them, error and all, so the row is not also
		// refused as empty; other fields read the cell as empty, so it adds no second refusal.
		const shown = (key: ColumnKey) => failed.get(key) ?? get(key);
		const texts = LETTERS.map((l) => shown(l));
		let last = texts.length - 1;
		while (last >= 0 && !clean(texts[last])) last--;
		const pinnedRaw = get('pinned');
		const pinned = pinnedRaw ? parseAnswer(pinnedRaw) : [];
		if (pinned === null) problems.push({ code: 'badPinned', params: { value: pinnedRaw } });
		const options = texts
			.slice(0, last + 1)
			.map((text, i) => ({ text, pinned: pinned?.includes(i) ?? false }));
		const correctRaw = get('correct');
		const correct = parseAnswer(correctRaw);
		if (correct === null || correct.some((i) => i >= options.length))
			problems.push({ code: 'badCorrect', params: { value: correctRaw } });
		items.push({
			place: { kind: 'row', params: { n: row.n } },
			id: get('id') || undefined,
			text: shown('text'),
			options,
			correct: correct?.filter((i) => i < options.length) ?? [],
			topic: get('topic') || undefined,
			topicId: get('topicId') || undefined,
			difficulty: get('difficulty') || undefined,
			pool: get('pool') || undefined,
			status: get('status') || undefined,
			explanation: get('explanation'),
			reference: get('reference'),
			problems
		});
	}
	if (examples) fileNotes.push({ code: 'examplesSkipped', params: { n: examples } });
	if (items.length === 0) return { ...emptyParsed({ code: 'emptyFile' }), fileNotes, columns };
	return { items, fileProblems: [], fileNotes, columns };
}
