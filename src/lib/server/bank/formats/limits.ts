// How much an uploaded question file may hold, and how much of it is read between two turns
// of the event loop: one set of bounds for every reader (.xlsx, .csv, GIFT, Moodle XML, QTI).
// A file within the 30 MB upload limit can still hold millions of rows, cells or lines, and
// every one becomes an object in memory: 2,000,000 short CSV rows (24 MB) took 45 s to
// analyse, held the event loop up to 8 s at a time and grew the process to 2.35 GB, while a
// hall of tablets waited on the same process. Each reader counts as it reads and stops at
// the first bound passed, refusing the file with one of the problems below.
import type { Problem } from '../model';
import { yieldToServer } from '../../turns';

/**
 * Most rows and cells (any cell the sheets write, empty or only formatted too) a spreadsheet
 * may hold, over all its sheets; for a CSV file, every record and every field. Within
 * MAX_UNPACKED a sheet can still list millions of empty rows or cells, and exceljs keeps each
 * as an object (about 400 and 250 bytes): 2.9 million empty rows took 1.7 GB and 21 s.
 * 5,000 questions are 5,000 rows and about 85,000 cells.
 */
export const MAX_ROWS = 100_000;
export const MAX_CELLS = 500_000;
/** Most fields on one CSV record: the template has 17 columns. */
export const MAX_COLUMNS = 256;
/**
 * Longest cell of a CSV file, or question of a GIFT file (its text, options and feedback),
 * in characters: Excel's own limit for a cell. The bank keeps at most 4,000 (model.ts).
 */
export const MAX_CELL_CHARS = 32_767;
/** Most lines of a GIFT file: about 7 to a question, 14,000 questions. */
export const MAX_LINES = MAX_ROWS;
/**
 * Most tags of a Moodle XML or QTI file, over a whole package, counted as each `<` (closing
 * tags and HTML inside the texts too). The XML parser reads a document in one go, without
 * turns: 900,000 tags held the event loop 2.4 s, so this bounds the stall rather than
 * removing it. A four-option Moodle question with HTML texts has roughly 100.
 */
export const MAX_TAGS = 1_000_000;

export const tooManyCells: Problem = { code: 'tooManyCells', params: { rows: MAX_ROWS, cells: MAX_CELLS } };
export const tooManyColumns = (row: number): Problem => ({
	code: 'tooManyColumns',
	params: { row, max: MAX_COLUMNS }
});
export const cellTooLong = (row: number): Problem => ({
	code: 'cellTooLong',
	params: { row, max: MAX_CELL_CHARS }
});
export const tooManyLines: Problem = { code: 'tooManyLines', params: { max: MAX_LINES } };
export const questionTooLong = (line: number): Problem => ({
	code: 'questionTooLong',
	params: { line, max: MAX_CELL_CHARS }
});
export const tooManyTags: Problem = { code: 'tooManyTags', params: { max: MAX_TAGS } };

/** Characters, and rows, read between two turns of the event loop. */
const TURN_CHARS = 256 * 1024;
const TURN_ROWS = 500;

/**
 * Counts what a reader has read and lets other requests run every TURN_ROWS rows or
 * TURN_CHARS characters, whichever comes first: `await turn.after(rows, chars)`.
 */
export class Turns {
	private rows = 0;
	private chars = 0;
	async after(rows: number, chars: number): Promise<void> {
		this.rows += rows;
		this.chars += chars;
		if (this.rows < TURN_ROWS && this.chars < TURN_CHARS) return;
		this.rows = 0;
		this.chars = 0;
		await yieldToServer();
	}
}

/** The number of `<` in `text`, counted up to `max + 1`, in steps between turns. */
export async function countTags(text: string, max = MAX_TAGS): Promise<number> {
	const turns = new Turns();
	let n = 0;
	for (let at = text.indexOf('<'); at >= 0 && n <= max; at = text.indexOf('<', at + 1)) {
		n++;
		if (n % 4096 === 0) await turns.after(4096, 0);
	}
	return n;
}
