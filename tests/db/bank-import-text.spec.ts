// What a question's text can carry that the eye cannot see, in an import and in the editor alike:
// invisible characters, Excel's formula errors and number formats; a Word file offered as
// questions; an id already in the bank. Runs on SQLite and PostgreSQL.
import ExcelJS from 'exceljs';
import { strToU8, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDemoDb, type TestDb } from './testdb';
import { cancelImport, importFile, pendingImports } from '../../src/lib/server/bank/imports';
import type { ImportReport } from '../../src/lib/server/bank/analyse';
import { createQuestion, getQuestion, updateQuestion } from '../../src/lib/server/bank/questions';
import { readQuestionForm } from '../../src/lib/server/bank/forms';
import { describePlace, describeProblem } from '../../src/lib/bank-text';
import { messages } from '../../src/lib/i18n';

const NOW = Date.UTC(2026, 11, 8, 3, 0);
const vi = messages('vi').bank;
const en = messages('en').bank;
const DEFAULTS = { poolId: 'public', topicId: 'cuoc-thi', difficulty: 1 };

let t: TestDb;
let organiser: string;

beforeAll(async () => {
	({ t, organiser } = await openDemoDb(NOW));
});
afterAll(async () => t.drop());

/** "hàng 3" → ['emptyOption'], for every rejected place. */
function rejections(report: ImportReport | null): Record<string, string[]> {
	return Object.fromEntries(
		(report?.rejected ?? []).map((r) => [
			describePlace(vi, r.place.kind, r.place.params).toLocaleLowerCase(),
			r.problems.map((p) => p.code)
		])
	);
}

/** The rejected row's problems, as sentences. */
function sentences(report: ImportReport | null, place: string, b = vi): string[] {
	const row = report!.rejected.find(
		(r) => describePlace(vi, r.place.kind, r.place.params).toLocaleLowerCase() === place
	);
	return row!.problems.map((p) => describeProblem(b, p));
}

/** Analyses a file without importing it, and lets the next import start. */
async function analyse(fileName: string, data: Uint8Array) {
	const view = await importFile(t.db, { fileName, data, defaults: DEFAULTS }, organiser, { now: NOW });
	await cancelImport(t.db, view.id, organiser, NOW);
	return view;
}

const csvLine = (cells: string[]) => cells.map((c) => `"${c.replace(/"/g, '""')}"`).join(',');
const csv = (rows: string[][]) =>
	Buffer.from(
		[['Nội dung câu hỏi', 'Phương án A', 'Phương án B', 'Phương án C', 'Phương án D', 'Đáp án đúng'], ...rows]
			.map(csvLine)
			.join('\n')
	);

async function stemOf(id: string) {
	const q = await t.db
		.selectFrom('question_version')
		.select(['text', 'options'])
		.where('question_id', '=', id)
		.executeTakeFirstOrThrow();
	return { text: q.text, options: (JSON.parse(q.options) as { text: string }[]).map((o) => o.text) };
}

describe('invisible characters in an imported file', () => {
	it('an option of only zero-width characters is empty; an override is refused by field', async () => {
		const view = await analyse(
			'an.csv',
			csv([
				['Tỉnh nào có thành phố Mỹ Tho?', 'Tiền Giang', '\u200b', 'Bến Tre', 'Long An', 'A'],
				[
					'Ứng dụng VNeID do cơ quan nào quản lý?',
					'Bộ Công an',
					'\u200d\ufeff',
					'Văn phòng Chính phủ',
					'',
					'A'
				],
				['Tỉnh nào có thành phố \u202eTân An?', 'Long An', 'Tiền Giang', '', '', 'A'],
				['Tỉnh nào có thành phố Bến Tre?', 'Bến Tre', 'Vĩnh \u2067Long\u2069', '', '', 'A']
			])
		);
		expect(rejections(view.report)).toEqual({
			'hàng 2': ['emptyOption'],
			'hàng 3': ['emptyOption'],
			'hàng 4': ['hiddenChars'],
			'hàng 5': ['hiddenChars']
		});
		expect(sentences(view.report, 'hàng 2')).toEqual(['Phương án B để trống.']);
		expect(sentences(view.report, 'hàng 4')).toEqual([
			'Nội dung câu hỏi chứa ký tự điều khiển ẩn (làm đảo chiều chữ hoặc không hiện ra), thường do chép từ trang web hay tin nhắn. Hãy xóa đoạn chữ đó rồi gõ lại.'
		]);
		expect(sentences(view.report, 'hàng 5', en)).toEqual([
			'Option B holds hidden control characters (which reverse the text or do not show), often carried in by copying from a web page or a message. Delete that passage and type it again.'
		]);
	});

	it('a zero-width space inside a word does not get past the duplicate check', async () => {
		const q001 = await stemOf('q001');
		const [first, ...rest] = q001.text.split(' ');
		const hidden = [`${first.slice(0, 1)}\u200b${first.slice(1)}`, ...rest].join(' ');
		const view = await analyse('dup.csv', csv([[hidden, ...q001.options, 'A']]));
		expect(rejections(view.report)).toEqual({ 'hàng 2': ['duplicateExisting'] });
		expect(sentences(view.report, 'hàng 2')).toEqual(['Trùng với câu hỏi q001 đã có trong ngân hàng.']);
	});

	it('stores the text without the invisibles, and a blank-looking last option is no option', async () => {
		const view = await importFile(
			t.db,
			{
				fileName: 'ok.csv',
				data: csv([
					['Thành phố Mỹ Tho thuộc tỉnh\u00ad nào?', 'Ti\u200bền Giang', 'Bến Tre', 'Long An', '\u200b', 'A']
				]),
				defaults: DEFAULTS
			},
			organiser,
			{ commit: true, now: NOW }
		);
		expect(rejections(view.report)).toEqual({});
		expect(view.report!.preview[0].options).toEqual(['Tiền Giang', 'Bến Tre', 'Long An']);
		const stored = await t.db
			.selectFrom('question_version')
			.select(['text', 'options'])
			.where('text', 'like', 'Thành phố Mỹ Tho thuộc tỉnh%')
			.executeTakeFirstOrThrow();
		expect(stored.text).toBe('Thành phố Mỹ Tho thuộc tỉnh nào?');
		expect((JSON.parse(stored.options) as { text: string }[]).map((o) => o.text)).toEqual([
			'Tiền Giang',
			'Bến Tre',
			'Long An'
		]);
	});
});

describe('the list of unfinished imports', () => {
	it('leaves out a file with nothing to import, and lists one with questions ready', async () => {
		const none = await importFile(
			t.db,
			{ fileName: 'hong.csv', data: csv([['', 'A', 'B', 'C', 'D', 'A']]), defaults: DEFAULTS },
			organiser,
			{ now: NOW }
		);
		expect(none.report!.preview).toEqual([]);
		const some = await importFile(
			t.db,
			{
				fileName: 'tot.csv',
				data: csv([['Tỉnh lỵ của Tiền Giang là đâu?', 'Mỹ Tho', 'Gò Công', 'Cai Lậy', 'Cái Bè', 'A']]),
				defaults: DEFAULTS
			},
			organiser,
			{ now: NOW + 1 }
		);
		try {
			expect((await pendingImports(t.db)).map((p) => p.file_name)).toEqual(['tot.csv']);
		} finally {
			for (const v of [none, some]) await cancelImport(t.db, v.id, organiser, NOW + 2);
		}
	});
});

describe('invisible characters in the question editor', () => {
	function form(text: string, options: string[], ids: string[] = []): FormData {
		const f = new FormData();
		f.set('text', text);
		f.set('topicId', 'cuoc-thi');
		f.set('poolId', 'public');
		f.set('difficulty', '1');
		f.set('correct', '0');
		options.forEach((o, i) => {
			f.append('optionId', ids[i] ?? '');
			f.append('optionText', o);
		});
		return f;
	}
	const create = (text: string, options: string[]) =>
		createQuestion(t.db, readQuestionForm(form(text, options))!.input, organiser, NOW);

	it('refuses an option of only a zero-width space or a soft hyphen as empty', async () => {
		for (const blank of ['\u200b', '\u00ad', '\u200b\u00ad\ufeff'])
			expect(await create('Thủ phủ của tỉnh Tiền Giang?', ['Mỹ Tho', blank, 'Gò Công'])).toEqual({
				ok: false,
				code: 'invalid',
				problems: [{ code: 'emptyOption', params: { letter: 'B' } }]
			});
	});

	it('refuses a right-to-left override, naming the field, on create and on edit', async () => {
		expect(await create('Thủ phủ của tỉnh Tiền Giang?', ['Mỹ Tho', 'Gò \u202eCông'])).toEqual({
			ok: false,
			code: 'invalid',
			problems: [{ code: 'hiddenChars', params: { field: 'option', letter: 'B' } }]
		});
		const made = await create('Ti\u200bền Giang có thành phố nào?', [
			'Mỹ Tho',
			'Gò Công'.replace('ò', 'ò\u00ad')
		]);
		expect(made).toMatchObject({ ok: true });
		const id = (made as { id: string }).id;
		const stored = (await getQuestion(t.db, id))!;
		expect(stored.current.draft.text).toBe('Tiền Giang có thành phố nào?');
		expect(stored.current.draft.options.map((o) => o.text)).toEqual(['Mỹ Tho', 'Gò Công']);
		const edit = readQuestionForm(
			form('\u202eTiền Giang có thành phố nào?', ['Mỹ Tho', 'Gò Công'], stored.current.ids)
		)!;
		expect(await updateQuestion(t.db, id, edit.input, organiser, NOW + 1)).toEqual({
			ok: false,
			code: 'invalid',
			problems: [{ code: 'hiddenChars', params: { field: 'text' } }]
		});
	});
});

describe('Excel cells', () => {
	type Cell = ExcelJS.CellValue;
	async function xlsx(rows: Cell[][], formats: Record<string, string> = {}): Promise<Buffer> {
		const wb = new ExcelJS.Workbook();
		const ws = wb.addWorksheet('Câu hỏi');
		ws.addRow([
			'Nội dung câu hỏi',
			'Phương án A',
			'Phương án B',
			'Phương án C',
			'Phương án D',
			'Đáp án đúng',
			'Giải thích'
		]);
		for (const r of rows) ws.addRow(r);
		for (const [address, numFmt] of Object.entries(formats)) ws.getCell(address).numFmt = numFmt;
		return Buffer.from((await wb.xlsx.writeBuffer()) as ArrayBuffer);
	}
	const na = { formula: 'VLOOKUP(A2,Z:Z,1,FALSE)', result: { error: '#N/A' } } as Cell;

	it('refuses a formula error in any cell it reads, naming the column and the error', async () => {
		const view = await analyse(
			'loi.xlsx',
			await xlsx([
				['Thủ phủ Tiền Giang?', 'Mỹ Tho', 'Gò Công', 'Cai Lậy', na, 'A', ''],
				['Thủ phủ Bến Tre?', 'Bến Tre', { error: '#REF!' } as Cell, 'Mỏ Cày', '', 'A', ''],
				[{ formula: 'A1&1', result: { error: '#VALUE!' } } as Cell, 'Có', 'Không', '', '', 'A', ''],
				['Thủ phủ Long An?', 'Tân An', 'Bến Lức', '', '', na, ''],
				['Thủ phủ Đồng Tháp?', 'Cao Lãnh', 'Sa Đéc', '', '', 'A', { error: '#DIV/0!' } as Cell],
				// A formula filled down past the last question: no question, no row in the report.
				['', '', '', '', na, '', '']
			])
		);
		expect(rejections(view.report)).toEqual({
			'hàng 2': ['cellError'],
			'hàng 3': ['cellError'],
			'hàng 4': ['cellError'],
			// The key's cell failed, so the row has no key either.
			'hàng 5': ['cellError', 'noCorrect'],
			'hàng 6': ['cellError']
		});
		expect(view.report!.total).toBe(5);
		expect(sentences(view.report, 'hàng 2')).toEqual([
			'Phương án D: ô có lỗi công thức (#N/A). Hãy sửa công thức trong Excel (hoặc chép rồi dán dạng giá trị), lưu lại, rồi chọn lại tệp.'
		]);
		expect(sentences(view.report, 'hàng 3')[0]).toMatch(/^Phương án B: ô có lỗi công thức \(#REF!\)\./);
		expect(sentences(view.report, 'hàng 4')[0]).toMatch(
			/^Nội dung câu hỏi: ô có lỗi công thức \(#VALUE!\)\./
		);
		expect(sentences(view.report, 'hàng 5')[0]).toMatch(/^Đáp án đúng: ô có lỗi công thức \(#N\/A\)\./);
		expect(sentences(view.report, 'hàng 6', en)[0]).toBe(
			'Explanation: the cell shows a formula error (#DIV/0!). Correct the formula in Excel (or copy and paste it as values), save, then choose the file again.'
		);
	});

	it('reads a number in a percentage format as the percentage Excel shows', async () => {
		const view = await analyse(
			'phan-tram.xlsx',
			await xlsx([['Tỷ lệ hồ sơ trực tuyến toàn trình năm 2025?', 0.5, 0.125, 0.07, 1, 'A', '']], {
				B2: '0%',
				C2: '0.0%',
				D2: '0%'
			})
		);
		expect(rejections(view.report)).toEqual({});
		expect(view.report!.preview[0].options).toEqual(['50%', '12.5%', '7%', '1']);
	});
});

describe('files that are not question files', () => {
	const zip = (parts: string[]) =>
		Buffer.from(zipSync(Object.fromEntries(parts.map((p) => [p, strToU8('<x/>')]))));
	const docx = zip(['[Content_Types].xml', '_rels/.rels', 'word/document.xml', 'word/styles.xml']);
	const WORD =
		'Tệp Word (.docx) chưa được hỗ trợ: hãy chép câu hỏi vào tệp mẫu Excel (nút "Tải tệp mẫu Excel"), mỗi câu một hàng, rồi chọn tệp đó.';

	it.each([
		['a Word file', 'cau-hoi.docx', docx, 'wordFile', WORD],
		['a Word file renamed .xlsx', 'cau-hoi.xlsx', docx, 'wordFile', WORD],
		[
			'an old Word file',
			'cau-hoi.doc',
			Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0]),
			'wordFile',
			WORD.replace('.docx', '.doc')
		],
		[
			'a PowerPoint file',
			'slide.pptx',
			zip(['[Content_Types].xml', '_rels/.rels', 'ppt/presentation.xml']),
			'notQuestionFile',
			'Tệp .pptx không thuộc loại tệp câu hỏi được hỗ trợ (Excel .xlsx, CSV, GIFT, Moodle XML, QTI). Hãy chép câu hỏi vào tệp mẫu Excel (nút "Tải tệp mẫu Excel") rồi chọn tệp đó.'
		],
		[
			'a LibreOffice spreadsheet',
			'cau-hoi.ods',
			zip(['mimetype', 'content.xml', 'META-INF/manifest.xml']),
			'notQuestionFile',
			'Tệp .ods không thuộc loại tệp câu hỏi được hỗ trợ (Excel .xlsx, CSV, GIFT, Moodle XML, QTI). Hãy chép câu hỏi vào tệp mẫu Excel (nút "Tải tệp mẫu Excel") rồi chọn tệp đó.'
		]
	])('%s is refused as what it is, not read as a workbook', async (_, fileName, data, code, sentence) => {
		const view = await analyse(fileName, data);
		expect(view.report!.format).toBeNull();
		expect(view.report!.fileProblems.map((p) => p.code)).toEqual([code]);
		expect(describeProblem(vi, view.report!.fileProblems[0])).toBe(sentence);
	});
});

describe('an id already in the bank', () => {
	it('says an import cannot change a question there, and how to go on', async () => {
		const view = await analyse(
			'xuat-lai.csv',
			Buffer.from(
				`${csvLine(['Mã câu hỏi', 'Nội dung câu hỏi', 'Phương án A', 'Phương án B', 'Đáp án đúng'])}\n${csvLine(['q001', 'Một câu hỏi đã sửa trong tệp xuất?', 'Có', 'Không', 'A'])}`
			)
		);
		expect(rejections(view.report)).toEqual({ 'hàng 2': ['idTaken'] });
		expect(sentences(view.report, 'hàng 2')).toEqual([
			'Mã câu hỏi "q001" đã thuộc về một câu hỏi khác (trong ngân hàng, hoặc ở một hàng trước trong tệp). Nhập tệp không sửa được câu hỏi đã có: muốn sửa câu hỏi đó, hãy sửa trong "Ngân hàng câu hỏi"; muốn nhập hàng này thành câu hỏi mới, hãy xóa mã ở cột "Mã câu hỏi".'
		]);
		expect(sentences(view.report, 'hàng 2', en)).toEqual([
			'Question id "q001" already belongs to another question (in the bank, or in an earlier row of the file). An import cannot change a question already there: to change it, edit it in "Question bank"; to import this row as a new question, clear its "Question id" cell.'
		]);
	});
});
