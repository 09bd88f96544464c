// The CSV reader: records as Excel writes them and exceljs's reader read them before, and
// turns of the event loop while a large file is read.
import { describe, expect, it } from 'vitest';
import { csvDelimiter, parseCsv } from './csv';
import { MAX_ROWS } from './limits';

async function rowsOf(text: string, delimiter = ',') {
	const r = await parseCsv(text, delimiter);
	if (!r.ok) throw new Error(r.problem.code);
	return r.sheet.rows.map((row) => [row.n, row.cells.slice(1)]);
}

describe('parseCsv', () => {
	it('reads quotes, doubled quotes, line breaks in cells and every line ending', async () => {
		expect(await rowsOf('a,b\r\n"x""y",z\r\n')).toEqual([
			[1, ['a', 'b']],
			[2, ['x"y', 'z']]
		]);
		expect(await rowsOf('a,b\n"multi\nline",q\nlast,1')).toEqual([
			[1, ['a', 'b']],
			[2, ['multi\nline', 'q']],
			[3, ['last', '1']]
		]);
		expect(await rowsOf('a,b\rc,d\r')).toEqual([
			[1, ['a', 'b']],
			[2, ['c', 'd']]
		]);
		expect(await rowsOf(' "a" ,b\nab"c,d\n')).toEqual([
			[1, ['a', 'b']],
			[2, ['ab"c', 'd']]
		]);
	});

	it('numbers rows as a spreadsheet shows them, blank lines counted but left out', async () => {
		expect(await rowsOf('a,b\n\n,\nc,d\n\n')).toEqual([
			[1, ['a', 'b']],
			[4, ['c', 'd']]
		]);
	});

	it('refuses text after a closing quote', async () => {
		expect(await parseCsv('"ab"c,d\n', ',')).toEqual({ ok: false, problem: { code: 'unreadableCsv' } });
	});

	it('finds the separator on the first line', () => {
		expect(csvDelimiter('a;b;c,d\n1,2,3,4,5')).toBe(';');
		expect(csvDelimiter('a\tb\n')).toBe('\t');
		expect(csvDelimiter('Tiêu đề\na;b')).toBe(',');
	});

	it('lets other work run while it reads, every few hundred rows', async () => {
		let turns = 0;
		let reading = true;
		const tick = () => {
			turns++;
			if (reading) setImmediate(tick);
		};
		setImmediate(tick);
		const text = 'a,b,A\n'.repeat(MAX_ROWS);
		const read = await parseCsv(text, ',');
		reading = false;
		expect(read.ok && read.sheet.rows.length).toBe(MAX_ROWS);
		expect(turns).toBeGreaterThanOrEqual(MAX_ROWS / 1000);
	});
});
