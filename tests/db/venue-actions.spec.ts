// The proctor's actions refuse what a security review did with them over HTTP, and write nothing
// when they refuse: (A) an empty or unknown seat id, (B) extending, pausing or resuming an attempt
// that has ended, and extensions beyond the attempt's own duration, (C) moving a finalist onto a
// tablet in another finalist's exam, (D) wiping a tablet that may hold answers the server lacks,
// or that serves an exam still open. On SQLite and PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import type { TestDb } from './testdb';
import { actionBody, deviceMayPost, heartbeat, roomAction, roomGrid } from '../../src/lib/server/venue';
import { attemptDeadline, ingestBatch, submitAttempt } from '../../src/lib/server/attempts';
import { postRights } from '../../src/lib/server/access';
import { parseBody, refusal } from '../../src/lib/server/http';
import { failure, refusalOf } from '../../src/lib/server/failure';
import { chainEvent, type AnswerEvent } from '../../src/lib/exam/events';
import type { Paper } from '../../src/lib/exam/paper';
import type { TokenClaims } from '../../src/lib/server/tokens';
import { attemptWithPaper, enrolTablet } from './venue-fixture';
import { openRoomWithTablets } from './final-room';

let t: TestDb;
let organiser = '';
const secret = randomBytes(32);
const T0 = Date.UTC(2026, 11, 1, 1, 0);
const START = T0 + 1200_000;
const ROOM = 'room-1';
/** Seat i (1-based) of the room: its seat id, its finalist's attempt and its tablet's token. */
let seats: { attemptId: string; seatId: string; token: TokenClaims }[] = [];
const seat = (i: number) => seats[i - 1];

beforeAll(async () => {
	let seated;
	({
		t,
		organiser,
		seats: seated
	} = await openRoomWithTablets(
		T0,
		{ name: 'Thao Tác', phonePrefix: '09780000', idPrefix: '0820900078' },
		secret,
		['tab-1', 'tab-2', 'tab-3', 'tab-4', 'tab-5', 'tab-6']
	));
	seats = seated;
	// Before the start no tablet holds an answer: a spare enrolled by mistake may be wiped.
	await enrol('tab-early', null, START - 60_000);
	expect(await act({ action: 'wipe', deviceId: 'tab-early' }, START - 30_000)).toEqual({ ok: true });
	expect((await act({ action: 'start' }, START)).ok).toBe(true);
});
afterAll(async () => t.drop());

const act = (a: Parameters<typeof roomAction>[3], at: number) => roomAction(t.db, ROOM, organiser, a, at);
const enrol = (deviceId: string, seatId: string | null, at: number) =>
	enrolTablet(t.db, secret, { roomId: ROOM, actorId: organiser, deviceId, seat: seatId, at });

const finalistAt = (i: number) =>
	t.db
		.selectFrom('finalist')
		.select(['id', 'sbd', 'device_id', 'lost'])
		.where('seat_id', '=', seat(i).seatId)
		.executeTakeFirstOrThrow();

const attemptAt = (i: number) =>
	t.db.selectFrom('attempt').selectAll().where('id', '=', seat(i).attemptId).executeTakeFirstOrThrow();

/** Everything a proctor's action may write: a refusal must leave all of it as it was. */
async function written() {
	const { db } = t;
	const n = async (q: Promise<{ n: string | number | bigint }>) => Number((await q).n);
	return {
		incidents: await n(db.selectFrom('incident').select(db.fn.countAll().as('n')).executeTakeFirstOrThrow()),
		audit: await n(db.selectFrom('audit_log').select(db.fn.countAll().as('n')).executeTakeFirstOrThrow()),
		pauses: await db
			.selectFrom('pause')
			.select(['id', 'attempt_id', 'from_at', 'to_at'])
			.orderBy('id')
			.execute(),
		room: await db
			.selectFrom('venue_room')
			.select('status')
			.where('room_id', '=', ROOM)
			.executeTakeFirstOrThrow(),
		attempts: await db
			.selectFrom('attempt')
			.select(['id', 'status', 'extension_ms', 'paused_ms', 'paused_since'])
			.where('mode', '=', 'venue')
			.orderBy('id')
			.execute(),
		devices: await db.selectFrom('device').select(['id', 'status', 'seat_id']).orderBy('id').execute(),
		finalists: await db.selectFrom('finalist').select(['id', 'device_id', 'lost']).orderBy('id').execute(),
		attemptDevices: await db
			.selectFrom('attempt_device')
			.select(['attempt_id', 'device_id', 'moved_at_elapsed_ms'])
			.orderBy('attempt_id')
			.orderBy('device_id')
			.execute()
	};
}

/** `action` at `at` is refused with `code` (and `params`), and writes nothing. */
async function refused(
	a: Parameters<typeof roomAction>[3],
	at: number,
	code: string,
	params?: Record<string, string | number>
) {
	const before = await written();
	const r = await act(a, at);
	expect(r, JSON.stringify(a)).toEqual(params ? { ok: false, code, params } : { ok: false, code });
	expect(await written(), JSON.stringify(a)).toEqual(before);
}

const chains = new Map<string, { prev: string; seq: number }>();

/** The tablet's next `n` answers on the attempt, the first made at `elapsedMs`. */
async function answers(deviceId: string, attemptId: string, n: number, elapsedMs: number) {
	const key = `${deviceId} ${attemptId}`;
	const paper = JSON.parse((await attemptWithPaper(t.db, attemptId)).paper) as Paper;
	const out: AnswerEvent[] = [];
	for (let i = 0; i < n; i++) {
		const chain = chains.get(key) ?? { prev: attemptId, seq: 0 };
		const q = paper.questions[chain.seq];
		const e = await chainEvent(chain.prev, {
			seq: chain.seq + 1,
			questionId: q.id,
			choice: q.options[0].id,
			at: START + elapsedMs + i,
			elapsedMs: elapsedMs + i
		});
		chains.set(key, { prev: e.hash, seq: e.seq });
		out.push(e);
	}
	return out;
}

/** Posted with the tablet's own rights, as its sync (and its uploaded log) are. */
async function post(claims: TokenClaims, attemptId: string, events: AnswerEvent[], at: number) {
	return ingestBatch(
		t.db,
		attemptId,
		{ deviceId: claims.deviceId, events },
		at,
		postRights(claims, attemptId)
	);
}

describe('the proctor’s actions', () => {
	it('A: a seat id is never empty, and one not of this room is refused, not read as another seat', async () => {
		const parsed = (body: unknown) => {
			try {
				parseBody(JSON.stringify(body), actionBody);
				return 'parsed';
			} catch (e) {
				return refusalOf(e).code;
			}
		};
		for (const body of [
			{ action: 'extend', seatId: '', minutes: 7 },
			{ action: 'pause', seatId: '' },
			{ action: 'resume', seatId: '' },
			{ action: 'incident', seatId: '', note: 'ghế trống' },
			{ action: 'approve', deviceId: 'tab-1', seatId: '' }
		])
			expect(parsed(body), JSON.stringify(body)).toBe('invalidBody');
		expect(parsed({ action: 'pause' })).toBe('parsed');
		expect(parsed({ action: 'extend', seatId: seat(3).seatId, minutes: 7 })).toBe('parsed');

		// Past the schema too (a caller inside the server): the empty id names no seat. It neither
		// extends the room's first attempt nor pauses the whole room under a seat's code.
		const at = START + 10_000;
		await refused({ action: 'extend', seatId: '', minutes: 7 }, at, 'noSeat');
		await refused({ action: 'pause', seatId: '' }, at, 'noSeat');
		for (const other of ['room-1-s99', 'room-2-s1']) {
			await refused({ action: 'extend', seatId: other, minutes: 7 }, at, 'noSeat');
			await refused({ action: 'pause', seatId: other }, at, 'noSeat');
			await refused({ action: 'resume', seatId: other }, at, 'noSeat');
			await refused({ action: 'incident', seatId: other, note: 'ghế lạ' }, at, 'noSeat');
		}

		// The seat named is the seat extended, and its code is for that seat.
		const extended = await act({ action: 'extend', seatId: seat(3).seatId, minutes: 7 }, at + 1000);
		expect(extended.ok).toBe(true);
		const rows = (await written()).attempts;
		expect(rows.filter((r) => r.extension_ms > 0).map((r) => [r.id, r.extension_ms])).toEqual([
			[seat(3).attemptId, 7 * 60_000]
		]);
		const incident = await t.db
			.selectFrom('incident')
			.select(['seat_id', 'kind'])
			.where('kind', '=', 'extend')
			.execute();
		expect(incident).toEqual([{ seat_id: seat(3).seatId, kind: 'extend' }]);
		// The room's pause: for every seat, still without a seat id.
		expect((await act({ action: 'pause' }, at + 2000)).ok).toBe(true);
		expect((await act({ action: 'resume' }, at + 3000)).ok).toBe(true);
	});

	it('B: an attempt that has ended is neither extended, paused nor resumed', async () => {
		// Seat 2 is paused, and its finalist submits (a tablet that had not heard of the pause).
		expect((await act({ action: 'pause', seatId: seat(2).seatId }, START + 15_000)).ok).toBe(true);
		const events = await answers('tab-2', seat(2).attemptId, 2, 5_000);
		expect(await post(seat(2).token, seat(2).attemptId, events, START + 16_000)).toMatchObject({ ok: true });
		const submitted = await submitAttempt(
			t.db,
			secret,
			seat(2).attemptId,
			{ deviceId: 'tab-2', lastSeq: 2, reason: 'candidate' },
			START + 20_000,
			postRights(seat(2).token, seat(2).attemptId)
		);
		expect(submitted).toMatchObject({ ok: true, status: 'submitted' });
		const closed = await attemptAt(2);
		await refused({ action: 'extend', seatId: seat(2).seatId, minutes: 60 }, START + 30_000, 'attemptClosed');
		await refused({ action: 'resume', seatId: seat(2).seatId }, START + 30_000, 'attemptClosed');
		await refused({ action: 'pause', seatId: seat(2).seatId }, START + 30_000, 'attemptClosed');
		expect(await attemptAt(2)).toEqual(closed);
		expect(attemptDeadline(await attemptAt(2))).toBe(attemptDeadline(closed));
	});

	it('B: an attempt’s extensions add up to its own duration at most', async () => {
		const a = await attemptAt(4);
		expect(a.extension_ms).toBe(0);
		const cap = a.duration_ms / 60_000;
		expect(cap).toBe(25); // the demo final's duration
		expect(
			(await act({ action: 'extend', seatId: seat(4).seatId, minutes: cap - 5 }, START + 40_000)).ok
		).toBe(true);
		await refused(
			{ action: 'extend', seatId: seat(4).seatId, minutes: 6 },
			START + 41_000,
			'extensionCapped',
			{ max: cap, left: 5 }
		);
		await refused(
			{ action: 'extend', seatId: seat(4).seatId, minutes: 60 },
			START + 41_000,
			'extensionCapped',
			{ max: cap, left: 5 }
		);
		expect((await act({ action: 'extend', seatId: seat(4).seatId, minutes: 5 }, START + 42_000)).ok).toBe(
			true
		);
		expect((await attemptAt(4)).extension_ms).toBe(a.duration_ms);
		await refused(
			{ action: 'extend', seatId: seat(4).seatId, minutes: 1 },
			START + 43_000,
			'extensionCapped',
			{ max: cap, left: 0 }
		);
	});

	it('C: a finalist is moved only to a tablet that serves nobody whose exam is open', async () => {
		const f1 = await finalistAt(1);
		const f3 = await finalistAt(3);
		// tab-3 sits at seat 3, whose finalist is answering.
		await refused({ action: 'move', finalistId: f1.id, deviceId: 'tab-3' }, START + 100_000, 'spareInUse', {
			device: 'tab-3',
			sbd: f3.sbd
		});
		expect(await deviceMayPost(t.db, seat(3).token, seat(1).attemptId)).toBe(false);
		// A spare takes seat 1's finalist; it is then no spare for seat 6's.
		await enrol('spare-1', null, START + 100_000);
		expect((await act({ action: 'move', finalistId: f1.id, deviceId: 'spare-1' }, START + 101_000)).ok).toBe(
			true
		);
		const f6 = await finalistAt(6);
		await refused({ action: 'move', finalistId: f6.id, deviceId: 'spare-1' }, START + 102_000, 'spareInUse', {
			device: 'spare-1',
			sbd: f1.sbd
		});
		// The tablet of seat 2, whose finalist has submitted, is free.
		expect((await act({ action: 'move', finalistId: f6.id, deviceId: 'tab-2' }, START + 103_000)).ok).toBe(
			true
		);
		expect((await finalistAt(6)).device_id).toBe('tab-2');
	});

	it('D: a tablet is wiped only once the server holds what it has, or its finalist was declared lost', async () => {
		const a3 = seat(3).attemptId;
		const f3 = await finalistAt(3);
		// tab-3 has sent seq 1–2 and reports 3 more unsent (its last seq is 5).
		const made = await answers('tab-3', a3, 5, 200_000);
		expect(await post(seat(3).token, a3, made.slice(0, 2), START + 202_000)).toMatchObject({
			ok: true,
			acked: 2
		});
		await heartbeat(
			t.db,
			seat(3).token,
			{ unsent: 3, lastSeqs: { [a3]: 5 }, heads: { [a3]: made[4].hash } },
			START + 205_000
		);
		// Its finalist's exam is open on it: refused, and the tablet goes on working.
		await refused({ action: 'wipe', deviceId: 'tab-3' }, START + 206_000, 'wipeInUse', {
			device: 'tab-3',
			sbd: f3.sbd
		});
		expect(await deviceMayPost(t.db, seat(3).token, a3)).toBe(true);
		expect('room' in (await heartbeat(t.db, seat(3).token, {}, START + 207_000))).toBe(true);

		// The tablet breaks: the finalist goes on on a spare. The broken tablet still may hold
		// answers the server lacks: refused, and its log can still come in with its token.
		await enrol('spare-2', null, START + 210_000);
		expect((await act({ action: 'move', finalistId: f3.id, deviceId: 'spare-2' }, START + 211_000)).ok).toBe(
			true
		);
		await refused({ action: 'wipe', deviceId: 'tab-3' }, START + 212_000, 'wipeNotSent', { device: 'tab-3' });
		expect(await deviceMayPost(t.db, seat(3).token, a3)).toBe(true);
		// The spare the finalist moved to is not wiped either.
		await refused({ action: 'wipe', deviceId: 'spare-2' }, START + 212_000, 'wipeInUse', {
			device: 'spare-2',
			sbd: f3.sbd
		});

		// The broken tablet is declared lost: what it holds is given up, and it may be wiped. The
		// spare serving the same finalist still may not.
		expect((await act({ action: 'declareLost', finalistId: f3.id }, START + 220_000)).ok).toBe(true);
		await refused({ action: 'wipe', deviceId: 'spare-2' }, START + 221_000, 'wipeInUse', {
			device: 'spare-2',
			sbd: f3.sbd
		});
		expect(await act({ action: 'wipe', deviceId: 'tab-3' }, START + 222_000)).toEqual({ ok: true });
		const wiped = await t.db
			.selectFrom('device')
			.select(['status', 'seat_id'])
			.where('id', '=', 'tab-3')
			.executeTakeFirstOrThrow();
		expect(wiped).toEqual({ status: 'wiped', seat_id: null });
		expect(await deviceMayPost(t.db, seat(3).token, a3)).toBe(false);
		expect(await deviceMayPost(t.db, { kind: 'device', roomId: ROOM, deviceId: 'spare-2' }, a3)).toBe(true);
	});

	it('D: a tablet that has sent everything, after its finalist submitted, may be wiped (the console’s “all sent”)', async () => {
		const a5 = seat(5).attemptId;
		const made = await answers('tab-5', a5, 2, 230_000);
		expect(await post(seat(5).token, a5, made, START + 232_000)).toMatchObject({ ok: true, acked: 2 });
		await heartbeat(
			t.db,
			seat(5).token,
			{ unsent: 0, lastSeqs: { [a5]: 2 }, heads: { [a5]: made[1].hash } },
			START + 233_000
		);
		const submitted = await submitAttempt(
			t.db,
			secret,
			a5,
			{ deviceId: 'tab-5', lastSeq: 2, reason: 'candidate' },
			START + 234_000,
			postRights(seat(5).token, a5)
		);
		expect(submitted).toMatchObject({ ok: true, status: 'submitted' });
		// Its last report came before the submission: not yet "all sent".
		const allSent = async (at: number) => {
			const g = await roomGrid(t.db, ROOM, at);
			if (!g.ok) throw new Error(g.code);
			return g.devices.find((d) => d.id === 'tab-5')!.allSent;
		};
		expect(await allSent(START + 235_000)).toBe(false);
		await refused({ action: 'wipe', deviceId: 'tab-5' }, START + 235_000, 'wipeNotSent', { device: 'tab-5' });
		await heartbeat(
			t.db,
			seat(5).token,
			{ unsent: 0, lastSeqs: { [a5]: 2 }, heads: { [a5]: made[1].hash } },
			START + 236_000
		);
		expect(await allSent(START + 236_500)).toBe(true);
		expect(await act({ action: 'wipe', deviceId: 'tab-5' }, START + 237_000)).toEqual({ ok: true });
	});

	it('B: an attempt past its deadline and grace is not given more time', async () => {
		const a = await attemptAt(6);
		expect(a.status).toBe('running');
		const over = attemptDeadline(a)! + a.grace_ms + 1000;
		await refused({ action: 'extend', seatId: seat(6).seatId, minutes: 5 }, over, 'attemptClosed');
		await refused({ action: 'pause', seatId: seat(6).seatId }, over, 'attemptClosed');
	});

	it('words every new refusal in Vietnamese and English, as a 409', () => {
		const cases = [
			failure('attemptClosed'),
			failure('extensionCapped', { max: 25, left: 5 }),
			failure('spareInUse', { device: 'Máy 3', sbd: 'CK003' }),
			failure('wipeInUse', { device: 'Máy 3', sbd: 'CK003' }),
			failure('wipeNotSent', { device: 'Máy 3' })
		];
		for (const f of cases) {
			const vi = refusal(f, 'vi');
			const en = refusal(f, 'en');
			expect([vi.status, en.status]).toEqual([409, 409]);
			const [mv, me] = [vi, en].map((r) => (r.body as { error: { code: string; message: string } }).error);
			expect([mv.code, me.code]).toEqual([f.code, f.code]);
			expect(mv.message).not.toBe(me.message);
			for (const [k, v] of Object.entries(f.params ?? {})) {
				// The tablet is named after the sentence's own noun, once: "máy 3", "tablet 3".
				expect(mv.message.toLowerCase()).toContain(k === 'device' ? 'máy 3' : String(v).toLowerCase());
				expect(me.message.toLowerCase()).toContain(k === 'device' ? 'tablet 3' : String(v).toLowerCase());
			}
			expect(mv.message).not.toMatch(/máy máy/i);
			expect(me.message).not.toMatch(/máy|tablet tablet/i);
		}
		const notSent = refusal(failure('wipeNotSent', { device: 'Máy 3' }), 'vi').body as {
			error: { message: string; device: string };
		};
		expect(notSent.error.message).toMatch(/^Chưa thể cho phép xóa máy 3:/);
		// The refusal's parameters keep the label as it was typed.
		expect(notSent.error.device).toBe('Máy 3');
	});
});
