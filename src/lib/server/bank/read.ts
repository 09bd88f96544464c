// From uploaded bytes to questions as the file states them: which format, which character
// set, and a sentence the organiser can act on when the file cannot be read at all or holds
// more than a question file needs (every reader stops at the bounds of formats/limits.ts).
import type { ImportFormat } from '../db/tables-bank';
import type { Problem } from './model';
import { decodeFile } from './formats/encoding';
import { readCsv, readXlsx } from './formats/spreadsheet';
import { readGift } from './formats/gift';
import { readMoodle } from './formats/moodle';
import { readQtiXml, readQtiZip } from './formats/qti';
import { emptyParsed, type ParsedFile } from './formats/types';
import { zipEntryNames } from './formats/zip';
import type { ColumnMapping } from './formats/columns';

/** What a reader is told besides the bytes. */
export interface ReadOptions {
	/** Headings mapped to fields by the organiser (spreadsheets). */
	mapping?: ColumnMapping;
	/** The options a true/false question gets, in the organiser's language (GIFT, Moodle). */
	trueFalse: readonly [string, string];
}

function startsWith(data: Uint8Array, text: string) {
	return [...text].every((c, i) => data[i] === c.charCodeAt(0));
}

const extensionOf = (fileName: string) => {
	const parts = fileName.toLowerCase().split('.');
	return parts.length > 1 ? (parts.pop() ?? '') : '';
};

/** Enough of a file's start to recognise its kind; the character set does not matter here. */
const sniff = (data: Uint8Array) => decodeFile(data).text ?? new TextDecoder('latin1').decode(data);

/** The format of a file, from its content first and its name second. */
export function detectFormat(fileName: string, data: Uint8Array): ImportFormat | null {
	const ext = extensionOf(fileName);
	if (startsWith(data, 'PK')) {
		const head = new TextDecoder('latin1').decode(data.subarray(0, Math.min(data.length, 64 * 1024)));
		if (ext === 'xlsx' || /\[Content_Types\]\.xml|xl\/workbook/.test(head))
			return ext === 'zip' && !/xl\//.test(head) ? 'qti' : 'xlsx';
		return 'qti';
	}
	if (ext === 'csv') return 'csv';
	if (ext === 'gift') return 'gift';
	const head = sniff(data.subarray(0, 4096));
	if (ext === 'xml' || /^\s*(<\?xml|<)/.test(head)) {
		if (/<quiz[\s>]/.test(head)) return 'moodle';
		if (/assessmentItem/.test(head)) return 'qti';
		if (ext === 'xml') return /<quiz/.test(sniff(data)) ? 'moodle' : 'qti';
	}
	if (ext === 'txt') return /[{}]/.test(head) ? 'gift' : 'csv';
	return null;
}

/** Text formats: decoded first; a Windows-1258 file is converted and says so. */
async function readText(format: ImportFormat, data: Buffer, options: ReadOptions): Promise<ParsedFile> {
	const decoded = decodeFile(data);
	if (decoded.text === null) return emptyParsed({ code: 'unsureEncoding' });
	const text = decoded.text;
	const readers = {
		csv: () => readCsv(text, options.mapping),
		gift: () => readGift(text, options.trueFalse),
		moodle: () => readMoodle(text, options.trueFalse)
	};
	const parsed = await (format in readers ? readers[format as keyof typeof readers]() : readQtiXml(text));
	if (decoded.encoding === 'cp1258') parsed.fileNotes = [{ code: 'convertedCp1258' }, ...parsed.fileNotes];
	return parsed;
}

export async function readFile(
	format: ImportFormat,
	data: Buffer,
	options: ReadOptions
): Promise<ParsedFile> {
	if (format === 'xlsx') return readXlsx(data, options.mapping);
	if (format === 'qti' && startsWith(data, 'PK')) return readQtiZip(data);
	return readText(format, data, options);
}

/** Word's own extensions; a Word file under another name is known by its content. */
const WORD_EXTENSIONS = new Set(['doc', 'docx', 'docm', 'dot', 'dotx', 'dotm']);

/**
 * Why a file of this name and content cannot be read, before any reader is tried. A zip is
 * known by the names of its parts: a Word file (a .docx holds [Content_Types].xml as a workbook
 * does, and was read as one), another Office file (a .pptx) or an OpenDocument file
 * (LibreOffice) is no question file, whatever its name.
 */
function refusal(fileName: string, data: Uint8Array): Problem | null {
	const ext = extensionOf(fileName);
	if (data.length === 0) return { code: 'emptyUpload' };
	// An unreadable directory gives no names: the readers then call the file damaged.
	const parts = startsWith(data, 'PK') ? zipEntryNames(data) : null;
	const workbook = parts?.includes('xl/workbook.xml') ?? false;
	if (!workbook && (WORD_EXTENSIONS.has(ext) || parts?.includes('word/document.xml')))
		return { code: 'wordFile', params: { ext: WORD_EXTENSIONS.has(ext) ? `.${ext}` : '.docx' } };
	if (!workbook && parts && (parts.includes('[Content_Types].xml') || parts.includes('mimetype')))
		return { code: 'notQuestionFile', params: { ext: ext ? `.${ext}` : '.zip' } };
	if ((ext === 'xlsx' || ext === 'xls') && !startsWith(data, 'PK'))
		return ext === 'xls' ? { code: 'oldXls' } : { code: 'notXlsx' };
	if (ext === 'zip' && !startsWith(data, 'PK')) return { code: 'damagedZip' };
	return null;
}

export async function readUpload(
	fileName: string,
	data: Buffer,
	options: ReadOptions
): Promise<{ format: ImportFormat | null; parsed: ParsedFile }> {
	const refused = refusal(fileName, data);
	if (refused) return { format: null, parsed: emptyParsed(refused) };
	const format = detectFormat(fileName, data);
	if (!format) {
		const ext = extensionOf(fileName);
		return { format, parsed: emptyParsed({ code: 'unknownFormat', params: { ext: ext ? `.${ext}` : '' } }) };
	}
	try {
		return { format, parsed: await readFile(format, data, options) };
	} catch {
		// A reader that fails outright (a library's error, in English) gets the same plain advice.
		return {
			format,
			parsed: emptyParsed({ code: startsWith(data, 'PK') ? 'damagedZip' : 'unreadableFile' })
		};
	}
}
