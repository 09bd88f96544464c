// The console offers what the server will do: for every tablet the grid's `mayWipe` says whether
// a wipe of it would be accepted, and `mayMoveTo` whether a finalist may be moved to it (unless it
// is their own tablet); for every seat `mayMove` whether its finalist may be moved at all. At each moment of a sitting — before the start, running, after a move, a
// submission, a finalist declared lost, an attempt past its deadline, the lock — every wipe and
// every move is tried (in a transaction rolled back, so the room goes on as it was): offered ⇒
// accepted, not offered ⇒ refused. On SQLite and PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import type { Db } from '../../src/lib/server/db';
import type { TestDb } from './testdb';
import { enrolDevice, heartbeat, roomAction, roomGrid } from '../../src/lib/server/venue';
import { attemptDeadline, ingestBatch, submitAttempt } from '../../src/lib/server/attempts';
import { postRights } from '../../src/lib/server/access';
import { chainEvent, type AnswerEvent } from '../../src/lib/exam/events';
import type { Paper } from '../../src/lib/exam/paper';
import type { TokenClaims } from '../../src/lib/server/tokens';
import { attemptWithPaper, enrolTablet } from './venue-fixture';
import { openRoomWithTablets } from './final-room';

let t: TestDb;
let organiser = '';
const secret = randomBytes(32);
const T0 = Date.UTC(2026, 11, 2, 1, 0);
const START = T0 + 1200_000;
const ROOM = 'room-1';
let seats: { attemptId: string; seatId: string; token: TokenClaims }[] = [];
const seat = (i: number) => seats[i - 1];
const tokens = new Map<string, TokenClaims>();

beforeAll(async () => {
	let seated;
	({
		t,
		organiser,
		seats: seated
	} = await openRoomWithTablets(
		T0,
		{ name: 'Đề Nghị', phonePrefix: '09790000', idPrefix: '0820900079' },
		secret,
		['tab-1', 'tab-2', 'tab-3', 'tab-4']
	));
	seats = seated;
	seats.forEach((s, i) => tokens.set(`tab-${i + 1}`, s.token));
	// A spare approved, and a tablet that asked to join and was never approved.
	tokens.set('spare-a', await enrol('spare-a', null, START - 120_000));
	const code = await roomAction(t.db, ROOM, organiser, { action: 'enrolCode' }, START - 110_000);
	if (!code.ok) throw new Error('no code');
	const e = await enrolDevice(
		t.db,
		secret,
		{ code: code.code!, deviceId: 'pend-1', label: 'pend-1' },
		START - 100_000
	);
	if (!e.ok) throw new Error(e.code);
});
afterAll(async () => t.drop());

const act = (a: Parameters<typeof roomAction>[3], at: number) => roomAction(t.db, ROOM, organiser, a, at);
const enrol = (deviceId: string, seatId: string | null, at: number) =>
	enrolTablet(t.db, secret, { roomId: ROOM, actorId: organiser, deviceId, seat: seatId, at });

const ROLLBACK = Symbol('rollback');

/**
 * What the action answers at `at`, run whole (its checks, its writes, its audit entry) inside a
 * transaction that is then rolled back: the database, to the action, is that transaction.
 */
async function tried(a: Parameters<typeof roomAction>[3], at: number) {
	let result: Awaited<ReturnType<typeof roomAction>> | undefined;
	await t.db
		.transaction()
		.execute(async (tx) => {
			const inside = new Proxy(tx, {
				get(target, p) {
					// Its own transactions are this one.
					if (p === 'transaction') return () => ({ execute: <R>(fn: (d: Db) => Promise<R>) => fn(tx) });
					const v = Reflect.get(target, p, target) as unknown;
					return typeof v === 'function' ? (v as (...x: unknown[]) => unknown).bind(target) : v;
				}
			}) as Db;
			result = await roomAction(inside, ROOM, organiser, a, at);
			throw ROLLBACK;
		})
		.catch((e: unknown) => {
			if (e !== ROLLBACK) throw e;
		});
	return result!;
}

type Grid = Extract<Awaited<ReturnType<typeof roomGrid>>, { ok: true }>;

/**
 * Every wipe and every move tried at `at` against what the grid offers; the grid, for the
 * assertions on what each moment should offer. A tablet already wiped is not offered again,
 * though the server would accept it (it would only add to the minutes).
 */
async function offersMatch(at: number): Promise<Grid> {
	const g = await roomGrid(t.db, ROOM, at);
	if (!g.ok) throw new Error(g.code);
	const wrong: string[] = [];
	for (const d of g.devices) {
		const r = await tried({ action: 'wipe', deviceId: d.id }, at);
		const expected = d.mayWipe || d.status === 'wiped';
		if (r.ok !== expected) wrong.push(`wipe ${d.id}: offered ${d.mayWipe}, answered ${JSON.stringify(r)}`);
	}
	for (const s of g.seats) {
		if (!s.finalist) continue;
		for (const d of g.devices) {
			const offered = s.mayMove && d.mayMoveTo && d.id !== s.device?.id;
			const r = await tried({ action: 'move', finalistId: s.finalist.id, deviceId: d.id }, at);
			if (r.ok !== offered)
				wrong.push(`move ${s.label} → ${d.id}: offered ${offered}, answered ${JSON.stringify(r)}`);
		}
	}
	expect(wrong).toEqual([]);
	// The rolled-back tries left the room as it was.
	const again = await roomGrid(t.db, ROOM, at);
	expect(again.ok && again.devices.map((d) => [d.id, d.status, d.seatId])).toEqual(
		g.devices.map((d) => [d.id, d.status, d.seatId])
	);
	return g;
}

const offers = (g: Grid) =>
	Object.fromEntries(g.devices.map((d) => [d.id, { wipe: d.mayWipe, moveTo: d.mayMoveTo }]));

const chains = new Map<string, { prev: string; seq: number }>();
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
const post = (deviceId: string, attemptId: string, events: AnswerEvent[], at: number) =>
	ingestBatch(t.db, attemptId, { deviceId, events }, at, postRights(tokens.get(deviceId)!, attemptId));
const beat = (deviceId: string, body: Parameters<typeof heartbeat>[2], at: number) =>
	heartbeat(t.db, tokens.get(deviceId)!, body, at);
const finalistAt = (i: number) =>
	t.db
		.selectFrom('finalist')
		.select(['id', 'sbd'])
		.where('seat_id', '=', seat(i).seatId)
		.executeTakeFirstOrThrow();

describe('the console’s offers', () => {
	it('before the start: every tablet may be wiped; only a tablet serving nobody takes a finalist', async () => {
		const g = await offersMatch(START - 60_000);
		expect(offers(g)).toEqual({
			'tab-1': { wipe: true, moveTo: false },
			'tab-2': { wipe: true, moveTo: false },
			'tab-3': { wipe: true, moveTo: false },
			'tab-4': { wipe: true, moveTo: false },
			'spare-a': { wipe: true, moveTo: true },
			'pend-1': { wipe: true, moveTo: false }
		});
	});

	it('running: no tablet in an exam is offered; a spare is, once it reports all sent', async () => {
		expect((await act({ action: 'start' }, START)).ok).toBe(true);
		let g = await offersMatch(START + 10_000);
		expect(offers(g)['spare-a']).toEqual({ wipe: false, moveTo: true });
		expect(offers(g)['tab-1']).toEqual({ wipe: false, moveTo: false });
		await beat('spare-a', { unsent: 0, lastSeqs: {} }, START + 11_000);
		g = await offersMatch(START + 12_000);
		expect(offers(g)['spare-a']).toEqual({ wipe: true, moveTo: true });
	});

	it('after a move: the spare is in use, the tablet left is not wiped until it has sent all, after the close', async () => {
		const a1 = seat(1).attemptId;
		expect(await post('tab-1', a1, await answers('tab-1', a1, 2, 20_000), START + 22_000)).toMatchObject({
			acked: 2
		});
		await beat('tab-1', { unsent: 0, lastSeqs: { [a1]: 2 } }, START + 23_000);
		const f1 = await finalistAt(1);
		expect((await act({ action: 'move', finalistId: f1.id, deviceId: 'spare-a' }, START + 30_000)).ok).toBe(
			true
		);
		let g = await offersMatch(START + 31_000);
		expect(offers(g)['spare-a']).toEqual({ wipe: false, moveTo: false });
		expect(offers(g)['tab-1']).toEqual({ wipe: false, moveTo: true });
		// No seat row shows tab-1 any more: seat 1's is the spare.
		expect(g.seats.find((s) => s.seatId === seat(1).seatId)!.device!.id).toBe('spare-a');

		// The finalist finishes on the spare; tab-1 reports after that it has nothing unsent.
		await beat('spare-a', { unsent: 0, lastSeqs: { [a1]: 1 } }, START + 40_000);
		expect(await post('spare-a', a1, await answers('spare-a', a1, 1, 40_000), START + 41_000)).toMatchObject({
			acked: 1
		});
		const submitted = await submitAttempt(
			t.db,
			secret,
			a1,
			{ deviceId: 'spare-a', lastSeq: 1, reason: 'candidate' },
			START + 42_000,
			postRights(tokens.get('spare-a')!, a1)
		);
		expect(submitted).toMatchObject({ ok: true, status: 'submitted' });
		g = await offersMatch(START + 43_000);
		// Seat 1's finalist has submitted: moved nowhere any more; the others still may be.
		expect(g.seats.filter((s) => s.finalist && !s.mayMove).map((s) => s.seatId)).toEqual([seat(1).seatId]);
		expect(offers(g)['tab-1']).toEqual({ wipe: false, moveTo: true });
		expect(offers(g)['spare-a']).toEqual({ wipe: false, moveTo: true });
		await beat('tab-1', { unsent: 0, lastSeqs: { [a1]: 2 } }, START + 44_000);
		g = await offersMatch(START + 45_000);
		expect(offers(g)['tab-1']).toEqual({ wipe: true, moveTo: true });
		// Wiped: gone from the offers (a second wipe would only add to the minutes).
		expect(await act({ action: 'wipe', deviceId: 'tab-1' }, START + 46_000)).toEqual({ ok: true });
		g = await offersMatch(START + 47_000);
		expect(offers(g)['tab-1']).toEqual({ wipe: false, moveTo: false });
	});

	it('a finalist declared lost whose exam is still open on the tablet: no wipe offered', async () => {
		const f2 = await finalistAt(2);
		expect((await act({ action: 'declareLost', finalistId: f2.id }, START + 50_000)).ok).toBe(true);
		const g = await offersMatch(START + 51_000);
		expect(offers(g)['tab-2']).toEqual({ wipe: false, moveTo: false });
	});

	it('past the deadline and grace: a tablet whose finalist was declared lost is offered, the others not', async () => {
		const f3 = await finalistAt(3);
		expect((await act({ action: 'declareLost', finalistId: f3.id }, START + 60_000)).ok).toBe(true);
		const a = await t.db
			.selectFrom('attempt')
			.selectAll()
			.where('id', '=', seat(3).attemptId)
			.executeTakeFirstOrThrow();
		const over = attemptDeadline(a)! + a.grace_ms + 1000;
		const g = await offersMatch(over);
		expect(offers(g)['tab-2']).toEqual({ wipe: true, moveTo: true });
		expect(offers(g)['tab-3']).toEqual({ wipe: true, moveTo: true });
		expect(offers(g)['tab-4']).toEqual({ wipe: false, moveTo: true });
	});

	it('after the lock: no move is offered; a wipe as each tablet has sent', async () => {
		const L = START + 100_000;
		expect((await act({ action: 'lock' }, L)).ok).toBe(true);
		let g = await offersMatch(L + 1000);
		expect(g.devices.filter((d) => d.mayMoveTo)).toEqual([]);
		expect(offers(g)['tab-4'].wipe).toBe(false);
		await beat('tab-4', { unsent: 0, lastSeqs: {} }, L + 2000);
		g = await offersMatch(L + 3000);
		expect(offers(g)['tab-4'].wipe).toBe(true);
	});
});
