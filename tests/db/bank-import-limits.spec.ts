// Text files that hold far more than a question file needs: a CSV of 100,001 short rows, of
// too many cells, of a row with thousands of columns or a cell of megabytes (an unclosed
// quotation mark), a GIFT file of countless lines or one endless question, an XML file of a
// million tags. Each is refused as soon as the reader counts past its bound (limits.ts, the
// same bounds a workbook has), with a sentence from the catalogue in both languages; files
// within the bounds still import. Runs on SQLite and PostgreSQL.
import { strToU8, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDemoDb, type TestDb } from './testdb';
import { importFile } from '../../src/lib/server/bank/imports';
import { describeProblem } from '../../src/lib/bank-text';
import { messages } from '../../src/lib/i18n';
import { COLUMNS, columnHeading } from '../../src/lib/server/bank/formats/columns';
import {
	MAX_CELL_CHARS,
	MAX_CELLS,
	MAX_COLUMNS,
	MAX_LINES,
	MAX_ROWS,
	MAX_TAGS
} from '../../src/lib/server/bank/formats/limits';

const NOW = Date.UTC(2026, 10, 21, 3, 0);
const vi = messages('vi').bank;
const en = messages('en').bank;

let t: TestDb;
let organiser: string;

beforeAll(async () => {
	({ t, organiser } = await openDemoDb(NOW));
});
afterAll(async () => t.drop());

async function analysed(fileName: string, data: Uint8Array | string) {
	const view = await importFile(
		t.db,
		{
			fileName,
			data: typeof data === 'string' ? Buffer.from(data) : data,
			defaults: { poolId: 'public', topicId: 'cuoc-thi', difficulty: 1 }
		},
		organiser,
		{ now: NOW }
	);
	const problems = view.report!.fileProblems;
	return {
		view,
		codes: problems.map((p) => p.code),
		params: problems.map((p) => p.params ?? {}),
		vi: problems.map((p) => describeProblem(vi, p)),
		en: problems.map((p) => describeProblem(en, p))
	};
}

/** Each sentence is whole (no placeholder left), says what to do, and names the bound. */
function expectWorded(r: Awaited<ReturnType<typeof analysed>>, bound: number) {
	expect(r.vi[0]).toMatch(/Hãy .*chọn lại/);
	expect(r.en[0]).toMatch(/then choose (it|them) again/);
	for (const s of [...r.vi, ...r.en]) {
		expect(s).not.toMatch(/[{}]/);
		expect(s).toContain(String(bound));
	}
	expect(r.vi[0]).not.toBe(r.en[0]);
}

const HEADING = ['Nội dung câu hỏi', 'Phương án A', 'Phương án B', 'Đáp án đúng'].join(',');
const GOOD = 'Thể lệ cho thi mấy lượt?,Một,Hai,A';

describe('CSV', () => {
	it(`refuses ${MAX_ROWS + 1} short rows, as a workbook of that many rows is refused`, async () => {
		const lines = [HEADING, GOOD];
		for (let i = lines.length; i <= MAX_ROWS; i++) lines.push(`${i},a,b,A`);
		expect(lines.length).toBe(MAX_ROWS + 1);
		const r = await analysed('cau-hoi.csv', lines.join('\r\n') + '\r\n');
		expect(r.view.report!.format).toBe('csv');
		expect(r.codes).toEqual(['tooManyCells']);
		expect(r.params[0]).toEqual({ rows: MAX_ROWS, cells: MAX_CELLS });
		expect(r.view.readyCount).toBe(0);
		expectWorded(r, MAX_ROWS);
	});

	it('refuses more cells than a question file needs, in fewer rows than the bound', async () => {
		const wide = COLUMNS.map((c) => columnHeading(vi.fields, c.key)).join(',');
		const filler = ','.repeat(COLUMNS.length - 1);
		const rows = Math.ceil(MAX_CELLS / COLUMNS.length);
		expect(rows).toBeLessThan(MAX_ROWS);
		const r = await analysed('cau-hoi.csv', [wide, ...Array(rows).fill(filler)].join('\n'));
		expect(r.codes).toEqual(['tooManyCells']);
		expect(r.view.readyCount).toBe(0);
	});

	it(`refuses a row of more than ${MAX_COLUMNS} columns, naming its row`, async () => {
		const r = await analysed('cau-hoi.csv', [HEADING, GOOD, 'x,'.repeat(MAX_COLUMNS)].join('\n'));
		expect(r.codes).toEqual(['tooManyColumns']);
		expect(r.params[0]).toEqual({ row: 3, max: MAX_COLUMNS });
		expect(r.vi[0]).toContain('Hàng 3 ');
		expect(r.en[0]).toContain('Row 3 ');
		expectWorded(r, MAX_COLUMNS);
		// At the bound, the row is read.
		const at = await analysed('cau-hoi.csv', [HEADING, GOOD + ','.repeat(MAX_COLUMNS - 4)].join('\n'));
		expect(at.codes).toEqual([]);
		expect(at.view.readyCount).toBe(1);
	});

	it(`refuses a cell longer than ${MAX_CELL_CHARS} characters, quoted or not, naming its row`, async () => {
		const long = 'a'.repeat(MAX_CELL_CHARS + 1);
		for (const cell of [long, `"${long}"`, `"x""${long.slice(2)}"`]) {
			const r = await analysed('cau-hoi.csv', [HEADING, GOOD, `${cell},a,b,A`].join('\n'));
			expect(r.codes).toEqual(['cellTooLong']);
			expect(r.params[0]).toEqual({ row: 3, max: MAX_CELL_CHARS });
			expect(r.vi[0]).toContain('hàng 3 ');
			expectWorded(r, MAX_CELL_CHARS);
		}
		// A cell of exactly the bound is read; the bank's own rule then rejects that row only.
		const at = await analysed(
			'cau-hoi.csv',
			[HEADING, GOOD, `"${'a'.repeat(MAX_CELL_CHARS - 1)}""",a,b,A`].join('\n')
		);
		expect(at.codes).toEqual([]);
		expect(at.view.readyCount).toBe(1);
		expect(at.view.report!.rejected.map((x) => x.problems.map((p) => p.code))).toEqual([['textTooLong']]);
	});

	it('refuses an unclosed quotation mark that runs the rest of a large file into one cell', async () => {
		const rest = Array.from({ length: 5_000 }, (_, i) => `Câu ${i},a,b,A`).join('\n');
		const r = await analysed('cau-hoi.csv', [HEADING, GOOD, `"${GOOD}`, rest].join('\n'));
		expect(r.codes).toEqual(['cellTooLong']);
		expect(r.params[0]).toEqual({ row: 3, max: MAX_CELL_CHARS });
		expect(r.vi[0]).toContain('dấu ngoặc kép chưa đóng');
		// In a small file it is what it was: a CSV that cannot be read.
		const small = await analysed('cau-hoi.csv', [HEADING, GOOD, `"${GOOD}`].join('\n'));
		expect(small.codes).toEqual(['unreadableCsv']);
	});
});

describe('GIFT', () => {
	const QUESTION = 'Cổng Dịch vụ công quốc gia là? { =dichvucong.gov.vn ~chinhphu.vn }';

	it(`refuses a file of more than ${MAX_LINES} lines`, async () => {
		const r = await analysed('cau-hoi.gift', `${QUESTION}\n${'\n'.repeat(MAX_LINES)}`);
		expect(r.view.report!.format).toBe('gift');
		expect(r.codes).toEqual(['tooManyLines']);
		expect(r.view.readyCount).toBe(0);
		expectWorded(r, MAX_LINES);
	});

	it(`refuses a question longer than ${MAX_CELL_CHARS} characters, naming its line`, async () => {
		// No blank line between them: everything after line 3 is one question.
		const run = Array.from({ length: 2_000 }, () => QUESTION).join('\n');
		const r = await analysed('cau-hoi.gift', `${QUESTION}\n\n${run}\n`);
		expect(r.codes).toEqual(['questionTooLong']);
		expect(r.params[0]).toEqual({ line: 3, max: MAX_CELL_CHARS });
		expect(r.vi[0]).toContain('dòng 3 ');
		expectWorded(r, MAX_CELL_CHARS);
		// With the blank lines, the same questions import.
		const ok = await analysed('cau-hoi.gift', Array.from({ length: 50 }, () => QUESTION).join('\n\n'));
		expect(ok.codes).toEqual([]);
		expect(ok.view.readyCount + ok.view.report!.rejectedCount).toBe(50);
	});
});

describe('XML', () => {
	/** `n` tags (each `<` counts) inside one text. */
	const tags = (n: number) => '<b/>'.repeat(n);
	const moodle = (padding: string) =>
		`<?xml version="1.0" encoding="UTF-8"?><quiz><question type="multichoice"><name><text>q</text></name><questiontext format="html"><text>Câu hỏi${padding}</text></questiontext><answer fraction="100"><text>Có</text></answer><answer fraction="0"><text>Không</text></answer></question></quiz>`;
	const qti = (id: string, padding: string) =>
		`<?xml version="1.0" encoding="UTF-8"?><assessmentItem identifier="${id}" title="t"><responseDeclaration identifier="RESPONSE" cardinality="single" baseType="identifier"><correctResponse><value>A</value></correctResponse></responseDeclaration><itemBody><p>Câu hỏi${padding}</p><choiceInteraction responseIdentifier="RESPONSE" maxChoices="1"><simpleChoice identifier="A">Có</simpleChoice><simpleChoice identifier="B">Không</simpleChoice></choiceInteraction></itemBody></assessmentItem>`;

	it(`refuses a Moodle XML or QTI file of more than ${MAX_TAGS} tags`, async () => {
		const m = await analysed('cau-hoi.xml', moodle(tags(MAX_TAGS)));
		expect(m.view.report!.format).toBe('moodle');
		expect(m.codes).toEqual(['tooManyTags']);
		expectWorded(m, MAX_TAGS);
		const q = await analysed('cau-hoi.xml', qti('a', tags(MAX_TAGS)));
		expect(q.view.report!.format).toBe('qti');
		expect(q.codes).toEqual(['tooManyTags']);
		expect(q.view.readyCount).toBe(0);
	});

	it('counts the tags of a QTI package over all its files', async () => {
		const half = tags(MAX_TAGS / 2);
		const one = await analysed('goi.zip', zipSync({ 'a.xml': strToU8(qti('a', half)) }));
		expect(one.codes).toEqual([]);
		expect(one.view.readyCount).toBe(1);
		const two = await analysed(
			'goi.zip',
			zipSync({ 'a.xml': strToU8(qti('a', half)), 'b.xml': strToU8(qti('b', half)) })
		);
		expect(two.codes).toEqual(['tooManyTags']);
		expect(two.view.readyCount).toBe(0);
	});
});
