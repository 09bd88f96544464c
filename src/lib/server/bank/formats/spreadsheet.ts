// The readers for .xlsx (via exceljs) and .csv (csv.ts) question files; the template and the
// export are written by workbook.ts. Headings and sheet names are matched without tone marks
// or case, so "Phuong an A", "PHƯƠNG ÁN A" and "Option A" all work, in either language's
// template.
import ExcelJS from 'exceljs';
import { zipSync } from 'fflate';
import type { Problem } from '../model';
import { emptyParsed, type FilePool, type FileTopic, type ParsedFile } from './types';
import { yieldToServer } from '../../turns';
import { COLUMNS, headerKey, questionsOf, type ColumnMapping, type Sheet } from './columns';
import { unzipWithin } from './zip';
import { csvDelimiter, parseCsv } from './csv';
import { MAX_CELLS, MAX_ROWS, tooManyCells } from './limits';

export { COLUMNS, headerKey, MAX_CELLS, MAX_ROWS };

/**
 * The sheets of a workbook, by the names both languages' templates give them
 * (bank.sheet in bank.vi.ts and bank.en.ts), compared by headerKey.
 */
export const SHEET_NAMES = {
	questions: ['cau hoi', 'questions'],
	topics: ['chu de', 'topics'],
	pools: ['ngan hang', 'pools'],
	help: ['huong dan', 'help']
} as const;
type SheetKind = keyof typeof SHEET_NAMES;
const isSheet = (kind: SheetKind, name: string) =>
	(SHEET_NAMES[kind] as readonly string[]).includes(headerKey(name));

/**
 * A number as a percentage format ("0%", "0.0%") shows it: 0.5 → "50%", as the organiser sees
 * the cell and means it. Null for other formats, whose numbers are read as they are.
 */
function percentText(value: number, numFmt: string | undefined): string | null {
	const section = (numFmt ?? '').split(';')[0];
	// A % in quotes or escaped is a literal, not a percentage.
	if (!section.replace(/"[^"]*"|\\./g, '').includes('%')) return null;
	const decimals = /\.(0+)/.exec(section)?.[1].length ?? 0;
	return `${(value * 100).toFixed(decimals)}%`;
}

/**
 * What a spreadsheet cell holds, as text. Dates Excel made of "1/7" are written back d/m/yyyy;
 * a number in a percentage format as its percentage (`numFmt`, the cell's number format).
 */
export function cellText(value: ExcelJS.CellValue, numFmt?: string): string {
	if (value === null || value === undefined) return '';
	if (typeof value === 'string') return value;
	if (typeof value === 'number') return percentText(value, numFmt) ?? String(value);
	if (typeof value === 'boolean') return String(value);
	if (value instanceof Date) {
		return `${value.getUTCDate()}/${value.getUTCMonth() + 1}/${value.getUTCFullYear()}`;
	}
	if ('richText' in value) return value.richText.map((r) => r.text).join('');
	if ('formula' in value || 'sharedFormula' in value) {
		const result = (value as ExcelJS.CellFormulaValue).result;
		return result === undefined || result === null || typeof result === 'object'
			? result instanceof Date
				? cellText(result)
				: ''
			: cellText(result, numFmt);
	}
	if ('hyperlink' in value) return String((value as ExcelJS.CellHyperlinkValue).text ?? '');
	if ('error' in value) return '';
	return '';
}

/**
 * The error a cell shows (#N/A, #REF!, #VALUE!…), its own or its formula's, or null. cellText
 * reads such a cell as empty, which it is not: Excel shows the error where the text should be.
 */
export function cellError(value: ExcelJS.CellValue): string | null {
	if (value === null || typeof value !== 'object' || value instanceof Date) return null;
	const shown =
		'formula' in value || 'sharedFormula' in value ? (value as ExcelJS.CellFormulaValue).result : value;
	if (shown && typeof shown === 'object' && 'error' in shown) return String(shown.error);
	return null;
}

function sheetRows(ws: ExcelJS.Worksheet): Sheet {
	const rows: Sheet['rows'] = [];
	ws.eachRow({ includeEmpty: false }, (row, n) => {
		const values = row.values as ExcelJS.CellValue[];
		const cells: string[] = [];
		const errors: string[] = [];
		for (let i = 1; i < values.length; i++) {
			// getCell would add a cell where the row has none.
			cells[i] = values[i] == null ? '' : cellText(values[i], row.getCell(i).numFmt);
			const error = cellError(values[i]);
			if (error) errors[i] = error;
		}
		// A row of nothing but errors (a formula filled down past the questions) stays out, as
		// an empty row does; errors beside content refuse their row (columns.ts).
		if (cells.some((c) => c && c.trim())) rows.push({ n, cells, ...(errors.length ? { errors } : {}) });
	});
	return { rows };
}

function findSheet(wb: ExcelJS.Workbook, kind: SheetKind): ExcelJS.Worksheet | undefined {
	return wb.worksheets.find((w) => isSheet(kind, w.name));
}

function topicsOf(ws: ExcelJS.Worksheet | undefined): FileTopic[] | undefined {
	if (!ws) return undefined;
	return sheetRows(ws)
		.rows.slice(1)
		.map((r) => ({ id: (r.cells[1] ?? '').trim(), name: (r.cells[2] ?? '').trim() }))
		.filter((t) => t.id && t.name);
}

function poolsOf(ws: ExcelJS.Worksheet | undefined): FilePool[] | undefined {
	if (!ws) return undefined;
	return sheetRows(ws)
		.rows.slice(1)
		.map((r) => ({
			id: (r.cells[1] ?? '').trim(),
			name: (r.cells[2] ?? '').trim(),
			visibility:
				headerKey(r.cells[3] ?? '').startsWith('cong khai') || headerKey(r.cells[3] ?? '') === 'public'
					? ('public' as const)
					: ('secret' as const),
			published: ['co', 'yes', 'x', '1'].includes(headerKey(r.cells[4] ?? ''))
		}))
		.filter((p) => p.id && p.name);
}

/** What exceljs reads as a worksheet (its own test, in xlsx.js). */
const WORKSHEET = /xl\/worksheets\/sheet(\d+)[.]xml/;

const isTagEnd = (b: number) =>
	b === 0x20 || b === 0x2f || b === 0x3e || b === 0x09 || b === 0x0a || b === 0x0d;

/** The workbook's rows and cells over the limits, counted as `<row` and `<c` tags in its sheets. */
function crowdedSheets(files: Map<string, Uint8Array>): Problem | null {
	let rows = 0;
	let cells = 0;
	for (const [name, d] of files) {
		if (!WORKSHEET.test(name)) continue;
		for (let i = 0; i < d.length; i++) {
			if (d[i] !== 0x3c) continue;
			if (d[i + 1] === 0x63 && isTagEnd(d[i + 2])) cells++;
			else if (d[i + 1] === 0x72 && d[i + 2] === 0x6f && d[i + 3] === 0x77 && isTagEnd(d[i + 4])) rows++;
		}
		if (rows > MAX_ROWS || cells > MAX_CELLS) return tooManyCells;
	}
	return null;
}

export async function readXlsx(data: Buffer, mapping: ColumnMapping = {}): Promise<ParsedFile> {
	// exceljs unpacks every entry whole, however large: the zip is opened within bounds first,
	// and exceljs is given the entries as read there (stored, not compressed again), so it
	// never sees a size this check did not.
	const opened = await unzipWithin(data);
	if (!opened.ok) return emptyParsed(opened.problem);
	const crowded = crowdedSheets(opened.files);
	if (crowded) return emptyParsed(crowded);
	await yieldToServer();
	const checked = zipSync(Object.fromEntries(opened.files), { level: 0 });
	opened.files.clear();
	const wb = new ExcelJS.Workbook();
	try {
		await wb.xlsx.load(checked as unknown as ArrayBuffer);
	} catch {
		// The library's own message is English and says nothing an organiser can act on.
		return emptyParsed({ code: 'damagedZip' });
	}
	const ws =
		findSheet(wb, 'questions') ??
		wb.worksheets.find((w) => w.state === 'visible' && !isSheet('help', w.name));
	if (!ws) return emptyParsed({ code: 'emptyFile' });
	await yieldToServer();
	const parsed = await questionsOf(sheetRows(ws), mapping);
	return {
		...parsed,
		topics: topicsOf(findSheet(wb, 'topics')),
		pools: poolsOf(findSheet(wb, 'pools'))
	};
}

/**
 * Reads CSV text (already decoded, see encoding.ts); `;` and tab separators are found by
 * themselves. Within the bounds of limits.ts, as a workbook is.
 */
export async function readCsv(text: string, mapping: ColumnMapping = {}): Promise<ParsedFile> {
	const read = await parseCsv(text, csvDelimiter(text));
	if (!read.ok) return emptyParsed(read.problem);
	await yieldToServer();
	return questionsOf(read.sheet, mapping);
}

/** A status cell as either language's template or export writes it (bank.status), or empty. */
export function parseStatus(value: string | undefined): 'active' | 'retired' | null {
	const k = headerKey(value ?? '');
	if (!k || k === 'dang dung' || k === 'active' || k === 'in use') return 'active';
	if (k === 'ngung dung' || k === 'retired' || k === 'da ngung') return 'retired';
	return null;
}
