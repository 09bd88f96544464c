// The bank as a spreadsheet: the template organisers fill in (Vietnamese headings), the
// export in the same layout, and the readers for .xlsx and .csv (both via exceljs). Headings
// are matched without tone marks or case, so "Phuong an A" and "PHƯƠNG ÁN A" both work.
import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { LETTERS } from '../model';
import { emptyParsed, yieldToServer, type FilePool, type FileTopic, type ParsedFile } from './types';
import { COLUMNS, EXAMPLE_STATUS, headerKey, questionsOf, type ColumnMapping, type Sheet } from './columns';

export { COLUMNS, headerKey };

export const QUESTION_SHEET = 'Câu hỏi';
export const TOPIC_SHEET = 'Chủ đề';
export const POOL_SHEET = 'Ngân hàng';
export const HELP_SHEET = 'Hướng dẫn';

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

function findSheet(wb: ExcelJS.Workbook, name: string): ExcelJS.Worksheet | undefined {
	return wb.worksheets.find((w) => headerKey(w.name) === headerKey(name));
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
		findSheet(wb, QUESTION_SHEET) ??
		wb.worksheets.find((w) => w.state === 'visible' && headerKey(w.name) !== headerKey(HELP_SHEET));
	if (!ws) return emptyParsed({ code: 'emptyFile' });
	await yieldToServer();
	const parsed = await questionsOf(sheetRows(ws), mapping);
	return {
		...parsed,
		topics: topicsOf(findSheet(wb, TOPIC_SHEET)),
		pools: poolsOf(findSheet(wb, POOL_SHEET))
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

// ——— writing ———

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

const STATUS_TEXT = { active: 'Đang dùng', retired: 'Ngừng dùng', example: EXAMPLE_STATUS } as const;

export function parseStatus(value: string | undefined): 'active' | 'retired' | null {
	const k = headerKey(value ?? '');
	if (!k || k === 'dang dung' || k === 'active') return 'active';
	if (k === 'ngung dung' || k === 'retired' || k === 'da ngung') return 'retired';
	return null;
}

function questionSheet(wb: ExcelJS.Workbook) {
	const ws = wb.addWorksheet(QUESTION_SHEET, { views: [{ state: 'frozen', ySplit: 1 }] });
	ws.columns = COLUMNS.map((c) => ({ header: c.header, key: c.key, width: c.width }));
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

function rowOf(q: ExportQuestion): (string | number)[] {
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
		STATUS_TEXT[q.status],
		q.explanation,
		q.reference
	];
}

function lookupSheets(wb: ExcelJS.Workbook, topics: FileTopic[], pools: FilePool[]) {
	const t = wb.addWorksheet(TOPIC_SHEET);
	t.columns = [
		{ header: 'Mã chủ đề', key: 'id', width: 20 },
		{ header: 'Tên chủ đề', key: 'name', width: 50 }
	];
	t.getRow(1).font = { bold: true };
	for (const x of topics) t.addRow([x.id, x.name]);
	const p = wb.addWorksheet(POOL_SHEET);
	p.columns = [
		{ header: 'Mã ngân hàng', key: 'id', width: 20 },
		{ header: 'Tên ngân hàng', key: 'name', width: 50 },
		{ header: 'Loại', key: 'visibility', width: 14 },
		{ header: 'Đã công bố', key: 'published', width: 12 }
	];
	p.getRow(1).font = { bold: true };
	for (const x of pools)
		p.addRow([
			x.id,
			x.name,
			x.visibility === 'public' ? 'Công khai' : 'Bảo mật',
			x.published ? 'Có' : 'Không'
		]);
}

const HELP = [
	'Mỗi hàng của trang "Câu hỏi" là một câu hỏi. Hàng 1 là tiêu đề cột, không xóa hoặc đổi tên.',
	'Cột bắt buộc: Nội dung câu hỏi, Phương án A, Phương án B, Đáp án đúng. Có thể dùng 2 đến 6 phương án (A–F), điền liên tiếp từ A.',
	'Đáp án đúng: một chữ cái A–F. Giữ vị trí: chữ cái của phương án không bị xáo trộn (ví dụ "Tất cả các đáp án trên").',
	'Chủ đề: tên chủ đề (hoặc mã chủ đề). Chủ đề chưa có sẽ được tạo mới. Để trống thì dùng chủ đề chọn khi nhập.',
	'Mức độ: 1, 2, 3 hoặc Dễ, Trung bình, Khó. Để trống thì dùng mức độ chọn khi nhập.',
	'Ngân hàng: mã ngân hàng (xem trang "Ngân hàng"). Để trống thì dùng ngân hàng chọn khi nhập.',
	'Mã câu hỏi: để trống khi thêm câu hỏi mới; tệp xuất từ hệ thống có sẵn mã.',
	'Trạng thái: Đang dùng (mặc định) hoặc Ngừng dùng.',
	'Hai hàng mẫu có Trạng thái "Ví dụ" được bỏ qua khi nhập: có thể để nguyên, xóa, hoặc ghi câu hỏi thật đè lên (xóa chữ "Ví dụ").',
	'Tệp dùng phông chữ cũ TCVN3 (.VnTime) hoặc VNI được tự động nhận ra và chuyển sang Unicode.'
];

export async function writeBankXlsx(
	questions: ExportQuestion[],
	topics: FileTopic[],
	pools: FilePool[],
	withHelp = false
): Promise<Buffer> {
	const wb = new ExcelJS.Workbook();
	wb.creator = 'Phòng Thi';
	const ws = questionSheet(wb);
	for (let i = 0; i < questions.length; i++) {
		const added = ws.addRow(rowOf(questions[i]));
		if (questions[i].status === 'example') added.font = { italic: true, color: { argb: 'FF6B7280' } };
		if (i % 1000 === 999) await yieldToServer();
	}
	ws.getColumn('text').alignment = { wrapText: true, vertical: 'top' };
	lookupSheets(wb, topics, pools);
	if (withHelp) {
		const help = wb.addWorksheet(HELP_SHEET);
		help.getColumn(1).width = 120;
		help.addRow(['Hướng dẫn điền tệp câu hỏi']).font = { bold: true, size: 14 };
		for (const line of HELP) help.addRow([line]);
	}
	const out = await wb.xlsx.writeBuffer();
	return Buffer.from(out as ArrayBuffer);
}

/** The template: headings, two example rows, the bank's topics and pools, and a help sheet. */
export async function templateXlsx(topics: FileTopic[], pools: FilePool[]): Promise<Buffer> {
	return writeBankXlsx(TEMPLATE_EXAMPLES(topics, pools), topics, pools, true);
}

function TEMPLATE_EXAMPLES(topics: FileTopic[], pools: FilePool[]): ExportQuestion[] {
	const topic = topics[0] ?? { id: 'chinh-quyen-so', name: 'Chính quyền số' };
	const pool = pools[0]?.id ?? '';
	return [
		{
			id: '',
			text: 'Cổng Dịch vụ công quốc gia có địa chỉ truy cập nào?',
			options: [
				{ text: 'dichvucong.gov.vn', pinned: false },
				{ text: 'chinhphu.vn', pinned: false },
				{ text: 'vanban.chinhphu.vn', pinned: false },
				{ text: 'Tất cả các đáp án trên', pinned: true }
			],
			correct: [0],
			topicId: topic.id,
			topicName: topic.name,
			difficulty: 1,
			poolId: pool,
			status: 'example',
			explanation: 'Cổng Dịch vụ công quốc gia: dichvucong.gov.vn.',
			reference: ''
		},
		{
			id: '',
			text: 'Hồ sơ trực tuyến được nộp qua Cổng dịch vụ công có giá trị pháp lý như hồ sơ giấy.',
			options: [
				{ text: 'Đúng', pinned: false },
				{ text: 'Sai', pinned: false }
			],
			correct: [0],
			topicId: topic.id,
			topicName: topic.name,
			difficulty: 2,
			poolId: pool,
			status: 'example',
			explanation: '',
			reference: 'Nghị định 45/2020/NĐ-CP'
		}
	];
}

/** The CSV template: the same headings, UTF-8 with a BOM so Excel shows the tone marks. */
export function templateCsv(): string {
	const quote = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
	const lines = [
		COLUMNS.map((c) => c.header),
		[
			'',
			'Cổng Dịch vụ công quốc gia có địa chỉ truy cập nào?',
			'dichvucong.gov.vn',
			'chinhphu.vn',
			'vanban.chinhphu.vn',
			'Tất cả các đáp án trên',
			'',
			'',
			'A',
			'D',
			'Chính quyền số',
			'',
			'1',
			'',
			EXAMPLE_STATUS,
			'',
			''
		]
	];
	return '\ufeff' + lines.map((l) => l.map(quote).join(',')).join('\r\n') + '\r\n';
}
