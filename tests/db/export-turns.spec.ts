// The individual results workbook of a large round (a review: 20,000 candidates, 4.5 s a file,
// the server's loop held 3.6 s, 350 MB more) is written row by row with other requests let in
// every few hundred rows, streamed to the reader, and made one at a time in a process: a second
// asked for meanwhile is refused at once, 429 with Retry-After and the catalogue's sentence; the
// turn is given back when the file is written or its reader goes. The workbook reads back to
// the same table. Through the route itself. On SQLite and PostgreSQL.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import ExcelJS from 'exceljs';
import { randomBytes } from 'node:crypto';
import type { Db } from '../../src/lib/server/db';
import { openTestDb, type TestDb } from './testdb';
import { seedDemo } from '../../src/lib/server/demo/seed';
import { candidate, createRound, takeAttempt } from './results-fixture';
import { toXlsx, type ExportTable } from '../../src/lib/server/results/exports';

let t: TestDb;
let appDb: Db;
const secret = randomBytes(32);
vi.mock('../../src/lib/server/app', () => ({ app: async () => ({ db: appDb, secret }) }));
const { GET } = await import('../../src/routes/(site)/admin/results/[roundId]/export/[file]/+server');

const NOW = Date.UTC(2026, 10, 23, 2, 0);
const T = NOW - 1800_000;
let roundId = '';

beforeAll(async () => {
	t = await openTestDb();
	appDb = t.db;
	await seedDemo(t.db, { now: NOW - 86400_000 });
	roundId = await createRound(t.db, NOW, 'r-export');
	const an = await candidate(t.db, 'Nguyễn Văn An', 'my-tho');
	const binh = await candidate(t.db, 'Trần Thị Bình', 'cai-be');
	await takeAttempt(t.db, roundId, an.id, { at: T, usedS: 300, tiebreak: 130 });
	await takeAttempt(t.db, roundId, binh.id, { at: T, usedS: 200, wrong: ['q1'], tiebreak: 95 });
});
afterAll(async () => t?.drop());

/** A table like the individual one: ranks, names, a CCCD with its leading 0, scores, dates. */
function bigTable(n: number): ExportTable {
	const rows = Array.from({ length: n }, (_, i) => [
		i + 1,
		`Nguyễn Văn Thí Sinh ${i}`,
		'2008-01-0' + (i % 9),
		`0820910${String(i).padStart(5, '0')}`,
		'Huyện Cái Bè',
		'0971000123',
		i % 7 === 0 ? '=1+1 đường 3/2' : 'Tiền Giang',
		(i * 7) % 41,
		40,
		Math.round(i * 1.3) / 10,
		i % 5 === 0 ? null : i % 50,
		1 + (i % 8),
		'2026-11-23 09:05:00',
		i < 10 ? 'Giải Nhất' : '',
		i % 2 ? 'Có' : 'Không'
	]);
	return {
		sheet: 'Kết quả cá nhân',
		title: 'Vòng loại — Kết quả cá nhân',
		headers:
			'Hạng,Họ và tên,Ngày sinh,Số CCCD,Đơn vị,SĐT,Địa chỉ,Điểm,Tối đa,Giây,Dự đoán,Lượt,Nộp,Giải,Công bố'.split(
				','
			),
		rows
	};
}

async function readBack(bytes: Uint8Array) {
	const wb = new ExcelJS.Workbook();
	await wb.xlsx.load(
		bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer
	);
	const ws = wb.worksheets[0];
	const read: unknown[][] = [];
	ws.eachRow((row) =>
		read.push(Array.from((row.values as unknown[]).slice(1), (v) => (v === undefined ? null : v)))
	);
	return { ws, read };
}

const get = (file: string) =>
	GET({ params: { roundId, file }, locals: { locale: 'vi' } } as unknown as Parameters<typeof GET>[0]);

describe('the results workbook', () => {
	it('lets other work run while it is written, every few hundred rows', async () => {
		const n = 6000;
		const table = bigTable(n);
		// How far the writer has read the table: the rows it wrote between two turns of the loop.
		let reached = 0;
		table.rows = new Proxy(table.rows, {
			get(target, key, receiver) {
				if (typeof key === 'string' && /^\d+$/.test(key)) reached = Math.max(reached, Number(key) + 1);
				return Reflect.get(target, key, receiver);
			}
		});
		let turns = 0;
		let last = 0;
		const runs: number[] = [];
		let writing = true;
		const tick = () => {
			turns++;
			runs.push(reached - last);
			last = reached;
			if (writing) setImmediate(tick);
		};
		setImmediate(tick);
		const bytes = await toXlsx(table);
		writing = false;
		runs.push(reached - last);
		expect(bytes.length).toBeGreaterThan(0);
		expect(reached).toBe(n);
		// Never more than 500 rows without a turn for other requests (the writer yields every 250).
		expect(Math.max(...runs)).toBeLessThanOrEqual(500);
		expect(turns).toBeGreaterThanOrEqual(n / 500);
	});

	it('reads back to the same table: header bold and frozen, numbers as numbers, text as text', async () => {
		const table = bigTable(1200);
		const { ws, read } = await readBack(await toXlsx(table));
		const pad = (r: unknown[]) => [...r, ...new Array(table.headers.length - r.length).fill(null)];
		expect(read.map(pad)).toEqual([table.headers, ...table.rows].map(pad));
		expect(ws.name).toBe('Kết quả cá nhân');
		expect(ws.getRow(1).font?.bold).toBe(true);
		expect(ws.getRow(2).font?.bold).toBeFalsy();
		expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
		expect(typeof ws.getCell('A2').value).toBe('number');
		expect(ws.getCell('D2').value).toBe('082091000000'); // a CCCD keeps its leading 0
		expect(ws.getCell('G2').value).toBe('=1+1 đường 3/2'); // text, not a formula
		expect(ws.getColumn(2).width).toBeGreaterThan(8);
	});

	it('is streamed by the route, one at a time: a second meanwhile is refused, 429 with its sentence', async () => {
		const [first, second] = await Promise.all([get('individual.xlsx'), get('individual.xlsx')]);
		expect(first.status).toBe(200);
		expect(first.headers.get('content-disposition')).toBe(
			`attachment; filename="ket-qua-ca-nhan-${roundId}.xlsx"`
		);
		expect(second.status).toBe(429);
		expect(Number(second.headers.get('retry-after'))).toBeGreaterThan(0);
		expect(await second.text()).toMatch(
			/^Máy chủ đang tạo một tệp Excel kết quả khác\. Vui lòng tải lại sau \d+ giây\.$/
		);
		// The units workbook waits its turn too; a CSV does not.
		expect((await get('units.xlsx')).status).toBe(429);
		expect((await get('individual.csv')).status).toBe(200);

		const { read } = await readBack(new Uint8Array(await first.arrayBuffer()));
		expect(read.map((r) => r[1])).toEqual(['Họ và tên', 'Nguyễn Văn An', 'Trần Thị Bình']);
		// Written: the turn is given back.
		const third = await get('individual.xlsx');
		expect(third.status).toBe(200);
		expect((await readBack(new Uint8Array(await third.arrayBuffer()))).read).toHaveLength(3);
	});

	it('gives the turn back when its reader goes away', async () => {
		const first = await get('individual.xlsx');
		expect(first.status).toBe(200);
		await first.body!.cancel();
		let next = await get('units.xlsx');
		for (let i = 0; i < 20 && next.status === 429; i++) {
			await new Promise((r) => setTimeout(r, 10));
			next = await get('units.xlsx');
		}
		expect(next.status).toBe(200);
		await next.arrayBuffer();
	});

	it('answers 404 for a round without results', async () => {
		const r = await Promise.resolve()
			.then(() =>
				GET({
					params: { roundId: 'no-such-round', file: 'individual.xlsx' },
					locals: { locale: 'vi' }
				} as unknown as Parameters<typeof GET>[0])
			)
			.catch((e: { status: number }) => e);
		expect((r as { status: number }).status).toBe(404);
		// The turn was given back.
		const ok = await get('individual.xlsx');
		expect(ok.status).toBe(200);
		await ok.arrayBuffer();
	});
});
