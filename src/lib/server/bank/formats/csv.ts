// CSV text (already decoded, see encoding.ts) into a sheet of rows, read as RFC 4180 says
// and as Excel writes it: fields in double quotes may hold the separator, line breaks and
// doubled quotes; a record ends at CRLF, LF or CR. Read here rather than by exceljs's CSV
// reader, which takes the whole text at once: this one counts rows, cells, columns and a
// cell's length as it goes and stops at the first bound (limits.ts), and lets other
// requests run every few hundred rows.
import type { Problem } from '../model';
import type { Sheet } from './columns';
import {
	MAX_CELL_CHARS,
	MAX_CELLS,
	MAX_COLUMNS,
	MAX_ROWS,
	Turns,
	cellTooLong,
	tooManyCells,
	tooManyColumns
} from './limits';

const QUOTE = 0x22;
const CR = 0x0d;
const LF = 0x0a;
const SPACE = 0x20;
const TAB = 0x09;

export type CsvResult = { ok: true; sheet: Sheet } | { ok: false; problem: Problem };

/** The separator the first line uses most: `;` and tab as Excel writes them in some locales, else `,`. */
export function csvDelimiter(text: string): string {
	const counts = new Map<number, number>([
		[0x2c, 0],
		[0x3b, 0],
		[TAB, 0]
	]);
	// The first line only, and no further than a heading row can be.
	const end = Math.min(text.length, MAX_COLUMNS * MAX_CELL_CHARS);
	for (let i = 0; i < end; i++) {
		const c = text.charCodeAt(i);
		if (c === LF || c === CR) break;
		const n = counts.get(c);
		if (n !== undefined) counts.set(c, n + 1);
	}
	return [';', '\t', ','].reduce(
		(best, ch) => ((counts.get(ch.charCodeAt(0)) ?? 0) > (counts.get(best.charCodeAt(0)) ?? 0) ? ch : best),
		','
	);
}

/**
 * The records of `text`, numbered from 1 as a spreadsheet shows them (blank lines counted),
 * cells 1-based like exceljs's; records with nothing but blanks are left out, as an empty
 * spreadsheet row is. `unreadableCsv` for a quoted field followed by anything but a
 * separator or a line break.
 */
export async function parseCsv(text: string, delimiter: string): Promise<CsvResult> {
	const sep = delimiter.charCodeAt(0);
	const rows: Sheet['rows'] = [];
	const turns = new Turns();
	const length = text.length;
	let n = 0;
	let cells = 0;
	let i = 0;
	while (i < length) {
		n++;
		if (n > MAX_ROWS) return { ok: false, problem: tooManyCells };
		const fields: string[] = [];
		const start = i;
		let filled = false;
		// One field per turn of this loop; `i` ends on the separator or line break after it.
		for (;;) {
			if (fields.length >= MAX_COLUMNS) return { ok: false, problem: tooManyColumns(n) };
			if (++cells > MAX_CELLS) return { ok: false, problem: tooManyCells };
			let j = i;
			while (j < length && (text.charCodeAt(j) === SPACE || (text.charCodeAt(j) === TAB && sep !== TAB))) j++;
			let value: string;
			if (text.charCodeAt(j) === QUOTE) {
				// Quoted: up to the quote not doubled; a doubled quote is one quote.
				let k = j + 1;
				let piece = k;
				const parts: string[] = [];
				let size = 0;
				for (;;) {
					const q = text.indexOf('"', k);
					const stop = q < 0 ? length : q;
					if (size + stop - piece > MAX_CELL_CHARS) return { ok: false, problem: cellTooLong(n) };
					if (q < 0) return { ok: false, problem: { code: 'unreadableCsv' } };
					if (text.charCodeAt(q + 1) === QUOTE) {
						parts.push(text.slice(piece, q + 1));
						size += q + 1 - piece;
						k = piece = q + 2;
						continue;
					}
					parts.push(text.slice(piece, q));
					k = q + 1;
					break;
				}
				value = parts.join('');
				while (k < length && (text.charCodeAt(k) === SPACE || (text.charCodeAt(k) === TAB && sep !== TAB)))
					k++;
				const after = k < length ? text.charCodeAt(k) : LF;
				if (after !== sep && after !== LF && after !== CR)
					return { ok: false, problem: { code: 'unreadableCsv' } };
				i = k;
			} else {
				let k = i;
				for (; k < length; k++) {
					const c = text.charCodeAt(k);
					if (c === sep || c === LF || c === CR) break;
					if (k - i >= MAX_CELL_CHARS) return { ok: false, problem: cellTooLong(n) };
				}
				value = text.slice(i, k);
				i = k;
			}
			fields.push(value);
			if (!filled && value.trim()) filled = true;
			if (i < length && text.charCodeAt(i) === sep) {
				i++;
				continue;
			}
			break;
		}
		// The line break: CRLF, LF or CR.
		if (text.charCodeAt(i) === CR) i++;
		if (text.charCodeAt(i) === LF) i++;
		if (filled) {
			const cellsOfRow: string[] = [];
			for (let f = 0; f < fields.length; f++) cellsOfRow[f + 1] = fields[f];
			rows.push({ n, cells: cellsOfRow });
		}
		await turns.after(1, i - start);
	}
	return { ok: true, sheet: { rows } };
}
