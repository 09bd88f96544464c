// The proctor's console must never mislead (issue 13): what the grid calls safe to wipe, absent
// finalists, the start inside the round's window only, no extend/move/lost after the lock, the
// codes read out kept with their time, questions answered, the minutes in the reader's language.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import { openTestDb, type TestDb } from './testdb';
import { seedDemo } from '../../src/lib/server/demo/seed';
import { defaultLayout, roomLayout, setRoomLayout } from '../../src/lib/server/venue/layout';
import { heartbeat, roomAction, roomGrid, sharedGrid } from '../../src/lib/server/venue';
import { roomMinutesXlsx } from '../../src/lib/server/venue';
import { ingestBatch } from '../../src/lib/server/attempts';
import { chainEvent, type AnswerEvent } from '../../src/lib/exam/events';
import { checkShortCode, deriveRoomKeys } from '../../src/lib/exam/venue-crypto';
import type { Paper } from '../../src/lib/exam/paper';
import { attemptWithPaper, seatFinalists, enrolTablet } from './venue-fixture';

let t: TestDb;
const secret = randomBytes(32);
const T0 = Date.UTC(2026, 11, 1, 1, 0);
const DAY = 86_400_000;
let organiserId = '';
const ROOM = 'room-1';

const act = (a: Parameters<typeof roomAction>[3], at: number) => roomAction(t.db, ROOM, organiserId, a, at);
const grid = async (at: number) => {
	const g = await roomGrid(t.db, ROOM, at);
	if (!g.ok) throw new Error(g.code);
	return g;
};

const enrol = (deviceId: string, seat: string | null, at: number) =>
	enrolTablet(t.db, secret, { roomId: ROOM, actorId: organiserId, deviceId, seat, at });

async function seatFinalist(seat: string) {
	const f = await t.db
		.selectFrom('finalist')
		.select(['id', 'attempt_id', 'sbd'])
		.where('seat_id', '=', seat)
		.executeTakeFirstOrThrow();
	const a = await attemptWithPaper(t.db, f.attempt_id!);
	return { ...f, attempt: a, questions: (JSON.parse(a.paper) as Paper).questions };
}

async function chain(attemptId: string, items: [string, string | null, number][], from = 1, prev?: string) {
	const out: AnswerEvent[] = [];
	let h = prev ?? attemptId;
	for (const [i, [q, c, e]] of items.entries()) {
		const ev = await chainEvent(h, { seq: from + i, questionId: q, choice: c, at: T0, elapsedMs: e });
		out.push(ev);
		h = ev.hash;
	}
	return out;
}

const seatOf = (g: Awaited<ReturnType<typeof grid>>, label: string) =>
	g.seats.find((s) => s.label === label)!;
const deviceOf = (g: Awaited<ReturnType<typeof grid>>, id: string) => g.devices.find((d) => d.id === id)!;

beforeAll(async () => {
	t = await openTestDb();
	await seedDemo(t.db, { now: T0 - DAY });
	organiserId = (
		await t.db.selectFrom('app_user').select('id').where('role', '=', 'organiser').executeTakeFirstOrThrow()
	).id;
	await seatFinalists(t.db, {
		count: 4,
		name: 'Bảng Điều Khiển',
		phonePrefix: '09730000',
		idPrefix: '0820900088',
		organiserId,
		at: T0
	});
});
afterAll(async () => t.drop());

describe('the console', () => {
	it('refuses a start outside the round’s window, and starts inside it once the organiser moves it', async () => {
		// The demo's final opens 60 days after T0 (seeded a day before T0 with opens = seed + 61 days).
		const early = await act({ action: 'start' }, T0);
		expect(early).toMatchObject({ ok: false, code: 'outsideWindow' });
		await t.db
			.updateTable('round')
			.set({ opens_at: T0 - DAY, closes_at: T0 + 60_000 })
			.where('id', '=', 'final')
			.execute();
		const late = await act({ action: 'start' }, T0 + 60_000);
		expect(late).toMatchObject({ ok: false, code: 'outsideWindow' });
		expect((await grid(T0)).room.startedAt).toBeNull();
		await t.db
			.updateTable('round')
			.set({ opens_at: T0 - DAY, closes_at: T0 + 30 * DAY })
			.where('id', '=', 'final')
			.execute();
	});

	it('shares one grid among the consoles reading within a second; a proctor’s action is read at once', async () => {
		const read = async (at: number) => {
			const g = (await sharedGrid(t.db, ROOM, at)).grid;
			if (!g.ok) throw new Error(g.code);
			return g;
		};
		const first = await read(T0 + 100);
		await t.db.updateTable('room').set({ name: 'Phòng đổi tên' }).where('id', '=', ROOM).execute();
		// Within a second: the grid already made, and the clock it was made at.
		const shared = await read(T0 + 900);
		expect([shared.room.name, shared.now]).toEqual([first.room.name, T0 + 100]);
		const later = await read(T0 + 1200);
		expect([later.room.name, later.now]).toEqual(['Phòng đổi tên', T0 + 1200]);
		// An action forgets the room's grid: the next read, 100 ms on, shows what it did.
		const code = await act({ action: 'enrolCode' }, T0 + 1300);
		expect(code.ok && (await read(T0 + 1400)).room.enrolCode).toBe(code.ok && code.code);
		// The bytes a console receives: the same grid, gzipped for a browser that accepts it.
		const bytes = await sharedGrid(t.db, ROOM, T0 + 1450);
		expect(JSON.parse(gunzipSync(await bytes.gzip()).toString('utf8'))).toEqual(
			JSON.parse(JSON.stringify(bytes.grid))
		);
		await t.db.updateTable('room').set({ name: first.room.name }).where('id', '=', ROOM).execute();
	});

	it('lays the room out: a default from the seat count, and rows × columns the organiser sets', async () => {
		expect(defaultLayout(10)).toEqual({ rows: 3, cols: 4 });
		expect(defaultLayout(1)).toEqual({ rows: 1, cols: 1 });
		expect(roomLayout('{}', 30)).toEqual({ rows: 5, cols: 6, custom: false });
		expect((await grid(T0)).layout).toEqual({ rows: 3, cols: 4, custom: false });
		const small = await setRoomLayout(t.db, { roomId: ROOM, rows: 3, cols: 3, actorId: organiserId }, T0);
		expect(small).toEqual({ ok: false, code: 'tooSmall', cells: 9, seats: 10 });
		expect(await setRoomLayout(t.db, { roomId: ROOM, rows: 0, cols: 3, actorId: organiserId }, T0)).toEqual({
			ok: false,
			code: 'invalid'
		});
		expect(await setRoomLayout(t.db, { roomId: ROOM, rows: 2, cols: 5, actorId: organiserId }, T0)).toEqual({
			ok: true,
			rows: 2,
			cols: 5
		});
		expect((await grid(T0)).layout).toEqual({ rows: 2, cols: 5, custom: true });
		// Keys other areas keep in the room's settings survive.
		const room = await t.db
			.selectFrom('room')
			.select('settings')
			.where('id', '=', ROOM)
			.executeTakeFirstOrThrow();
		expect(JSON.parse(room.settings)).toMatchObject({ maxLateStartS: 600, layout: { rows: 2, cols: 5 } });
	});

	it('runs a room: absent finalists, questions answered, codes kept, safe to wipe only when the server holds all', async () => {
		const tab1 = await enrol('tab-1', 'room-1-s1', T0 + 1000);
		const tab2 = await enrol('tab-2', 'room-1-s2', T0 + 1000);
		const tab3 = await enrol('tab-3', 'room-1-s3', T0 + 1000);
		// Ghế 4's finalist has a tablet but never signs in.
		const tab4 = await enrol('tab-4', 'room-1-s4', T0 + 1000);
		const f1 = await seatFinalist('room-1-s1');
		const f2 = await seatFinalist('room-1-s2');
		const f3 = await seatFinalist('room-1-s3');
		const f4 = await seatFinalist('room-1-s4');
		for (const [tok, f] of [
			[tab1, f1],
			[tab2, f2],
			[tab3, f3]
		] as const)
			await heartbeat(t.db, tok, { signedIn: { finalistId: f.id, at: T0 + 2000 } }, T0 + 2000);
		const before = await grid(T0 + 3000);
		expect(seatOf(before, 'Ghế 4')).toMatchObject({ present: false, absent: false });
		expect(seatOf(before, 'Ghế 1')).toMatchObject({ present: true, absent: false });

		const S = T0 + 10_000;
		const started = await act({ action: 'start' }, S);
		expect(started.ok).toBe(true);

		// Ghế 1: three events on two questions (one answer changed) → 2 questions answered.
		const q1 = f1.questions;
		const ev1 = await chain(f1.attempt.id, [
			[q1[0].id, q1[0].options[0].id, 5000],
			[q1[1].id, q1[1].options[0].id, 6000],
			[q1[0].id, q1[0].options[1].id, 7000]
		]);
		await ingestBatch(t.db, f1.attempt.id, { deviceId: 'tab-1', events: ev1 }, S + 8000);
		// Ghế 2: one answer sent, then the tablet goes offline; it had said "nothing unsent" while running.
		const q2 = f2.questions;
		const ev2 = await chain(f2.attempt.id, [[q2[0].id, q2[0].options[0].id, 4000]]);
		await ingestBatch(t.db, f2.attempt.id, { deviceId: 'tab-2', events: ev2 }, S + 5000);
		await heartbeat(
			t.db,
			tab2,
			{ unsent: 0, lastSeqs: { [f2.attempt.id]: 1 }, heads: { [f2.attempt.id]: ev2[0].hash } },
			S + 6000
		);
		// Ghế 3: answers sent and reported.
		const q3 = f3.questions;
		const ev3 = await chain(f3.attempt.id, [[q3[0].id, q3[0].options[0].id, 4000]]);
		await ingestBatch(t.db, f3.attempt.id, { deviceId: 'tab-3', events: ev3 }, S + 5000);
		await heartbeat(
			t.db,
			tab1,
			{ unsent: 0, lastSeqs: { [f1.attempt.id]: 3 }, heads: { [f1.attempt.id]: ev1[2].hash } },
			S + 9000
		);
		await heartbeat(
			t.db,
			tab3,
			{ unsent: 0, lastSeqs: { [f3.attempt.id]: 1 }, heads: { [f3.attempt.id]: ev3[0].hash } },
			S + 9000
		);
		await heartbeat(t.db, tab4, { unsent: 0, lastSeqs: {} }, S + 9000);

		const running = await grid(S + 9500);
		expect(seatOf(running, 'Ghế 1').answered).toBe(2);
		expect(seatOf(running, 'Ghế 3').answered).toBe(1);
		// Ghế 3 then clears its one answer: the grid counts answers, and a cleared one is none
		// (read from the events added since the last poll).
		const clear3 = await chain(f3.attempt.id, [[q3[0].id, null, 8000]], 2, ev3[0].hash);
		await ingestBatch(t.db, f3.attempt.id, { deviceId: 'tab-3', events: clear3 }, S + 9600);
		await heartbeat(
			t.db,
			tab3,
			{ unsent: 0, lastSeqs: { [f3.attempt.id]: 2 }, heads: { [f3.attempt.id]: clear3[0].hash } },
			S + 9700
		);
		expect(seatOf(await grid(S + 9800), 'Ghế 3').answered).toBe(0);
		expect(seatOf(running, 'Ghế 4')).toMatchObject({ present: false, absent: true });
		// While attempts run nothing is safe to wipe, whatever the tablets said.
		expect(running.devices.filter((d) => d.allSent).map((d) => d.id)).toEqual([]);
		// Ghế 2's tablet stopped at S + 6000: offline by the server's rule (3 s).
		expect(deviceOf(running, 'tab-2').online).toBe(false);
		expect(deviceOf(running, 'tab-1').online).toBe(true);

		// Pause and resume the room, extend Ghế 3: every code stays listed with its time.
		const pause = await act({ action: 'pause' }, S + 20_000);
		const resume = await act({ action: 'resume' }, S + 30_000);
		const extend = await act({ action: 'extend', seatId: 'room-1-s3', minutes: 4 }, S + 31_000);
		if (!pause.ok || !resume.ok || !extend.ok) throw new Error('action refused');
		const listed = (await grid(S + 32_000)).codes;
		expect(listed.map((c) => [c.action, c.at, c.code, c.seatId])).toEqual([
			['extend', S + 31_000, extend.code, 'room-1-s3'],
			['resume', S + 30_000, resume.code, null],
			['pause', S + 20_000, pause.code, null]
		]);
		const { codeKey } = await deriveRoomKeys(started.ok ? started.code! : '', ROOM);
		expect(await checkShortCode(codeKey, ROOM, '', pause.code!)).toMatchObject({ action: 'P', seat: '*' });

		// Meanwhile Ghế 2's tablet, offline, made 3 more answers it could not send.
		const more2 = await chain(
			f2.attempt.id,
			[
				[q2[1].id, q2[1].options[0].id, 40_000],
				[q2[2].id, q2[2].options[0].id, 41_000],
				[q2[3].id, q2[3].options[0].id, 42_000]
			],
			2,
			ev2[0].hash
		);

		const L = S + 60_000;
		const locked = await act({ action: 'lock' }, L);
		expect(locked.ok && locked.code).toMatch(/^K/);
		// After the lock: no extension, no move, and no "lost" for a tablet that has sent everything.
		expect(await act({ action: 'extend', seatId: 'room-1-s1', minutes: 2 }, L + 1000)).toMatchObject({
			ok: false,
			code: 'lockedNoExtend'
		});
		// A seat the room does not have is no seat, locked or not (it said "locked" before).
		expect(await act({ action: 'extend', seatId: 'room-1-s99', minutes: 2 }, L + 1000)).toMatchObject({
			ok: false,
			code: 'noSeat'
		});
		const spare = await enrol('spare-1', null, L + 1000);
		expect(spare.kind).toBe('device');
		expect(await act({ action: 'move', finalistId: f1.id, deviceId: 'spare-1' }, L + 1000)).toMatchObject({
			ok: false,
			code: 'lockedNoMove'
		});

		// Tablets 1, 3, 4 report after the lock; Ghế 1's report claims more than the server holds.
		await heartbeat(t.db, tab1, { unsent: 0, lastSeqs: { [f1.attempt.id]: 4 } }, L + 2000);
		await heartbeat(t.db, tab3, { unsent: 0, lastSeqs: { [f3.attempt.id]: 2 } }, L + 2000);
		await heartbeat(t.db, tab4, { unsent: 0, lastSeqs: {} }, L + 2000);
		let g = await grid(L + 2500);
		expect(deviceOf(g, 'tab-3').allSent).toBe(true);
		expect(deviceOf(g, 'tab-4').allSent).toBe(true);
		expect(deviceOf(g, 'tab-1').allSent).toBe(false);
		// The offline tablet with 3 unsent answers is never safe: it last reported before the lock.
		expect(deviceOf(g, 'tab-2')).toMatchObject({ allSent: false, online: false, unsent: 0 });
		expect(await act({ action: 'declareLost', finalistId: f3.id }, L + 3000)).toMatchObject({
			ok: false,
			code: 'lockedNoLost'
		});

		// A report without the unsent count is not a report of nothing unsent.
		await heartbeat(t.db, tab1, { lastSeqs: { [f1.attempt.id]: 3 } }, L + 4000);
		expect(deviceOf(await grid(L + 4500), 'tab-1').allSent).toBe(false);
		await heartbeat(t.db, tab1, { unsent: 0, lastSeqs: { [f1.attempt.id]: 3 } }, L + 5000);
		expect(deviceOf(await grid(L + 5500), 'tab-1').allSent).toBe(true);

		// Ghế 2's tablet returns: it reports 3 unsent first, then sends them, then reports none.
		await heartbeat(
			t.db,
			tab2,
			{ unsent: 3, lastSeqs: { [f2.attempt.id]: 4 }, heads: { [f2.attempt.id]: more2[2].hash } },
			L + 10_000
		);
		g = await grid(L + 10_500);
		expect(deviceOf(g, 'tab-2')).toMatchObject({ allSent: false, online: true, unsent: 3 });
		expect(seatOf(g, 'Ghế 2').answered).toBe(1);
		await ingestBatch(t.db, f2.attempt.id, { deviceId: 'tab-2', events: more2 }, L + 11_000);
		// The events arrived after its last report: not safe until it reports again. Made before
		// the lock in active time, its three answers count (the grid reads them, not its last poll).
		g = await grid(L + 11_500);
		expect(deviceOf(g, 'tab-2').allSent).toBe(false);
		expect(seatOf(g, 'Ghế 2').answered).toBe(4);
		await heartbeat(
			t.db,
			tab2,
			{ unsent: 0, lastSeqs: { [f2.attempt.id]: 4 }, heads: { [f2.attempt.id]: more2[2].hash } },
			L + 12_000
		);
		expect(deviceOf(await grid(L + 12_500), 'tab-2').allSent).toBe(true);

		// Ghế 4 stays absent after the lock, not "collected 0/30".
		g = await grid(L + 13_000);
		expect(seatOf(g, 'Ghế 4')).toMatchObject({ absent: true, present: false });
		expect(seatOf(g, 'Ghế 4').state?.status).toBe('locked');
		expect(f4.sbd).toMatch(/^CK/);
	});

	it('writes the minutes with labels, absent finalists, and incidents as sentences in the reader’s language', async () => {
		// An incident row from before migration 0013: no params, its sentence kept.
		await t.db
			.insertInto('incident')
			.values({
				room_id: ROOM,
				seat_id: null,
				at: T0 + 500_000,
				kind: 'old',
				note: 'Ghi chú cũ.',
				actor_id: null
			})
			.execute();
		const read = async (locale: 'vi' | 'en') => {
			const buf = await roomMinutesXlsx(t.db, ROOM, T0 + 600_000, locale);
			const book = new ExcelJS.Workbook();
			await book.xlsx.load(buf! as unknown as ArrayBuffer);
			const cells = (i: number) =>
				book.worksheets[i]
					.getSheetValues()
					.flatMap((row) => (Array.isArray(row) ? row.filter((v) => v != null).map(String) : []));
			return { minutes: cells(0), results: book.worksheets[1].getSheetValues() as unknown[][] };
		};
		const vi = await read('vi');
		const en = await read('en');
		const all = [
			...vi.minutes,
			...vi.results
				.flat()
				.filter((v) => v != null)
				.map(String)
		];
		for (const raw of ['locked', 'lock', 'room.lock', 'submitted', 'running', 'extend'])
			expect(all).not.toContain(raw);
		expect(vi.minutes.join('\n')).not.toMatch(/room\.\w+/);
		const f4 = await seatFinalist('room-1-s4');
		const row4 = vi.results.find((r) => Array.isArray(r) && r[1] === 'Ghế 4')!;
		expect(row4.slice(1, 6)).toEqual(['Ghế 4', f4.sbd, 'Bảng Điều Khiển 3', 'Không', 'Vắng mặt']);
		const row1 = vi.results.find((r) => Array.isArray(r) && r[1] === 'Ghế 1')!;
		expect([row1[4], row1[5], row1[9]]).toEqual(['Có', 'Đã thu bài', 'Giám thị khóa phòng']);
		expect(vi.minutes).toContain('Thí sinh vắng mặt');
		expect(vi.minutes.some((c) => c.includes(`Ghế 4 — ${f4.sbd}`))).toBe(true);
		expect(vi.minutes.some((c) => c.includes('Ghế 3 Gia hạn 4 phút.'))).toBe(true);
		expect(vi.minutes.some((c) => c.includes('Gia hạn 4 phút cho ghế Ghế 3'))).toBe(true);
		expect(vi.minutes).toContain('Khóa phòng (thu bài)');
		expect(vi.minutes).toContain('Ghi chú cũ.');
		expect(vi.minutes).toContain('Bố trí ghế: 2 hàng × 5 cột');
		expect(en.minutes.some((c) => c.includes('Ghế 3 Extended by 4 minutes.'))).toBe(true);
		expect(en.minutes).toContain('Room locked (attempts collected)');
		expect(en.minutes).toContain('Finalists absent');
		const enRow4 = en.results.find((r) => Array.isArray(r) && r[1] === 'Ghế 4')!;
		expect([enRow4[4], enRow4[5]]).toEqual(['No', 'Absent']);
		// Time used in seconds to a tenth, as the ranking's export gives it (whole seconds rounded,
		// a review read 99 here and 1:38 on the results page for 98,698 ms): Ghế 2's made so.
		await t.db
			.updateTable('attempt')
			.set({ time_used_ms: 98_698 })
			.where('id', '=', (eb) =>
				eb.selectFrom('finalist').select('attempt_id').where('seat_id', '=', `${ROOM}-s2`)
			)
			.execute();
		const again = await read('vi');
		const used = await t.db
			.selectFrom('finalist')
			.innerJoin('attempt', 'attempt.id', 'finalist.attempt_id')
			.innerJoin('seat', 'seat.id', 'finalist.seat_id')
			.select(['seat.label', 'attempt.time_used_ms'])
			.where('finalist.room_id', '=', 'room-1')
			.where('attempt.time_used_ms', 'is not', null)
			.execute();
		expect(used.length).toBeGreaterThan(0);
		for (const u of used) {
			const row = again.results.find((r) => Array.isArray(r) && r[1] === u.label)!;
			expect([u.label, row[8]]).toEqual([u.label, Math.round(Number(u.time_used_ms) / 100) / 10]);
		}
		expect(again.results.find((r) => Array.isArray(r) && r[1] === 'Ghế 2')![8]).toBe(98.7);
	});
});
