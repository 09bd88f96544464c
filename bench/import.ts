// How long a 5,000-question spreadsheet import stalls the server's event loop: the longest
// gap between 5 ms ticks while the file is read, analysed, staged and committed, on a fresh
// in-memory SQLite database (or DATABASE_URL). Readers yield every few hundred rows, so
// other requests keep being answered; this prints the number instead of asserting it.
//   npx tsx bench/import.ts [--questions 5000] [--json]
import { parseArgs } from 'node:util';
import ExcelJS from 'exceljs';
import { openDb } from '../src/lib/server/db';
import { seedDemo } from '../src/lib/server/demo/seed';
import { commitStep, importFile } from '../src/lib/server/bank/imports';
import { COLUMNS } from '../src/lib/server/bank/formats/spreadsheet';

const { values: opts } = parseArgs({
	options: { questions: { type: 'string', default: '5000' }, json: { type: 'boolean', default: false } }
});
const N = Math.max(1, Number(opts.questions));

async function bigFile(n: number): Promise<Buffer> {
	const wb = new ExcelJS.Workbook();
	const ws = wb.addWorksheet('Câu hỏi');
	const headers = COLUMNS.map((c) => c.header);
	ws.addRow(headers);
	const at = (h: string) => headers.indexOf(h);
	for (let i = 1; i <= n; i++) {
		const row: (string | number)[] = headers.map(() => '');
		row[at('Nội dung câu hỏi')] = `Câu hỏi đo số ${i}: theo kế hoạch, chỉ tiêu thứ ${i} của tỉnh là gì?`;
		row[at('Phương án A')] = `Chỉ tiêu ${i}`;
		row[at('Phương án B')] = `Chỉ tiêu ${i + 1}`;
		row[at('Phương án C')] = `Chỉ tiêu ${i + 2}`;
		row[at('Phương án D')] = 'Tất cả các đáp án trên';
		row[at('Đáp án đúng')] = 'ABCD'[i % 4];
		row[at('Giữ vị trí')] = 'D';
		row[at('Chủ đề')] = 'ke-hoach';
		row[at('Mức độ')] = (i % 3) + 1;
		ws.addRow(row);
	}
	return Buffer.from((await wb.xlsx.writeBuffer()) as ArrayBuffer);
}

const handle = process.env.DATABASE_URL
	? await openDb({ databaseUrl: process.env.DATABASE_URL })
	: await openDb({ sqliteFile: ':memory:' });
const now = Date.now();
await seedDemo(handle.db, { now });
const data = await bigFile(N);

let longest = 0;
let last = performance.now();
const timer = setInterval(() => {
	const t = performance.now();
	longest = Math.max(longest, t - last);
	last = t;
}, 5);
const started = performance.now();
const view = await importFile(
	handle.db,
	{ fileName: 'bench.xlsx', data, defaults: { poolId: 'public' } },
	null,
	{ now }
);
const analysed = performance.now();
let step;
do step = await commitStep(handle.db, view.id, null, now);
while (step.status === 'committing');
const done = performance.now();
clearInterval(timer);
await handle.close();

const result = {
	questions: N,
	ready: view.readyCount,
	status: step.status,
	analyseMs: Math.round(analysed - started),
	commitMs: Math.round(done - analysed),
	longestStallMs: Math.round(longest)
};
if (opts.json) console.log(JSON.stringify(result));
else
	console.log(
		`${result.ready}/${N} questions, ${result.status}: analysis ${result.analyseMs} ms, commit ${result.commitMs} ms, ` +
			`longest event-loop stall ${result.longestStallMs} ms (kept well under a second by yielding)`
	);
