// Compressed bombs in question files: a workbook or QTI package a few hundred KB long that
// unpacks to hundreds of MB, an entry that unpacks to more than it declares, a workbook of
// empty rows or cells, a package of countless entries. Each is refused, unread, with a
// sentence from the catalogue; the template as downloaded still imports. Runs on SQLite and
// PostgreSQL.
import ExcelJS from 'exceljs';
import { strToU8, unzipSync, Zip, ZipDeflate, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDemoDb, type TestDb } from './testdb';
import { importFile } from '../../src/lib/server/bank/imports';
import { describeProblem } from '../../src/lib/bank-text';
import { messages } from '../../src/lib/i18n';
import { COLUMNS, columnHeading } from '../../src/lib/server/bank/formats/columns';
import { templateXlsx } from '../../src/lib/server/bank/formats/workbook';
import { MAX_ENTRIES, MAX_UNPACKED } from '../../src/lib/server/bank/formats/zip';
import { MAX_CELLS, MAX_ROWS } from '../../src/lib/server/bank/formats/spreadsheet';

const NOW = Date.UTC(2026, 10, 21, 3, 0);
const vi = messages('vi').bank;
/** Well past the bound, yet small enough for the readers before it to get through it. */
const BOMB_MB = 200;

let t: TestDb;
let organiser: string;

beforeAll(async () => {
	({ t, organiser } = await openDemoDb(NOW));
});
afterAll(async () => t.drop());

const HEADERS = COLUMNS.map((c) => columnHeading(vi.fields, c.key));
const row = (cells: Record<string, string>) => HEADERS.map((h) => cells[h] ?? '');
const QUESTIONS = ['Tệp nén: thể lệ cho thi mấy lượt?', 'Tệp nén: một lượt thi có mấy câu?'];

/** The organiser's template with two questions added, as Excel would save it. */
async function filledTemplate(): Promise<Uint8Array> {
	const topics = [{ id: 'cuoc-thi', name: 'Cuộc thi và thể lệ' }];
	const pools = [{ id: 'public', name: 'Ôn tập', visibility: 'public' as const, published: false }];
	const wb = new ExcelJS.Workbook();
	await wb.xlsx.load((await templateXlsx(topics, pools, vi)) as unknown as ArrayBuffer);
	const ws = wb.getWorksheet('Câu hỏi')!;
	for (const text of QUESTIONS)
		ws.addRow(
			row({ 'Nội dung câu hỏi': text, 'Phương án A': 'Một', 'Phương án B': 'Hai', 'Đáp án đúng': 'A' })
		);
	return new Uint8Array((await wb.xlsx.writeBuffer()) as ArrayBuffer);
}

/** A zip of `files` plus `zeros` MB of zeros under `bombName`, deflated a megabyte at a time. */
function zipWithZeros(files: Record<string, Uint8Array>, bombName: string, zeros: number): Uint8Array {
	const parts: Uint8Array[] = [];
	const zip = new Zip((err, chunk) => {
		if (err) throw err;
		parts.push(chunk);
	});
	for (const [name, data] of Object.entries(files)) {
		const f = new ZipDeflate(name, { level: 6 });
		zip.add(f);
		f.push(data, true);
	}
	const bomb = new ZipDeflate(bombName, { level: 9 });
	zip.add(bomb);
	const mb = new Uint8Array(1024 * 1024);
	for (let i = 0; i < zeros; i++) bomb.push(mb, i === zeros - 1);
	zip.end();
	return Buffer.concat(parts);
}

/** The zip with `name`'s unpacked size, in its central directory, set to `size`. */
function declareSize(zip: Uint8Array, name: string, size: number): Uint8Array {
	const out = new Uint8Array(zip);
	const view = new DataView(out.buffer);
	let end = out.length - 22;
	while (view.getUint32(end, true) !== 0x06054b50) end--;
	let at = view.getUint32(end + 16, true);
	for (let i = 0; i < view.getUint16(end + 10, true); i++) {
		const nameLength = view.getUint16(at + 28, true);
		if (new TextDecoder().decode(out.subarray(at + 46, at + 46 + nameLength)) === name) {
			view.setUint32(at + 24, size, true);
			return out;
		}
		at += 46 + nameLength + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
	}
	throw new Error(`${name} is not in the zip`);
}

/** A worksheet exceljs reads (it reads every xl/worksheets/sheetN.xml) holding `rows`. */
const worksheet = (rows: string) =>
	strToU8(
		`<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${rows}</sheetData></worksheet>`
	);

const QTI_ITEM = strToU8(`<?xml version="1.0" encoding="UTF-8"?>
<assessmentItem xmlns="http://www.imsglobal.org/xsd/imsqti_v2p1" identifier="nen-1" title="t">
<responseDeclaration identifier="RESPONSE" cardinality="single" baseType="identifier">
<correctResponse><value>A</value></correctResponse></responseDeclaration>
<itemBody><choiceInteraction responseIdentifier="RESPONSE" maxChoices="1"><prompt>Gói nén: câu hỏi thật?</prompt>
<simpleChoice identifier="A">Có</simpleChoice><simpleChoice identifier="B">Không</simpleChoice></choiceInteraction></itemBody>
</assessmentItem>`);

let xlsxBomb: Uint8Array | undefined;
/** The filled template with 200 MB of zeros as a picture, built once. */
async function templateBomb(): Promise<Uint8Array> {
	xlsxBomb ??= zipWithZeros(unzipSync(await filledTemplate()), 'xl/media/image1.png', BOMB_MB);
	return xlsxBomb;
}

async function analysed(fileName: string, data: Uint8Array) {
	const view = await importFile(
		t.db,
		{ fileName, data, defaults: { poolId: 'public', topicId: 'cuoc-thi', difficulty: 1 } },
		organiser,
		{ now: NOW }
	);
	return {
		view,
		codes: view.report!.fileProblems.map((p) => p.code),
		sentences: view.report!.fileProblems.map((p) => describeProblem(vi, p))
	};
}

describe('compressed bombs', () => {
	it('refuses a template carrying 200 MB of zeros as a picture, with a sentence saying what to do', async () => {
		const bomb = await templateBomb();
		expect(bomb.length).toBeLessThan(1024 * 1024);
		const { view, codes, sentences } = await analysed('cau-hoi.xlsx', bomb);
		expect(codes).toEqual(['unpackedTooLarge']);
		expect(view.readyCount).toBe(0);
		expect(sentences[0]).toContain(`lớn hơn ${MAX_UNPACKED / 1024 / 1024} MB`);
		expect(sentences[0]).toMatch(/Hãy .*chọn lại/);
	});

	it('refuses a QTI package that declares 200 MB, with the same sentence', async () => {
		const bomb = zipWithZeros({ 'items/a.xml': QTI_ITEM }, 'media/video.mp4', BOMB_MB);
		const { view, codes } = await analysed('goi.zip', bomb);
		expect(view.report!.format).toBe('qti');
		expect(codes).toEqual(['unpackedTooLarge']);
		expect(view.readyCount).toBe(0);
	});

	it('refuses an entry that unpacks to more than its declared size, without trusting it', async () => {
		// The package's item is good; the other XML file claims 64 bytes and unpacks to 200 MB.
		const qti = declareSize(
			zipWithZeros({ 'items/a.xml': QTI_ITEM }, 'items/pad.xml', BOMB_MB),
			'items/pad.xml',
			64
		);
		const q = await analysed('goi.zip', qti);
		expect(q.codes).toEqual(['damagedZip']);
		expect(q.view.readyCount).toBe(0);
		const xlsx = declareSize(await templateBomb(), 'xl/media/image1.png', 64);
		const x = await analysed('cau-hoi.xlsx', xlsx);
		expect(x.codes).toEqual(['damagedZip']);
		expect(x.view.readyCount).toBe(0);
	});

	it('refuses a workbook listing more rows, or more cells, than a question file needs', async () => {
		const template = unzipSync(await filledTemplate());
		const emptyRows = Array.from({ length: MAX_ROWS + 1 }, (_, i) => `<row r="${i + 1}"/>`).join('');
		const rows = await analysed(
			'cau-hoi.xlsx',
			zipSync({ ...template, 'xl/worksheets/sheet9.xml': worksheet(emptyRows) })
		);
		expect(rows.codes).toEqual(['tooManyCells']);
		expect(rows.view.readyCount).toBe(0);
		expect(rows.sentences[0]).toMatch(/Hãy .*chọn lại/);
		// Formatted empty cells, 100 to a row: fewer rows than the bound, more cells.
		const cellRow = (r: number) =>
			`<row r="${r}">${Array.from({ length: 100 }, (_, c) => `<c r="${String.fromCharCode(65 + (c % 26))}${r}" s="0"/>`).join('')}</row>`;
		const emptyCells = Array.from({ length: MAX_CELLS / 100 + 1 }, (_, i) => cellRow(i + 1)).join('');
		const cells = await analysed(
			'cau-hoi.xlsx',
			zipSync({ ...template, 'xl/worksheets/sheet9.xml': worksheet(emptyCells) })
		);
		expect(cells.codes).toEqual(['tooManyCells']);
		expect(cells.view.readyCount).toBe(0);
	});

	it('refuses a zip of more entries than a package of questions has', async () => {
		const template = unzipSync(await filledTemplate());
		const many: Record<string, Uint8Array> = { ...template };
		for (let i = 0; i < MAX_ENTRIES; i++) many[`customXml/item${i}.xml`] = new Uint8Array(0);
		const { view, codes, sentences } = await analysed('cau-hoi.xlsx', zipSync(many, { level: 0 }));
		expect(codes).toEqual(['tooManyEntries']);
		expect(view.readyCount).toBe(0);
		expect(sentences[0]).toContain(String(MAX_ENTRIES));
	});

	it('still imports the template as downloaded and filled in, and a package of items', async () => {
		const { view, codes } = await analysed('cau-hoi.xlsx', await filledTemplate());
		expect(codes).toEqual([]);
		expect(view.readyCount).toBe(2);
		expect(view.report!.preview.map((p) => p.text)).toEqual(QUESTIONS);
		// Saved by a zip tool that streams (sizes after the data), with a picture beside.
		const streamed = zipWithZeros(unzipSync(await filledTemplate()), 'xl/media/image1.png', 1);
		expect((await analysed('cau-hoi.xlsx', streamed)).view.readyCount).toBe(2);
		const qti = await analysed(
			'goi.zip',
			zipSync({ 'items/a.xml': QTI_ITEM, 'media/a.png': new Uint8Array(1000) })
		);
		expect(qti.codes).toEqual([]);
		expect(qti.view.readyCount).toBe(1);
	});
});
