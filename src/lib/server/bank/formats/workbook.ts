// The bank as a spreadsheet to download: the template organisers fill in and the export in
// the same layout, so an export imports back unchanged. Every word in it (sheet names,
// headings, help, examples, statuses) comes from the catalogue in the organiser's language;
// spreadsheet.ts reads a file written in either language.
import ExcelJS from 'exceljs';
import type { Messages } from '$lib/i18n/catalogue';
import { LETTERS } from '../model';
import { type FilePool, type FileTopic } from './types';
import { yieldToServer } from '../../turns';
import { COLUMNS, columnHeading } from './columns';

/** The bank's words: `messages(locale).bank`. */
export type BankWords = Messages['bank'];

export interface ExportQuestion {
	id: string;
	text: string;
	options: { text: string; pinned: boolean }[];
	correct: number[];
	topicId: string;
	topicName: string;
	difficulty: number;
	poolId: string;
	/** 'example': the template's sample rows, skipped on import. */
	status: 'active' | 'retired' | 'example';
	explanation: string;
	reference: string;
}

function questionSheet(wb: ExcelJS.Workbook, b: BankWords) {
	const ws = wb.addWorksheet(b.sheet.questions, { views: [{ state: 'frozen', ySplit: 1 }] });
	ws.columns = COLUMNS.map((c) => ({ header: columnHeading(b.fields, c.key), key: c.key, width: c.width }));
	const header = ws.getRow(1);
	header.font = { bold: true };
	header.alignment = { wrapText: true, vertical: 'middle' };
	header.eachCell((cell, i) => {
		cell.fill = {
			type: 'pattern',
			pattern: 'solid',
			fgColor: { argb: COLUMNS[i - 1].required ? 'FFFDE9B5' : 'FFE8EEF6' }
		};
	});
	return ws;
}

function rowOf(q: ExportQuestion, b: BankWords): (string | number)[] {
	const letters = (idx: number[]) => idx.map((i) => LETTERS[i]).join(', ');
	return [
		q.id,
		q.text,
		...LETTERS.map((_, i) => q.options[i]?.text ?? ''),
		letters(q.correct),
		letters(q.options.flatMap((o, i) => (o.pinned ? [i] : []))),
		q.topicName,
		q.topicId,
		q.difficulty,
		q.poolId,
		q.status === 'example' ? b.sheet.example : b.status[q.status],
		q.explanation,
		q.reference
	];
}

function lookupSheets(wb: ExcelJS.Workbook, topics: FileTopic[], pools: FilePool[], b: BankWords) {
	const s = b.sheet;
	const t = wb.addWorksheet(s.topics);
	t.columns = [
		{ header: s.topicId, key: 'id', width: 20 },
		{ header: s.topicName, key: 'name', width: 50 }
	];
	t.getRow(1).font = { bold: true };
	for (const x of topics) t.addRow([x.id, x.name]);
	const p = wb.addWorksheet(s.pools);
	p.columns = [
		{ header: s.poolId, key: 'id', width: 20 },
		{ header: s.poolName, key: 'name', width: 50 },
		{ header: s.poolKind, key: 'visibility', width: 14 },
		{ header: s.published, key: 'published', width: 12 }
	];
	p.getRow(1).font = { bold: true };
	for (const x of pools)
		p.addRow([x.id, x.name, b.visibilityShort[x.visibility], x.published ? s.yes : s.no]);
}

export async function writeBankXlsx(
	questions: ExportQuestion[],
	topics: FileTopic[],
	pools: FilePool[],
	b: BankWords,
	withHelp = false
): Promise<Buffer> {
	const wb = new ExcelJS.Workbook();
	wb.creator = 'Phòng Thi';
	const ws = questionSheet(wb, b);
	for (let i = 0; i < questions.length; i++) {
		const added = ws.addRow(rowOf(questions[i], b));
		if (questions[i].status === 'example') added.font = { italic: true, color: { argb: 'FF6B7280' } };
		if (i % 1000 === 999) await yieldToServer();
	}
	ws.getColumn('text').alignment = { wrapText: true, vertical: 'top' };
	lookupSheets(wb, topics, pools, b);
	if (withHelp) {
		const help = wb.addWorksheet(b.sheet.help);
		help.getColumn(1).width = 120;
		help.addRow([b.sheet.helpTitle]).font = { bold: true, size: 14 };
		for (const line of b.sheet.helpLines) help.addRow([line]);
	}
	const out = await wb.xlsx.writeBuffer();
	return Buffer.from(out as ArrayBuffer);
}

/**
 * The two sample rows: a four-option question with "all of the above" kept in place, and a
 * true/false one. Their words are the catalogue's; the key, pins and difficulty are here.
 */
function examples(b: BankWords, topic: FileTopic, poolId: string): ExportQuestion[] {
	const shape = [
		{ correct: [0], pinned: [3], difficulty: 1 },
		{ correct: [0], pinned: [], difficulty: 2 }
	];
	return b.sheet.examples.map((e, i) => ({
		id: '',
		text: e.text,
		options: e.options.map((text, j) => ({ text, pinned: shape[i].pinned.includes(j) })),
		correct: shape[i].correct,
		topicId: topic.id,
		topicName: topic.name,
		difficulty: shape[i].difficulty,
		poolId,
		status: 'example',
		explanation: e.explanation,
		reference: e.reference
	}));
}

/** The template: headings, two example rows, the bank's topics and pools, and a help sheet. */
export async function templateXlsx(topics: FileTopic[], pools: FilePool[], b: BankWords): Promise<Buffer> {
	const rows = examples(b, topics[0] ?? b.sheet.exampleTopic, pools[0]?.id ?? '');
	return writeBankXlsx(rows, topics, pools, b, true);
}

/** The CSV template: the headings and the first example, UTF-8 with a BOM for Excel. */
export function templateCsv(b: BankWords): string {
	const quote = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
	// The example names its topic by name only: a bank without that topic creates it.
	const example = { ...examples(b, b.sheet.exampleTopic, '')[0], topicId: '' };
	const lines = [COLUMNS.map((c) => columnHeading(b.fields, c.key)), rowOf(example, b).map(String)];
	return '\ufeff' + lines.map((l) => l.map(quote).join(',')).join('\r\n') + '\r\n';
}
