// The template and the export in the organiser's language: an English organiser downloads
// English headings, sheets and examples, and the file imports back as a Vietnamese one does.
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDemoDb, openTestDb, type TestDb } from './testdb';
import { cancelImport, importFile } from '../../src/lib/server/bank/imports';
import { bankTemplate, exportBank, exportQuestions } from '../../src/lib/server/bank/export';
import { templateCsv } from '../../src/lib/server/bank/formats/workbook';
import { describeProblem } from '../../src/lib/bank-text';
import { messages } from '../../src/lib/i18n';

const NOW = Date.UTC(2026, 10, 21, 3, 0);
const en = messages('en').bank;
const vi = messages('vi').bank;

let t: TestDb;
let organiser: string;

beforeAll(async () => {
	({ t, organiser } = await openDemoDb(NOW));
});
afterAll(async () => t.drop());

const codes = (entries: { problems: { code: string }[] }[]) =>
	entries.flatMap((e) => e.problems.map((p) => p.code));

async function workbook(data: Buffer) {
	const wb = new ExcelJS.Workbook();
	await wb.xlsx.load(data as unknown as ArrayBuffer);
	return wb;
}

const cells = (row: ExcelJS.Row) => (row.values as ExcelJS.CellValue[]).slice(1).map((v) => String(v ?? ''));

describe('the template in English', () => {
	it('has English sheets, headings, examples and help', async () => {
		const wb = await workbook(await bankTemplate(t.db, en));
		expect(wb.worksheets.map((w) => w.name)).toEqual(['Questions', 'Topics', 'Pools', 'Help']);
		const ws = wb.getWorksheet('Questions')!;
		expect(cells(ws.getRow(1))).toEqual([
			'Question id',
			'Question text',
			'Option A',
			'Option B',
			'Option C',
			'Option D',
			'Option E',
			'Option F',
			'Correct answer',
			'Keep in place',
			'Topic',
			'Topic id',
			'Difficulty',
			'Pool',
			'Status',
			'Explanation',
			'Legal basis'
		]);
		expect(String(ws.getRow(2).getCell(2).value)).toBe(
			'What is the address of the National Public Service Portal?'
		);
		expect(String(ws.getRow(2).getCell(15).value)).toBe('Example (skipped on import)');
		expect(cells(wb.getWorksheet('Pools')!.getRow(1))).toEqual(['Pool id', 'Pool name', 'Kind', 'Published']);
		expect(cells(wb.getWorksheet('Pools')!.getRow(2)).slice(2)).toEqual(
			expect.arrayContaining([
				expect.stringMatching(/^(Public|Secret)$/),
				expect.stringMatching(/^(Yes|No)$/)
			])
		);
		expect(String(wb.getWorksheet('Help')!.getRow(1).getCell(1).value)).toBe(
			'How to fill in the question file'
		);
		// Nothing Vietnamese is left in the template's own words (the bank's topic names aside).
		const own = [
			...cells(ws.getRow(1)),
			...[2, 3].flatMap((n) => cells(ws.getRow(n)).filter((_, i) => i < 10 || i > 13)),
			...wb
				.getWorksheet('Help')!
				.getColumn(1)
				.values.map((v) => String(v ?? ''))
		].join(' ');
		expect(own).toContain('All of the above');
		expect(own).not.toMatch(/[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]/i);
	});

	it('imports back: every heading recognised, the examples skipped, the organiser’s row ready', async () => {
		const wb = await workbook(await bankTemplate(t.db, en));
		const ws = wb.getWorksheet('Questions')!;
		const row = Array<string | number>(17).fill('');
		row[1] = 'English template: how many attempts does the qualifying round allow?';
		row[2] = 'One';
		row[3] = 'Three';
		row[8] = 'B';
		row[10] = 'Cuộc thi và thể lệ';
		row[12] = 'Easy';
		row[13] = 'public';
		row[14] = 'In use';
		ws.addRow(row);
		const data = Buffer.from((await wb.xlsx.writeBuffer()) as ArrayBuffer);
		const view = await importFile(t.db, { fileName: 'template.xlsx', data }, organiser, { now: NOW });
		expect(view.report!.fileProblems).toEqual([]);
		expect(view.report!.rejected).toEqual([]);
		expect(view.report!.columns!.filter((c) => c.field === null)).toEqual([]);
		expect(codes(view.report!.notes)).toEqual(['examplesSkipped']);
		expect(describeProblem(en, view.report!.notes[0].problems[0])).toBe(
			'2 example rows of the template skipped.'
		);
		expect(view.readyCount).toBe(1);
		expect(view.report!.preview.map((p) => [p.text, p.options, p.correct])).toEqual([
			['English template: how many attempts does the qualifying round allow?', ['One', 'Three'], [1]]
		]);
		await cancelImport(t.db, view.id, organiser, NOW);
	});

	it('the CSV template has the English headings and its example is skipped', async () => {
		const csv = templateCsv(en);
		expect(csv.split('\r\n')[0]).toBe(
			'\ufeffQuestion id,Question text,Option A,Option B,Option C,Option D,Option E,Option F,Correct answer,Keep in place,Topic,Topic id,Difficulty,Pool,Status,Explanation,Legal basis'
		);
		const view = await importFile(
			t.db,
			{ fileName: 'template.csv', data: Buffer.from(csv), defaults: { poolId: 'public' } },
			organiser,
			{ now: NOW }
		);
		expect(view.report!.columns!.filter((c) => c.field === null)).toEqual([]);
		expect(codes(view.report!.notes)).toContain('examplesSkipped');
		expect(view.readyCount).toBe(0);
	});

	it('the Vietnamese template still has its Vietnamese headings', async () => {
		const wb = await workbook(await bankTemplate(t.db, vi));
		expect(wb.worksheets.map((w) => w.name)).toEqual(['Câu hỏi', 'Chủ đề', 'Ngân hàng', 'Hướng dẫn']);
		expect(cells(wb.getWorksheet('Câu hỏi')!.getRow(1)).slice(0, 3)).toEqual([
			'Mã câu hỏi',
			'Nội dung câu hỏi',
			'Phương án A'
		]);
	});
});

describe('the export in English', () => {
	it('gives back the same bank, statuses, pools and topics in an empty database', async () => {
		// One retired question, so the export writes both statuses.
		const retired = await t.db.selectFrom('question').select('id').orderBy('id').executeTakeFirstOrThrow();
		await t.db.updateTable('question').set({ status: 'retired' }).where('id', '=', retired.id).execute();
		const file = await exportBank(t.db, organiser, en, NOW);
		const wb = await workbook(file);
		const statuses = new Set(
			wb
				.getWorksheet('Questions')!
				.getColumn(15)
				.values.slice(2)
				.map((v) => String(v))
		);
		expect(statuses).toEqual(new Set(['In use', 'Retired']));
		const empty = await openTestDb();
		try {
			const view = await importFile(empty.db, { fileName: 'bank.xlsx', data: file }, null, {
				commit: true,
				now: NOW
			});
			expect(view.report!.rejected).toEqual([]);
			expect(view.status).toBe('done');
			const sorted = async (db: typeof t.db) =>
				(await exportQuestions(db)).sort((a, b) => a.id.localeCompare(b.id));
			expect(await sorted(empty.db)).toEqual(await sorted(t.db));
			const pools = (db: typeof t.db) => db.selectFrom('pool').selectAll().orderBy('id').execute();
			expect(await pools(empty.db)).toEqual(await pools(t.db));
		} finally {
			await empty.drop();
		}
	});
});

describe('true/false questions', () => {
	it('get their two options in the language of the import', async () => {
		const gift = Buffer.from('Online filing is legally valid. {T}\n');
		const english = await importFile(
			t.db,
			{ fileName: 'tf.gift', data: gift, defaults: { poolId: 'public', topicId: 'cuoc-thi', difficulty: 1 } },
			organiser,
			{ now: NOW, locale: 'en' }
		);
		expect(english.report!.preview[0].options).toEqual(['True', 'False']);
		await cancelImport(t.db, english.id, organiser, NOW);
		const vietnamese = await importFile(
			t.db,
			{ fileName: 'tf.gift', data: gift, defaults: { poolId: 'public', topicId: 'cuoc-thi', difficulty: 1 } },
			organiser,
			{ now: NOW }
		);
		expect(vietnamese.report!.preview[0].options).toEqual(['Đúng', 'Sai']);
		await cancelImport(t.db, vietnamese.id, organiser, NOW);
	});
});
