// Imports of every format, good and broken, against the demo bank; export → import round
// trip; a 5,000-question spreadsheet; all or nothing. Runs on SQLite and PostgreSQL.
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { zipSync, strToU8 } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDemoDb, openTestDb, type TestDb } from './testdb';
import { analyseImport, cancelImport, commitStep, importFile } from '../../src/lib/server/bank/imports';
import { type ImportReport } from '../../src/lib/server/bank/analyse';
import { exportBank, exportQuestions } from '../../src/lib/server/bank/export';
import { searchQuestions } from '../../src/lib/server/bank/questions';
import { loadBank } from '../../src/lib/server/papers';
import { describePlace, describeProblem } from '../../src/lib/bank-text';
import { messages } from '../../src/lib/i18n';
import { COLUMNS, columnHeading } from '../../src/lib/server/bank/formats/columns';
import { templateCsv, templateXlsx } from '../../src/lib/server/bank/formats/workbook';
import iconv from 'iconv-lite';

const NOW = Date.UTC(2026, 10, 21, 3, 0);
const fixture = (name: string) => fs.readFileSync(path.join('tests/fixtures/bank', name));
const vi = messages('vi').bank;

let t: TestDb;
let organiser: string;

beforeAll(async () => {
	({ t, organiser } = await openDemoDb(NOW));
});
afterAll(async () => t.drop());

/** One commit step the bank accepted, as the API answers it. */
async function commitOnce(id: string) {
	const r = await commitStep(t.db, id, organiser, NOW);
	if (!r.ok) throw new Error(`commit refused: ${r.code}`);
	return { status: r.status, written: r.written, total: r.total };
}

/** The same upload analysed again with other defaults or a mapping. */
async function reanalyse(id: string, change: Parameters<typeof analyseImport>[2]) {
	const r = await analyseImport(t.db, id, change, NOW);
	if (!r.ok) throw new Error(`analysis refused: ${r.code}`);
	return r.view;
}

/** A place as the report reads it, lower-cased: "hàng 3". */
const placeOf = (p: { kind: string; params?: Record<string, string | number> }) =>
	describePlace(vi, p.kind, p.params).replace(/^./, (c) => c.toLocaleLowerCase());

/** "hàng 3" → ['tooFewOptions'], for every rejected place. */
function rejections(report: ImportReport | null): Record<string, string[]> {
	return Object.fromEntries(
		(report?.rejected ?? []).map((r) => [placeOf(r.place), r.problems.map((p) => p.code)])
	);
}

const countQuestions = async (db = t.db) =>
	Number(
		(
			await db
				.selectFrom('question')
				.select((eb) => eb.fn.countAll().as('n'))
				.executeTakeFirstOrThrow()
		).n
	);

async function xlsxOf(rows: (string | number)[][], sheet = 'Câu hỏi'): Promise<Buffer> {
	const wb = new ExcelJS.Workbook();
	const ws = wb.addWorksheet(sheet);
	for (const r of rows) ws.addRow(r);
	return Buffer.from((await wb.xlsx.writeBuffer()) as ArrayBuffer);
}

const HEADERS = COLUMNS.map((c) => columnHeading(vi.fields, c.key));
function row(cells: Partial<Record<string, string | number>>): (string | number)[] {
	return HEADERS.map((h) => cells[h] ?? '');
}

describe('CSV', () => {
	it('imports a good file: pinned option, topic by name and by id, new topic, retired status', async () => {
		const before = await countQuestions();
		const view = await importFile(
			t.db,
			{ fileName: 'good.csv', data: fixture('good.csv'), defaults: { poolId: 'public', difficulty: 2 } },
			organiser,
			{ commit: true, now: NOW }
		);
		expect(view.report?.fileProblems).toEqual([]);
		expect(rejections(view.report)).toEqual({});
		expect(view.status).toBe('done');
		expect(view.readyCount).toBe(3);
		expect(await countQuestions()).toBe(before + 3);
		const { rows } = await searchQuestions(t.db, { q: 'định danh điện tử công dân' });
		expect(rows).toHaveLength(1);
		expect(rows[0]).toMatchObject({
			topic_id: 'chinh-quyen-so',
			difficulty: 1,
			pool_id: 'public',
			status: 'active'
		});
		const v = await t.db
			.selectFrom('question_version')
			.selectAll()
			.where('question_id', '=', rows[0].id)
			.executeTakeFirstOrThrow();
		const options = JSON.parse(v.options) as { id: string; text: string; pinned?: boolean }[];
		expect(options.map((o) => o.text)).toEqual(['VNeID', 'Zalo', 'Facebook', 'Tất cả các đáp án trên']);
		expect(options[3].pinned).toBe(true);
		expect(JSON.parse(v.correct)).toEqual([options[0].id]);
		const multiline = await searchQuestions(t.db, { q: 'toàn trình, theo' });
		expect(multiline.rows[0]).toMatchObject({ pool_id: 'secret', topic_id: 'dich-vu-cong', difficulty: 3 });
		expect(multiline.rows[0].text).toContain('\nlà mức nào?');
		const created = await t.db
			.selectFrom('topic')
			.selectAll()
			.where('name', '=', 'Chủ đề thử nghiệm nhập')
			.executeTakeFirstOrThrow();
		expect(created.id).toBe('chu-de-thu-nghiem-nhap');
		const retired = await searchQuestions(t.db, { q: 'Chủ đề mới có được tạo' });
		expect(retired.rows[0]).toMatchObject({ status: 'retired', difficulty: 2 });
		const log = await t.db
			.selectFrom('audit_log')
			.select(['action', 'actor_id'])
			.where('action', '=', 'bank.import')
			.execute();
		expect(log.at(-1)?.actor_id).toBe(organiser);
	});

	it('reports each broken row by its row number, in Vietnamese, and imports nothing by itself', async () => {
		const before = await countQuestions();
		const view = await importFile(
			t.db,
			{
				fileName: 'broken.csv',
				data: fixture('broken.csv'),
				defaults: { poolId: 'public', topicId: 'cuoc-thi', difficulty: 1 }
			},
			organiser,
			{ now: NOW }
		);
		expect(view.status).toBe('analysed');
		expect(view.readyCount).toBe(1);
		expect(rejections(view.report)).toEqual({
			'hàng 3': ['tooFewOptions'],
			'hàng 4': ['noCorrect'],
			'hàng 5': ['emptyText'],
			'hàng 6': ['badCorrect'],
			'hàng 7': ['badDifficulty'],
			'hàng 8': ['badEncoding'],
			'hàng 9': ['duplicateInFile'],
			'hàng 10': ['emptyOption'],
			'hàng 11': ['severalCorrect'],
			'hàng 12': ['unknownPool']
		});
		const fileNote = view.report!.notes.find((n) => n.place.kind === 'file')!;
		expect(describeProblem(vi, fileNote.problems[0])).toBe('Bỏ qua các cột không nhận ra: Ghi chú.');
		const row9 = view.report!.rejected.find((r) => placeOf(r.place) === 'hàng 9')!;
		expect(describeProblem(vi, row9.problems[0])).toBe('Trùng với hàng 2 trong tệp.');
		// Stored as codes, so the same report reads in English.
		const en = messages('en').bank;
		expect(describeProblem(en, row9.problems[0])).toBe('Same as row 2 in the file.');
		const row8 = view.report!.rejected.find((r) => placeOf(r.place) === 'hàng 8')!;
		expect(describeProblem(en, row8.problems[0])).toMatch(/^Broken character encoding in "[A-Z]/);
		expect(row8.problems[0].params).toMatchObject({ field: expect.stringMatching(/^[a-z]+$/) });
		expect(row9.problems[0].params).toMatchObject({ place: 'row', n: 2 });
		const row6 = view.report!.rejected.find((r) => placeOf(r.place) === 'hàng 6')!;
		expect(describeProblem(vi, row6.problems[0])).toBe('Đáp án đúng "E" không khớp với phương án nào.');
		expect(await countQuestions()).toBe(before);
		await cancelImport(t.db, view.id, organiser, NOW);
		expect(await countQuestions()).toBe(before);
	});

	it('detects duplicates of questions already in the bank, whatever the option order', async () => {
		const q = await t.db
			.selectFrom('question_version')
			.select(['text', 'options'])
			.where('question_id', '=', 'q001')
			.executeTakeFirstOrThrow();
		const options = (JSON.parse(q.options) as { text: string }[]).map((o) => o.text).reverse();
		const csv = `Nội dung câu hỏi,Phương án A,Phương án B,Phương án C,Phương án D,Đáp án đúng\n"${q.text.replace(/"/g, '""')}",${options.map((o) => `"${o}"`).join(',')},D\n`;
		const view = await importFile(
			t.db,
			{
				fileName: 'dup.csv',
				data: Buffer.from(csv),
				defaults: { poolId: 'public', topicId: 'ke-hoach', difficulty: 1 }
			},
			organiser,
			{ now: NOW }
		);
		expect(rejections(view.report)).toEqual({ 'hàng 2': ['duplicateExisting'] });
		expect(describeProblem(vi, view.report!.rejected[0].problems[0])).toBe(
			'Trùng với câu hỏi q001 đã có trong ngân hàng.'
		);
	});

	it('converts TCVN3 and VNI text from an old single-byte CSV, and reads semicolons', async () => {
		const lines = [
			'Noi dung cau hoi;Phuong an A;Phuong an B;Dap an dung',
			'Cæng dÞch vô c«ng quèc gia ®\u00adîc khai tr\u00ad¬ng n¨m nµo?;N¨m 2019;N¨m 2021;A',
			'Chính quyeàn ñieän töû höôùng tôùi chính quyeàn soá?;Ñuùng;Sai;A'
		];
		// Saved by an old program: one byte per character, as the legacy fonts expect.
		const data = Buffer.from(lines.join('\r\n'), 'latin1');
		const view = await importFile(
			t.db,
			{ fileName: 'cu.csv', data, defaults: { poolId: 'public', topicId: 'dich-vu-cong', difficulty: 1 } },
			organiser,
			{ commit: true, now: NOW }
		);
		expect(rejections(view.report)).toEqual({});
		expect(
			view
				.report!.notes.filter((n) => n.place.kind === 'row')
				.map((n) => [placeOf(n.place), n.problems[0].code])
		).toEqual([
			['hàng 2', 'convertedTcvn3'],
			['hàng 3', 'convertedVni']
		]);
		expect(
			(await searchQuestions(t.db, { q: 'Cổng dịch vụ công quốc gia được khai trương năm nào?' })).total
		).toBe(1);
		expect((await searchQuestions(t.db, { q: 'Chính quyền điện tử hướng tới chính quyền số?' })).total).toBe(
			1
		);
	});

	it('refuses a file without the required columns', async () => {
		const view = await importFile(
			t.db,
			{ fileName: 'x.csv', data: Buffer.from('Câu,Đáp án\nMột,A\n') },
			organiser,
			{ now: NOW }
		);
		expect(view.readyCount).toBe(0);
		expect(view.report!.fileProblems[0].code).toBe('missingColumns');
		expect(describeProblem(vi, view.report!.fileProblems[0])).toBe(
			'Thiếu cột bắt buộc: Nội dung câu hỏi, Phương án A, Phương án B.'
		);
		expect(describeProblem(messages('en').bank, view.report!.fileProblems[0])).toBe(
			'Required columns missing: Question text, Option A, Option B.'
		);
	});
});

describe('Excel', () => {
	it('reads headings without tone marks, numbers and dates as text, and reports rows', async () => {
		const data = await xlsxOf([
			['Noi dung cau hoi', 'Phuong an A', 'Phuong an B', 'Phuong an C', 'Dap an dung', 'Muc do', 'Cot la'],
			['Năm nào Tiền Giang ban hành Kế hoạch 438?', 2019, 2020, 2018, 'A', 1, 'x'],
			['Không có đáp án?', 'Một', 'Hai', '', '', 2, ''],
			['Thµnh phè Mü Tho lµ ®« thÞ lo¹i mÊy?', 'Lo¹i I', 'Lo¹i II', '', 'A', 3, ''],
			['', '', '', '', '', '', ''],
			['Bảy giờ?', new Date(Date.UTC(2026, 6, 1)) as unknown as string, 'Tám giờ', '', 'A', 'Khó', '']
		]);
		const view = await importFile(
			t.db,
			{ fileName: 'bank.xlsx', data, defaults: { poolId: 'public', topicId: 'cuoc-thi' } },
			organiser,
			{ commit: true, now: NOW }
		);
		expect(view.report!.format).toBe('xlsx');
		expect(rejections(view.report)).toEqual({ 'hàng 3': ['noCorrect'] });
		expect(view.report!.notes.map((n) => n.problems[0].code)).toEqual(['unknownColumns', 'convertedTcvn3']);
		const city = await searchQuestions(t.db, { q: 'đô thị loại mấy' });
		expect(city.rows[0].text).toBe('Thành phố Mỹ Tho là đô thị loại mấy?');
		const year = await searchQuestions(t.db, { q: 'Kế hoạch 438?' });
		const v = await t.db
			.selectFrom('question_version')
			.select('options')
			.where('question_id', '=', year.rows[0].id)
			.executeTakeFirstOrThrow();
		expect((JSON.parse(v.options) as { text: string }[]).map((o) => o.text)).toEqual([
			'2019',
			'2020',
			'2018'
		]);
	});

	it('reports an unreadable workbook', async () => {
		const view = await importFile(
			t.db,
			{ fileName: 'hong.xlsx', data: Buffer.from('PK\u0003\u0004 not really a zip') },
			organiser,
			{ now: NOW }
		);
		expect(view.report!.fileProblems[0].code).toBe('damagedZip');
		expect(view.readyCount).toBe(0);
	});
});

describe('GIFT', () => {
	it('imports multiple choice, true/false, weights, html and escapes with the category as topic', async () => {
		const view = await importFile(
			t.db,
			{ fileName: 'good.gift', data: fixture('good.gift'), defaults: { poolId: 'public', difficulty: 2 } },
			organiser,
			{ commit: true, now: NOW }
		);
		expect(rejections(view.report)).toEqual({});
		expect(view.readyCount).toBe(4);
		const web = await searchQuestions(t.db, { q: 'có địa chỉ nào?' });
		expect(web.rows[0].topic_id).toBe('dich-vu-cong');
		const html = await searchQuestions(t.db, { q: 'Thủ tục một cửa' });
		expect(html.rows[0].text).toBe('Thủ tục một cửa được thực hiện ở đâu?');
		const hv = await t.db
			.selectFrom('question_version')
			.selectAll()
			.where('question_id', '=', html.rows[0].id)
			.executeTakeFirstOrThrow();
		const hopts = JSON.parse(hv.options) as { id: string; text: string }[];
		expect(JSON.parse(hv.correct)).toEqual([hopts[1].id]);
		const special = await searchQuestions(t.db, { q: 'Ký tự đặc biệt' });
		expect(special.rows[0].text).toBe('Ký tự đặc biệt = ~ { } # : có được giữ nguyên không?');
		expect(special.rows[0].topic_id).toBe('chinh-quyen-so');
	});

	it('reports broken questions by number and line', async () => {
		const view = await importFile(
			t.db,
			{
				fileName: 'broken.gift',
				data: fixture('broken.gift'),
				defaults: { poolId: 'public', topicId: 'cuoc-thi', difficulty: 1 }
			},
			organiser,
			{ now: NOW }
		);
		expect(view.readyCount).toBe(1);
		expect(rejections(view.report)).toEqual({
			'câu 2 (dòng 4)': ['noCorrect'],
			'câu 3 (dòng 6)': ['emptyOption'],
			'câu 4 (dòng 8)': ['unsupportedType'],
			'câu 5 (dòng 10)': ['syntax'],
			'câu 6 (dòng 12)': ['emptyText'],
			'câu 7 (dòng 14)': ['unsupportedType'],
			'câu 8 (dòng 16)': ['unsupportedType'],
			'câu 9 (dòng 18)': ['tooManyOptions']
		});
		await cancelImport(t.db, view.id, organiser, NOW);
	});
});

describe('Moodle XML', () => {
	it('imports multichoice and truefalse with the category as topic', async () => {
		const view = await importFile(
			t.db,
			{
				fileName: 'moodle.xml',
				data: fixture('moodle-good.xml'),
				defaults: { poolId: 'secret', difficulty: 1 }
			},
			organiser,
			{ commit: true, now: NOW }
		);
		expect(view.report!.format).toBe('moodle');
		expect(rejections(view.report)).toEqual({});
		expect(view.readyCount).toBe(2);
		const q = await searchQuestions(t.db, { q: 'Cuộc thi mang số hiệu' });
		expect(q.rows[0]).toMatchObject({
			topic_id: 'ke-hoach',
			pool_id: 'secret',
			text: 'Kế hoạch tổ chức Cuộc thi mang số hiệu nào?'
		});
		const v = await t.db
			.selectFrom('question_version')
			.selectAll()
			.where('question_id', '=', q.rows[0].id)
			.executeTakeFirstOrThrow();
		expect((JSON.parse(v.options) as { text: string }[])[2].text).toBe('Kế hoạch 219/KH-UBND & phụ lục');
		expect(v.explanation).toBe('Kế hoạch 438/KH-UBND ngày 31-12-2019.');
		const tf = await searchQuestions(t.db, { q: 'hình thức trực tuyến' });
		const tv = await t.db
			.selectFrom('question_version')
			.selectAll()
			.where('question_id', '=', tf.rows[0].id)
			.executeTakeFirstOrThrow();
		expect((JSON.parse(tv.options) as { text: string }[]).map((o) => o.text)).toEqual(['Đúng', 'Sai']);
	});

	it('reports broken questions by number and name, and malformed XML by line', async () => {
		const view = await importFile(
			t.db,
			{
				fileName: 'm.xml',
				data: fixture('moodle-broken.xml'),
				defaults: { poolId: 'secret', topicId: 'cuoc-thi', difficulty: 1 }
			},
			organiser,
			{ now: NOW }
		);
		expect(view.readyCount).toBe(1);
		expect(rejections(view.report)).toEqual({
			'câu 2 (M2 không đáp án)': ['noCorrect'],
			'câu 3 (M3 tự luận)': ['unsupportedType'],
			'câu 4 (M4 trống)': ['emptyText'],
			'câu 5 (M5 nhiều đáp án)': ['severalCorrect']
		});
		const bad = await importFile(
			t.db,
			{
				fileName: 'm.xml',
				data: Buffer.from('<?xml version="1.0"?>\n<quiz>\n<question type="multichoice">\n</quiz>')
			},
			organiser,
			{ now: NOW }
		);
		expect(bad.report!.fileProblems[0].code).toBe('unreadableXml');
		expect(describeProblem(vi, bad.report!.fileProblems[0])).toMatch(/dòng 4/);
	});
});

describe('QTI 2.1', () => {
	const item = (id: string, body: string, correct = '<correctResponse><value>A</value></correctResponse>') =>
		`<?xml version="1.0" encoding="UTF-8"?><assessmentItem xmlns="http://www.imsglobal.org/xsd/imsqti_v2p1" identifier="${id}" title="${id}"><responseDeclaration identifier="RESPONSE" cardinality="single" baseType="identifier">${correct}</responseDeclaration><itemBody>${body}</itemBody></assessmentItem>`;
	const choices =
		'<simpleChoice identifier="A">Có</simpleChoice><simpleChoice identifier="B">Không</simpleChoice>';

	it('imports a single item with its fixed choice and feedback', async () => {
		const view = await importFile(
			t.db,
			{
				fileName: 'item.xml',
				data: fixture('qti-item.xml'),
				defaults: { poolId: 'secret', topicId: 'chinh-quyen-so', difficulty: 2 }
			},
			organiser,
			{ commit: true, now: NOW }
		);
		expect(view.report!.format).toBe('qti');
		expect(rejections(view.report)).toEqual({});
		const q = await searchQuestions(t.db, { q: 'mấy trụ cột' });
		expect(q.rows[0].text).toBe('Chuyển đổi số quốc gia gồm mấy trụ cột?\nChọn một đáp án.');
		const v = await t.db
			.selectFrom('question_version')
			.selectAll()
			.where('question_id', '=', q.rows[0].id)
			.executeTakeFirstOrThrow();
		const options = JSON.parse(v.options) as { id: string; text: string; pinned?: boolean }[];
		expect(options[3]).toMatchObject({ text: 'Tất cả các đáp án trên', pinned: true });
		expect(JSON.parse(v.correct)).toEqual([options[1].id]);
		expect(v.explanation).toBe('Quyết định 749/QĐ-TTg.');
	});

	it('reads a content package in manifest order and reports items by identifier', async () => {
		const manifest = `<?xml version="1.0"?><manifest xmlns="http://www.imsglobal.org/xsd/imscp_v1p1"><resources>
			<resource identifier="r2" type="imsqti_item_xmlv2p1" href="items/b.xml"/>
			<resource identifier="r1" type="imsqti_item_xmlv2p1" href="items/a.xml"/></resources></manifest>`;
		const zip = zipSync({
			'imsmanifest.xml': strToU8(manifest),
			'items/a.xml': strToU8(
				item(
					'qti-a',
					`<choiceInteraction responseIdentifier="RESPONSE" maxChoices="1"><prompt>Gói QTI câu A hợp lệ?</prompt>${choices}</choiceInteraction>`
				)
			),
			'items/b.xml': strToU8(
				item(
					'qti-b',
					`<choiceInteraction responseIdentifier="RESPONSE" maxChoices="1"><prompt>Gói QTI câu B không đáp án?</prompt>${choices}</choiceInteraction>`,
					''
				)
			),
			'items/c.xml': strToU8(
				item('qti-c', '<p>Điền vào chỗ trống</p><textEntryInteraction responseIdentifier="RESPONSE"/>')
			),
			'items/d.xml': strToU8(
				item(
					'qti-d',
					`<choiceInteraction responseIdentifier="RESPONSE" maxChoices="1"><simpleChoice identifier="A">Một</simpleChoice></choiceInteraction>`
				)
			)
		});
		const view = await importFile(
			t.db,
			{ fileName: 'goi.zip', data: zip, defaults: { poolId: 'secret', topicId: 'cuoc-thi', difficulty: 1 } },
			organiser,
			{ now: NOW }
		);
		expect(view.report!.format).toBe('qti');
		expect(view.readyCount).toBe(1);
		expect(view.report!.rejected.map((r) => placeOf(r.place))).toEqual([
			'mục qti-b',
			'mục qti-c',
			'mục qti-d'
		]);
		expect(rejections(view.report)).toEqual({
			'mục qti-b': ['noCorrect'],
			'mục qti-c': ['unsupportedType'],
			'mục qti-d': ['emptyText', 'tooFewOptions']
		});
	});
});

describe('export → import', () => {
	it('gives back the same bank in an empty database', async () => {
		const file = await exportBank(t.db, organiser, vi, NOW);
		const empty = await openTestDb();
		try {
			const view = await importFile(empty.db, { fileName: 'ngan-hang.xlsx', data: file }, null, {
				commit: true,
				now: NOW
			});
			expect(rejections(view.report)).toEqual({});
			expect(view.status).toBe('done');
			const strip = (qs: Awaited<ReturnType<typeof exportQuestions>>) =>
				[...qs].sort((a, b) => a.id.localeCompare(b.id));
			const original = strip(await exportQuestions(t.db));
			expect(original.length).toBeGreaterThan(120);
			expect(strip(await exportQuestions(empty.db))).toEqual(original);
			const pools = (db: typeof t.db) => db.selectFrom('pool').selectAll().orderBy('id').execute();
			const topics = (db: typeof t.db) => db.selectFrom('topic').selectAll().orderBy('id').execute();
			expect(await pools(empty.db)).toEqual(await pools(t.db));
			expect(await topics(empty.db)).toEqual(await topics(t.db));
			// And importing the same file again finds only duplicates.
			const again = await importFile(empty.db, { fileName: 'ngan-hang.xlsx', data: file }, null, {
				now: NOW
			});
			expect(again.readyCount).toBe(0);
			expect(new Set(again.report!.rejected.flatMap((r) => r.problems.map((p) => p.code)))).toEqual(
				new Set(['duplicateExisting'])
			);
		} finally {
			await empty.drop();
		}
	});
});

describe('all or nothing', () => {
	async function bigFile(n: number, tag: string) {
		const rows: (string | number)[][] = [HEADERS];
		for (let i = 1; i <= n; i++) {
			rows.push(
				row({
					'Nội dung câu hỏi': `Câu hỏi ${tag} số ${i}: theo kế hoạch, chỉ tiêu thứ ${i} của tỉnh là gì?`,
					'Phương án A': `Chỉ tiêu ${i}`,
					'Phương án B': `Chỉ tiêu ${i + 1}`,
					'Phương án C': `Chỉ tiêu ${i + 2}`,
					'Phương án D': 'Tất cả các đáp án trên',
					'Đáp án đúng': 'ABCD'[i % 4],
					'Giữ vị trí': 'D',
					'Chủ đề': 'ke-hoach',
					'Mức độ': (i % 3) + 1,
					'Giải thích': `Giải thích cho câu ${i}.`
				})
			);
		}
		return xlsxOf(rows);
	}

	// How long the event loop stalls meanwhile is measured by scripts/bench-import.ts: a
	// timing bound has no place in a test that runs on a busy machine.
	it('imports 5,000 questions in chunks, hidden until the last step', async () => {
		const data = await bigFile(5000, 'lớn');
		const before = await countQuestions();
		const bankBefore = (await loadBank(t.db, ['public'])).length;
		const view = await importFile(
			t.db,
			{ fileName: 'lon.xlsx', data, defaults: { poolId: 'public' } },
			organiser,
			{ now: NOW }
		);
		expect(view.readyCount).toBe(5000);
		let steps = 0;
		let step;
		do {
			step = await commitOnce(view.id);
			steps++;
			if (step.status === 'committing') {
				// Written, but neither listed nor drawn until the whole file is in.
				expect((await searchQuestions(t.db, { q: 'Câu hỏi lớn số' })).total).toBe(0);
				expect((await loadBank(t.db, ['public'])).length).toBe(bankBefore);
			}
		} while (step.status === 'committing');
		expect(step).toEqual({ status: 'done', written: 5000, total: 5000 });
		expect(steps).toBe(21);
		expect(await countQuestions()).toBe(before + 5000);
		expect((await searchQuestions(t.db, { q: 'Câu hỏi lớn số' })).total).toBe(5000);
		expect((await loadBank(t.db, ['public'])).length).toBe(bankBefore + 5000);
	}, 120_000);

	it('leaves nothing behind when the organiser cancels half way', async () => {
		const data = await bigFile(600, 'huỷ');
		const before = await countQuestions();
		const view = await importFile(
			t.db,
			{ fileName: 'huy.xlsx', data, defaults: { poolId: 'public' } },
			organiser,
			{ now: NOW }
		);
		expect((await commitOnce(view.id)).written).toBe(250);
		expect(await countQuestions()).toBe(before + 250);
		await cancelImport(t.db, view.id, organiser, NOW);
		expect(await countQuestions()).toBe(before);
		expect(
			await t.db.selectFrom('import_item').selectAll().where('batch_id', '=', view.id).execute()
		).toEqual([]);
	});

	it('rolls back by itself when a chunk fails', async () => {
		const data = await bigFile(600, 'lỗi');
		const before = await countQuestions();
		const topicsBefore = await t.db.selectFrom('topic').selectAll().execute();
		const view = await importFile(
			t.db,
			{ fileName: 'loi.xlsx', data, defaults: { poolId: 'public' } },
			organiser,
			{ now: NOW }
		);
		await commitOnce(view.id);
		// Someone else takes the id of a question waiting in the second chunk.
		const waiting = await t.db
			.selectFrom('import_item')
			.select('question_id')
			.where('batch_id', '=', view.id)
			.where('written', '=', 0)
			.executeTakeFirstOrThrow();
		await t.db
			.insertInto('question')
			.values({
				id: waiting.question_id,
				pool_id: 'public',
				topic_id: 'ke-hoach',
				difficulty: 1,
				status: 'retired',
				version: 1,
				created_at: NOW,
				updated_at: NOW
			})
			.execute();
		const step = await commitOnce(view.id);
		expect(step.status).toBe('failed');
		expect(await countQuestions()).toBe(before + 1);
		expect(await t.db.selectFrom('topic').selectAll().execute()).toEqual(topicsBefore);
		await t.db.deleteFrom('question').where('id', '=', waiting.question_id).execute();
	});
});

// ——— the files organisers really have ———

/**
 * Text as Windows saves it in code page 1258: letters the code page has (â, ê, ô, ơ, ư, ă,
 * đ and a few toned vowels) as one byte, every other tone as a combining mark after its
 * letter. Written with iconv-lite's encoder, independent of the importer's decoder.
 */
function cp1258(text: string): Buffer {
	const out: Buffer[] = [];
	for (const ch of text.normalize('NFC')) {
		const direct = iconv.encode(ch, 'windows1258');
		if (ch === '?' || !(direct.length === 1 && direct[0] === 0x3f)) {
			out.push(direct);
			continue;
		}
		const [base, ...marks] = [...ch.normalize('NFD')];
		const letterMarks = marks.filter((m) => /[\u0302\u0306\u031b]/.test(m)).join('');
		const tones = marks.filter((m) => !/[\u0302\u0306\u031b]/.test(m)).join('');
		const encoded = iconv.encode((base + letterMarks).normalize('NFC') + tones, 'windows1258');
		expect(encoded.includes(0x3f), `cp1258 has no form of ${ch}`).toBe(false);
		out.push(encoded);
	}
	return Buffer.concat(out);
}

const csvLine = (cells: string[]) =>
	cells.map((c) => (/[",\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(',');
const codesOf = (entries: { problems: { code: string }[] }[] | undefined) =>
	(entries ?? []).flatMap((e) => e.problems.map((p) => p.code));

async function optionsAndKey(questionText: string) {
	const { rows } = await searchQuestions(t.db, { q: questionText });
	expect(rows, questionText).toHaveLength(1);
	const v = await t.db
		.selectFrom('question_version')
		.select(['text', 'options', 'correct'])
		.where('question_id', '=', rows[0].id)
		.executeTakeFirstOrThrow();
	const options = JSON.parse(v.options) as { id: string; text: string }[];
	const correct = (JSON.parse(v.correct) as string[]).map((id) => options.findIndex((o) => o.id === id));
	return { row: rows[0], text: v.text, options: options.map((o) => o.text), correct };
}

describe('Windows-1258 files', () => {
	const Q1 = 'Người dân nộp hồ sơ trực tuyến ở đâu để được giải quyết thủ tục hành chính?';
	const Q2 = 'Ứng dụng định danh điện tử quốc gia có tên là gì?';

	it('converts an Excel "CSV (Comma delimited)" file in cp1258, says so, and stores no mojibake', async () => {
		const text = [
			csvLine([
				'Nội dung câu hỏi',
				'Phương án A',
				'Phương án B',
				'Phương án C',
				'Đáp án đúng',
				'Chủ đề',
				'Mức độ'
			]),
			csvLine([
				Q1,
				'Cổng Dịch vụ công quốc gia',
				'Trụ sở ủy ban xã',
				'Bưu điện',
				'A',
				'Dịch vụ công trực tuyến và một cửa',
				'Dễ'
			]),
			csvLine([Q2, 'Zalo', 'VNeID', 'Mạng xã hội Lotus', 'B', 'Chính quyền số và hạ tầng', 'Trung bình'])
		].join('\r\n');
		const data = cp1258(text);
		expect(() => new TextDecoder('utf-8', { fatal: true }).decode(data)).toThrow();
		const view = await importFile(
			t.db,
			{ fileName: 'cau-hoi.csv', data, defaults: { poolId: 'public' } },
			organiser,
			{ commit: true, now: NOW }
		);
		expect(view.report!.fileProblems).toEqual([]);
		expect(rejections(view.report)).toEqual({});
		const notes = codesOf(view.report!.notes);
		expect(notes).toContain('convertedCp1258');
		expect(notes).not.toContain('convertedTcvn3');
		expect(notes).not.toContain('convertedVni');
		expect(view.report!.newTopics).toEqual([]);
		expect(describeProblem(vi, { code: 'convertedCp1258' })).toMatch(/Windows-1258/);
		const q1 = await optionsAndKey('nộp hồ sơ trực tuyến ở đâu để được giải quyết');
		expect(q1.text).toBe(Q1);
		expect(q1.options).toEqual(['Cổng Dịch vụ công quốc gia', 'Trụ sở ủy ban xã', 'Bưu điện']);
		expect(q1.row).toMatchObject({ topic_id: 'dich-vu-cong', difficulty: 1 });
		const q2 = await optionsAndKey('định danh điện tử quốc gia có tên');
		expect(q2.text).toBe(Q2);
		expect(q2.text).toBe(q2.text.normalize('NFC'));
		expect(q2.correct).toEqual([1]);
	});

	it('converts a cp1258 GIFT file: one category is one topic, spelled right', async () => {
		const gift = [
			'$CATEGORY: $course$/Tổ chức bộ máy chính quyền cơ sở thử nghiệm',
			'::Câu 1:: Ủy ban nhân dân cấp xã do cơ quan nào bầu ra? { =Hội đồng nhân dân cấp xã ~Ủy ban nhân dân cấp huyện ~Mặt trận Tổ quốc }',
			'',
			'::Câu 2:: Nhiệm kỳ của Hội đồng nhân dân các cấp là mấy năm? { =5 năm ~4 năm ~6 năm }',
			'',
			'::Câu 3:: Chủ tịch Ủy ban nhân dân xã có được đồng thời làm Bí thư không? {T}'
		].join('\r\n');
		const view = await importFile(
			t.db,
			{ fileName: 'cau-hoi.gift', data: cp1258(gift), defaults: { poolId: 'public', difficulty: 2 } },
			organiser,
			{ now: NOW }
		);
		expect(view.report!.fileProblems).toEqual([]);
		expect(rejections(view.report)).toEqual({});
		expect(view.readyCount).toBe(3);
		expect(view.report!.newTopics.map((x) => x.name)).toEqual([
			'Tổ chức bộ máy chính quyền cơ sở thử nghiệm'
		]);
		const notes = codesOf(view.report!.notes);
		expect(notes).toContain('convertedCp1258');
		expect(notes.filter((c) => c === 'convertedTcvn3' || c === 'convertedVni')).toEqual([]);
		expect(view.report!.preview[0].text).toBe('Ủy ban nhân dân cấp xã do cơ quan nào bầu ra?');
		expect(view.report!.preview[1].options).toEqual(['5 năm', '4 năm', '6 năm']);
		await cancelImport(t.db, view.id, organiser, NOW);
	});

	it('refuses a single-byte file that reads as no Vietnamese, asking for CSV UTF-8', async () => {
		// Windows-1252 French: not UTF-8, and neither cp1258 nor TCVN3/VNI make it Vietnamese.
		const text =
			'Noi dung cau hoi,Phuong an A,Phuong an B,Dap an dung\r\nQuelle est la capitale?,Paris,Lyon,A\r\nCafé crème déjà prêt?,Oui,Non,A';
		const data = iconv.encode(text, 'windows1252');
		const view = await importFile(
			t.db,
			{ fileName: 'cau-hoi.csv', data, defaults: { poolId: 'public', topicId: 'cuoc-thi', difficulty: 1 } },
			organiser,
			{ now: NOW }
		);
		expect(view.readyCount).toBe(0);
		expect(view.report!.fileProblems.map((p) => p.code)).toEqual(['unsureEncoding']);
		expect(describeProblem(vi, view.report!.fileProblems[0])).toContain('CSV UTF-8');
	});
});

describe('headings, title rows and answer styles', () => {
	const TITLE = 'NGÂN HÀNG CÂU HỎI CUỘC THI TÌM HIỂU CHÍNH QUYỀN SỐ NĂM 2026';
	const HEAD = ['STT', 'Câu', 'Phương án 1', 'Phương án 2', 'Phương án 3', 'Phương án 4', 'ĐA đúng'];

	it('skips a title row, shows unknown headings, maps them once and remembers the mapping', async () => {
		const data = await xlsxOf([
			[TITLE],
			[],
			HEAD,
			[
				1,
				'Ánh xạ cột: cơ quan nào vận hành Cổng Dịch vụ công quốc gia?',
				'Văn phòng Chính phủ',
				'Bộ Công an',
				'Bộ Nội vụ',
				'UBND tỉnh',
				'A'
			],
			[
				2,
				'Ánh xạ cột: dịch vụ công trực tuyến toàn trình là mức nào?',
				'Một phần',
				'Toàn trình',
				'Cung cấp thông tin',
				'Không có',
				'B'
			]
		]);
		const defaults = { poolId: 'public', topicId: 'dich-vu-cong', difficulty: 2 };
		const first = await importFile(t.db, { fileName: 'de-cuong.xlsx', data, defaults }, organiser, {
			now: NOW
		});
		expect(first.readyCount).toBe(0);
		expect(first.report!.fileProblems.map((p) => p.code)).toEqual(['missingColumns']);
		expect(codesOf(first.report!.notes)).toContain('titleRowsSkipped');
		expect(first.report!.columns!.map((c) => [c.heading, c.field, c.sample])).toEqual([
			['STT', null, '1'],
			['Câu', null, 'Ánh xạ cột: cơ quan nào vận hành Cổng Dịch vụ công quốc gia?'],
			['Phương án 1', 'A', 'Văn phòng Chính phủ'],
			['Phương án 2', 'B', 'Bộ Công an'],
			['Phương án 3', 'C', 'Bộ Nội vụ'],
			['Phương án 4', 'D', 'UBND tỉnh'],
			['ĐA đúng', 'correct', 'A']
		]);
		// The organiser maps the two columns the app did not know; the same upload is read again.
		const keyOf = (heading: string) => first.report!.columns!.find((c) => c.heading === heading)!.key;
		const mapped = await reanalyse(first.id, {
			mapping: { [keyOf('Câu')]: 'text', [keyOf('STT')]: 'ignore' }
		});
		expect(mapped.report!.fileProblems).toEqual([]);
		expect(rejections(mapped.report)).toEqual({});
		expect(mapped.readyCount).toBe(2);
		expect(mapped.report!.preview.map((p) => p.text)).toEqual([
			'Ánh xạ cột: cơ quan nào vận hành Cổng Dịch vụ công quốc gia?',
			'Ánh xạ cột: dịch vụ công trực tuyến toàn trình là mức nào?'
		]);
		let step;
		do step = await commitOnce(first.id);
		while (step.status === 'committing');
		expect(step.status).toBe('done');
		expect((await optionsAndKey('toàn trình là mức nào')).correct).toEqual([1]);

		// The next file with the same headings (a CSV this time) reads by itself.
		const csv = [
			HEAD.join(','),
			'3,Ánh xạ nhớ: ứng dụng nào dùng để định danh điện tử?,Zalo,VNeID,Facebook,Email,B'
		].join('\n');
		const next = await importFile(
			t.db,
			{ fileName: 'dot-2.csv', data: Buffer.from(csv), defaults },
			organiser,
			{ now: NOW }
		);
		expect(next.report!.fileProblems).toEqual([]);
		expect(next.readyCount).toBe(1);
		expect(next.report!.columns!.find((c) => c.heading === 'Câu')!.field).toBe('text');
		await cancelImport(t.db, next.id, organiser, NOW);
	});

	it('reads every answer style organisers write as the same letter', async () => {
		const styles = ['B.', '(B)', 'Phương án B', 'b', 'B)', 'Đáp án: B'];
		const lines = [
			csvLine(['Nội dung câu hỏi', 'Phương án A', 'Phương án B', 'Phương án C', 'Đáp án đúng']),
			...styles.map((s, i) =>
				csvLine([
					`Kiểu đáp án ${i + 1}: cách viết "${s}" chỉ phương án nào?`,
					`Sai ${i}`,
					`Đúng ${i}`,
					`Khác ${i}`,
					s
				])
			)
		];
		const view = await importFile(
			t.db,
			{
				fileName: 'dap-an.csv',
				data: Buffer.from(lines.join('\n')),
				defaults: { poolId: 'public', topicId: 'cuoc-thi', difficulty: 1 }
			},
			organiser,
			{ commit: true, now: NOW }
		);
		expect(rejections(view.report)).toEqual({});
		expect(view.readyCount).toBe(styles.length);
		for (let i = 0; i < styles.length; i++) {
			const q = await optionsAndKey(`Kiểu đáp án ${i + 1}:`);
			expect(q.options[q.correct[0]], styles[i]).toBe(`Đúng ${i}`);
		}
	});
});

describe('defaults, preview and warnings', () => {
	it('analyses the same upload again with defaults chosen at file level', async () => {
		const gift =
			'::A:: Mặc định mức file: câu thứ nhất? { =Một ~Hai }\n\n::B:: Mặc định mức file: câu thứ hai? { =Ba ~Bốn }\n';
		const bare = await importFile(t.db, { fileName: 'md.gift', data: Buffer.from(gift) }, organiser, {
			now: NOW
		});
		expect(bare.readyCount).toBe(0);
		expect(new Set(codesOf(bare.report!.rejected))).toEqual(new Set(['noPool', 'noDifficulty']));
		const again = await reanalyse(bare.id, {
			defaults: { poolId: 'secret', topicId: 'cuoc-thi', difficulty: 3 }
		});
		expect(rejections(again.report)).toEqual({});
		expect(again.readyCount).toBe(2);
		expect(again.defaults).toMatchObject({ poolId: 'secret', topicId: 'cuoc-thi', difficulty: 3 });
		expect(again.report!.preview.map((p) => [p.text, p.options, p.correct])).toEqual([
			['Mặc định mức file: câu thứ nhất?', ['Một', 'Hai'], [0]],
			['Mặc định mức file: câu thứ hai?', ['Ba', 'Bốn'], [0]]
		]);
		expect(
			Number(
				(
					await t.db
						.selectFrom('import_item')
						.select((eb) => eb.fn.countAll().as('n'))
						.where('batch_id', '=', bare.id)
						.executeTakeFirstOrThrow()
				).n
			)
		).toBe(2);
		await cancelImport(t.db, bare.id, organiser, NOW);
	});

	it("skips the template's two example rows and imports what the organiser added", async () => {
		const topics = [{ id: 'cuoc-thi', name: 'Cuộc thi và thể lệ' }];
		const pools = [{ id: 'public', name: 'Ôn tập', visibility: 'public' as const, published: false }];
		const wb = new ExcelJS.Workbook();
		await wb.xlsx.load((await templateXlsx(topics, pools, vi)) as unknown as ArrayBuffer);
		const ws = wb.getWorksheet('Câu hỏi')!;
		const exampleTexts = [2, 3].map((n) => String(ws.getRow(n).getCell(2).value));
		ws.addRow(
			row({
				'Nội dung câu hỏi': 'Câu thật trong tệp mẫu: thể lệ cho thi mấy lượt?',
				'Phương án A': 'Một',
				'Phương án B': 'Hai',
				'Đáp án đúng': 'A'
			})
		);
		const data = Buffer.from((await wb.xlsx.writeBuffer()) as ArrayBuffer);
		const view = await importFile(
			t.db,
			{ fileName: 'mau.xlsx', data, defaults: { poolId: 'public', topicId: 'cuoc-thi', difficulty: 1 } },
			organiser,
			{ now: NOW }
		);
		expect(rejections(view.report)).toEqual({});
		expect(view.readyCount).toBe(1);
		expect(view.report!.preview.map((p) => p.text)).toEqual([
			'Câu thật trong tệp mẫu: thể lệ cho thi mấy lượt?'
		]);
		expect(view.report!.preview.map((p) => p.text)).not.toContain(exampleTexts[0]);
		expect(
			describeProblem(
				vi,
				view.report!.notes[0].problems.find((p) => p.code === 'examplesSkipped')!
			)
		).toBe('Bỏ qua 2 hàng ví dụ của tệp mẫu.');
		await cancelImport(t.db, view.id, organiser, NOW);
		// The CSV template as downloaded: its example only, so nothing to import.
		const csv = await importFile(
			t.db,
			{ fileName: 'mau.csv', data: Buffer.from(templateCsv(vi)), defaults: { poolId: 'public' } },
			organiser,
			{ now: NOW }
		);
		expect(csv.readyCount).toBe(0);
		expect(codesOf(csv.report!.notes)).toContain('examplesSkipped');
	});

	it('warns about a known wording with other options and a new topic named like an existing one', async () => {
		const demo = await t.db
			.selectFrom('question')
			.innerJoin('question_version as v', (j) =>
				j.onRef('v.question_id', '=', 'question.id').onRef('v.version', '=', 'question.version')
			)
			.select(['question.id', 'v.text'])
			.where('question.id', '=', 'q001')
			.executeTakeFirstOrThrow();
		const lines = [
			csvLine(['Nội dung câu hỏi', 'Phương án A', 'Phương án B', 'Đáp án đúng', 'Chủ đề']),
			csvLine([demo.text, 'Kế hoạch 999/KH-UBND', 'Kế hoạch 1/KH-UBND', 'A', 'Kế hoạch và văn bản']),
			csvLine(['Cảnh báo chủ đề: câu hỏi về hạ tầng số?', 'Có', 'Không', 'A', 'Chinh quyen so va ha tang'])
		];
		const view = await importFile(
			t.db,
			{
				fileName: 'canh-bao.csv',
				data: Buffer.from(lines.join('\n')),
				defaults: { poolId: 'public', difficulty: 1 }
			},
			organiser,
			{ now: NOW }
		);
		expect(rejections(view.report)).toEqual({});
		expect(view.readyCount).toBe(2);
		const warnings = view.report!.warnings.map((w) => [
			placeOf(w.place),
			w.problems[0].code,
			w.problems[0].params
		]);
		expect(warnings).toEqual([
			['hàng 2', 'sameTextOtherOptions', { id: 'q001' }],
			[
				'toàn tệp',
				'topicCloseTo',
				{ name: 'Chinh quyen so va ha tang', existing: 'Chính quyền số và hạ tầng' }
			]
		]);
		await cancelImport(t.db, view.id, organiser, NOW);
	});
});

describe('files that cannot be read', () => {
	const cases: [string, string, Buffer, string][] = [
		['an empty file', 'cau-hoi.csv', Buffer.alloc(0), 'emptyUpload'],
		[
			'a random file named .xlsx',
			'cau-hoi.xlsx',
			Buffer.from('%PDF-1.4 this is not a workbook at all'),
			'notXlsx'
		],
		[
			'a damaged zip named .xlsx',
			'cau-hoi.xlsx',
			Buffer.concat([Buffer.from('PK\u0003\u0004'), Buffer.alloc(200, 7)]),
			'damagedZip'
		],
		[
			'a damaged QTI package',
			'goi.zip',
			Buffer.concat([Buffer.from('PK\u0003\u0004'), Buffer.alloc(200, 9)]),
			'damagedZip'
		],
		['an unknown kind of file', 'cau-hoi.pdf', Buffer.from('%PDF-1.4'), 'unknownFormat']
	];
	it.each(cases)('%s gets a Vietnamese sentence saying what to do', async (_, fileName, data, code) => {
		const view = await importFile(t.db, { fileName, data }, organiser, { now: NOW });
		expect(view.readyCount).toBe(0);
		expect(view.report!.fileProblems.map((p) => p.code)).toEqual([code]);
		const sentence = describeProblem(vi, view.report!.fileProblems[0]);
		expect(sentence).toMatch(/Hãy .*chọn lại/);
		expect(sentence).not.toContain(fileName);
		expect(sentence).not.toMatch(/\{|end of|central directory|invalid|zip:/i);
	});
});
