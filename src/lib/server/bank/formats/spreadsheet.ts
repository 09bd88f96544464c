// The readers for .xlsx and .csv question files (both via exceljs); the template and the
// export are written by workbook.ts. Headings and sheet names are matched without tone marks
// or case, so "Phuong an A", "PHƯƠNG ÁN A" and "Option A" all work, in either language's
// template.
import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { emptyParsed, type FilePool, type FileTopic, type ParsedFile } from './types';
import { yieldToServer } from '../../turns';
import { COLUMNS, headerKey, questionsOf, type ColumnMapping, type Sheet } from './columns';

export { COLUMNS, headerKey };

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

/** What a spreadsheet cell holds, as text. Dates Excel made of "1/7" are written back d/m/yyyy. */
export function cellText(value: ExcelJS.CellValue): string {
	if (value === null || value === undefined) return '';
	if (typeof value === 'string') return value;
	if (typeof value === 'number' || typeof value === 'boolean') return String(value);
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
			: String(result);
	}
	if ('hyperlink' in value) return String((value as ExcelJS.CellHyperlinkValue).text ?? '');
	if ('error' in value) return '';
	return '';
}

function sheetRows(ws: ExcelJS.Worksheet): Sheet {
	const rows: Sheet['rows'] = [];
	ws.eachRow({ includeEmpty: false }, (row, n) => {
		const values = row.values as ExcelJS.CellValue[];
		const cells: string[] = [];
		for (let i = 1; i < values.length; i++) cells[i] = cellText(values[i]);
		if (cells.some((c) => c && c.trim())) rows.push({ n, cells });
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

export async function readXlsx(data: Buffer, mapping: ColumnMapping = {}): Promise<ParsedFile> {
	const wb = new ExcelJS.Workbook();
	try {
		await wb.xlsx.load(data as unknown as ArrayBuffer);
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

/** Reads CSV text (already decoded, see encoding.ts); `;` and tab separators are found by themselves. */
export async function readCsv(text: string, mapping: ColumnMapping = {}): Promise<ParsedFile> {
	const firstLine = text.slice(0, text.search(/\r?\n|$/));
	const count = (ch: string) => firstLine.split(ch).length - 1;
	const delimiter = [';', '\t', ','].reduce((best, ch) => (count(ch) > count(best) ? ch : best), ',');
	const wb = new ExcelJS.Workbook();
	let ws: ExcelJS.Worksheet;
	try {
		ws = await wb.csv.read(Readable.from([text]), {
			// Keep every cell as the text it is: "1/7" is an answer, not a date.
			map: (value: unknown) => (typeof value === 'string' ? value : String(value ?? '')),
			parserOptions: { delimiter, ignoreEmpty: false }
		});
	} catch {
		return emptyParsed({ code: 'unreadableCsv' });
	}
	await yieldToServer();
	return questionsOf(sheetRows(ws), mapping);
}

/** A status cell as either language's template or export writes it (bank.status), or empty. */
export function parseStatus(value: string | undefined): 'active' | 'retired' | null {
	const k = headerKey(value ?? '');
	if (!k || k === 'dang dung' || k === 'active' || k === 'in use') return 'active';
	if (k === 'ngung dung' || k === 'retired' || k === 'da ngung') return 'retired';
	return null;
}
