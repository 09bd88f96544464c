// The venue's writers sent at once, as a review sent them in parallel. Preparing the room: a
// finalist seated after the room was prepared, then a grid read and eleven actions at once,
// each drew the finalist a paper; one was linked and eleven stayed `waiting`, linked to no one,
// so the final could never be finalised. A removal landing after the room drew a paper left
// that paper's attempt with no one too. The final's list: five candidates added at once got the
// same số báo danh (500s, additions lost), one added five times at once and "choose finalists"
// twice at once ran into the unique keys (500s); "assign seats" three times at once each said it
// had seated everyone. On PostgreSQL a second connection holds the row
// the writers queue on until at least two of them have read, forcing the interleaving the review
// hit; SQLite's one connection runs each transaction whole, and the same bursts show the same
// outcome there.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/lib/server/db';
import { dialectUnderTest, openDemoDb, type TestDb } from './testdb';
import { secondConnection } from './pg-holder';
import { candidate, createRound, takeAttempt, type Person } from './results-fixture';
import { enrolTablet } from './venue-fixture';
import {
	addFinalist,
	assignSeats,
	prepareRoom,
	promoteFinalists,
	removeFinalist,
	roomAction,
	sharedGrid
} from '../../src/lib/server/venue';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 10, 23, 2, 0);
let t: TestDb;
let organiser = '';

beforeAll(async () => {
	({ t, organiser } = await openDemoDb(NOW - DAY));
});
afterAll(async () => t?.drop());

/** Settled outcomes: a refusal by its code, a throw (a 500 at the route) as 'threw'. */
const outcomes = <T>(rs: PromiseSettledResult<T>[]) =>
	rs.map((r) => (r.status === 'rejected' ? 'threw' : r.value));

/**
 * Runs `burst` while a second connection holds `lock` (PostgreSQL): released once at least two of
 * the burst's queries wait on a lock, so every writer that got that far read before any wrote.
 * On SQLite, the burst as it comes.
 */
async function whileHeld<T>(lock: [string, unknown[]], burst: () => Promise<T>): Promise<T> {
	if (dialectUnderTest === 'sqlite') return burst();
	const holder = await secondConnection(t.db);
	const other = holder.client;
	try {
		await other.query('BEGIN');
		await other.query(...lock);
		let settled = false;
		const running = burst().finally(() => (settled = true));
		await holder.queued(2, running);
		expect(settled, 'the burst went ahead past the held row').toBe(false);
		await other.query('COMMIT');
		return await running;
	} finally {
		await other.query('ROLLBACK').catch(() => {});
		await holder.end();
	}
}

const finalistOf = (userId: string) =>
	t.db
		.selectFrom('finalist')
		.selectAll()
		.where('round_id', '=', 'final')
		.where('user_id', '=', userId)
		.executeTakeFirst();

/** The final's attempts no finalist is linked to: ones the round can never close. */
const unlinkedAttempts = () =>
	t.db
		.selectFrom('attempt')
		.leftJoin('finalist', 'finalist.attempt_id', 'attempt.id')
		.select(['attempt.id', 'attempt.status'])
		.where('attempt.round_id', '=', 'final')
		.where('finalist.id', 'is', null)
		.execute();

async function addAndSeat(p: Person) {
	const added = await addFinalist(t.db, { finalRoundId: 'final', login: p.phone, actorId: organiser }, NOW);
	expect(added.ok).toBe(true);
	await assignSeats(t.db, 'final', organiser, NOW);
	return (await finalistOf(p.id))!;
}

describe('a finalist seated after the room was prepared, then the room read and acted on at once', () => {
	it('gets one paper, linked to them, and leaves no attempt linked to no one', async () => {
		await addAndSeat(await candidate(t.db, 'Nguyễn Văn Sớm', 'my-tho'));
		expect('ok' in (await prepareRoom(t.db, 'room-1', NOW))).toBe(false);
		const late = await addAndSeat(await candidate(t.db, 'Trần Thị Muộn', 'my-tho'));
		expect(late.room_id).toBe('room-1');
		expect(late.attempt_id).toBeNull();

		const act = (a: Parameters<typeof roomAction>[3]) =>
			roomAction(t.db, 'room-1', organiser, a, NOW).then((r) => r.ok);
		const rs = await whileHeld(['SELECT id FROM finalist WHERE id = $1 FOR UPDATE', [late.id]], () =>
			Promise.allSettled([
				sharedGrid(t.db, 'room-1', NOW).then((g) => g.grid.ok),
				act({ action: 'enrolCode' }),
				act({ action: 'enrolCode' }),
				...Array.from({ length: 9 }, (_, i) =>
					act({ action: 'incident', seatId: null, note: `kiểm tra ${i}` })
				)
			])
		);
		expect(outcomes(rs)).toEqual(Array(12).fill(true));

		const mine = await t.db
			.selectFrom('attempt')
			.select(['id', 'status'])
			.where('round_id', '=', 'final')
			.where('user_id', '=', late.user_id)
			.execute();
		expect(mine).toEqual([{ id: (await finalistOf(late.user_id))!.attempt_id, status: 'waiting' }]);
		expect(await unlinkedAttempts()).toEqual([]);
	});

	it('keeps a finalist whose paper was drawn between the removal’s check and its delete', async () => {
		const f = await addAndSeat(await candidate(t.db, 'Lê Văn Vừa Xóa', 'my-tho'));
		expect(f.attempt_id).toBeNull();
		// The room prepared (as a grid read does) after removeFinalist found no paper and before
		// its transaction: the removal's own window, the same on both databases.
		let prepared = false;
		const racing = new Proxy(t.db, {
			get(target, prop) {
				if (prop === 'transaction' && !prepared) {
					return () => ({
						execute: async (fn: (tx: Db) => Promise<unknown>) => {
							prepared = !('ok' in (await prepareRoom(target, 'room-1', NOW)));
							return target.transaction().execute(fn);
						}
					});
				}
				const v = Reflect.get(target, prop, target);
				return typeof v === 'function' ? v.bind(target) : v;
			}
		});
		expect(await removeFinalist(racing, f.id, organiser, NOW)).toEqual({ ok: false, code: 'paperPrepared' });
		expect(prepared).toBe(true);
		expect((await finalistOf(f.user_id))?.attempt_id).not.toBeNull();
		expect(await unlinkedAttempts()).toEqual([]);
	});
});

describe("the final's list written at once", () => {
	const lockRound: [string, unknown[]] = ["SELECT id FROM round WHERE id = 'final' FOR UPDATE", []];
	const add = (p: Person) =>
		addFinalist(t.db, { finalRoundId: 'final', login: p.phone, actorId: organiser }, NOW);
	const sbds = async () =>
		(await t.db.selectFrom('finalist').select('sbd').where('round_id', '=', 'final').execute()).map(
			(r) => r.sbd
		);

	it('adds five different candidates added at once, each with a number of their own', async () => {
		const people: Person[] = [];
		for (let i = 0; i < 5; i++) people.push(await candidate(t.db, `Phạm Văn Cùng Lúc ${i}`, 'my-tho'));
		const rs = outcomes(await whileHeld(lockRound, () => Promise.allSettled(people.map(add))));
		expect(rs.map((r) => r !== 'threw' && r.ok)).toEqual(Array(5).fill(true));
		const rows = await Promise.all(people.map((p) => finalistOf(p.id)));
		expect(rows.map((r) => r?.sbd)).toEqual(rs.map((r) => r !== 'threw' && r.ok && r.sbd));
		const all = await sbds();
		expect(new Set(all).size).toBe(all.length);
	});

	it('lists a candidate added five times at once once, and refuses the others by their number', async () => {
		const p = await candidate(t.db, 'Võ Thị Bấm Năm Lần', 'my-tho');
		const rs = outcomes(
			await whileHeld(lockRound, () => Promise.allSettled(Array.from({ length: 5 }, () => add(p))))
		);
		const listed = await finalistOf(p.id);
		expect(listed).toBeDefined();
		expect(rs.filter((r) => r !== 'threw' && r.ok)).toEqual([{ ok: true, sbd: listed!.sbd }]);
		expect(rs.filter((r) => r === 'threw' || !r.ok)).toEqual(
			Array(4).fill({ ok: false, code: 'alreadyFinalist', params: { sbd: listed!.sbd } })
		);
	});

	it('promotes each candidate once when "choose finalists" is sent twice at once', async () => {
		const roundId = await createRound(t.db, NOW, 'r-race-q');
		const people: Person[] = [];
		for (let i = 0; i < 3; i++) {
			people.push(await candidate(t.db, `Đỗ Văn Vòng Loại ${i}`, 'my-tho'));
			await takeAttempt(t.db, roundId, people[i].id, { at: NOW - 1800_000, usedS: 100 + i });
		}
		const promote = () =>
			promoteFinalists(
				t.db,
				{ finalRoundId: 'final', fromRoundId: roundId, topOverall: 3, topPerUnit: 0, actorId: organiser },
				NOW
			);
		const rs = outcomes(await whileHeld(lockRound, () => Promise.allSettled([promote(), promote()])));
		expect(rs.map((r) => (r === 'threw' ? r : r.ok && r.added)).sort()).toEqual([0, 3]);
		const rows = await t.db
			.selectFrom('finalist')
			.select(['user_id', 'source'])
			.where('round_id', '=', 'final')
			.where(
				'user_id',
				'in',
				people.map((p) => p.id)
			)
			.execute();
		expect(rows.map((r) => r.user_id).sort()).toEqual(people.map((p) => p.id).sort());
		const all = await sbds();
		expect(new Set(all).size).toBe(all.length);
	});
});

describe('"assign seats" sent three times at once', () => {
	it('seats each finalist once, and only the first says it seated them', async () => {
		const people: Person[] = [];
		for (let i = 0; i < 3; i++) {
			people.push(await candidate(t.db, `Lý Thị Xếp Ghế ${i}`, 'my-tho'));
			expect(
				(await addFinalist(t.db, { finalRoundId: 'final', login: people[i].phone, actorId: organiser }, NOW))
					.ok
			).toBe(true);
		}
		const unseated = async () =>
			(
				await t.db
					.selectFrom('finalist')
					.select('id')
					.where('round_id', '=', 'final')
					.where('seat_id', 'is', null)
					.execute()
			).length;
		const before = await unseated();
		expect(before).toBeGreaterThanOrEqual(3);
		const lock: [string, unknown[]] = ["SELECT id FROM round WHERE id = 'final' FOR UPDATE", []];
		const rs = outcomes(
			await whileHeld(lock, () =>
				Promise.allSettled([1, 2, 3].map(() => assignSeats(t.db, 'final', organiser, NOW)))
			)
		);
		const seatedNow = before - (await unseated());
		expect(seatedNow).toBeGreaterThanOrEqual(3);
		expect([...rs].sort()).toEqual([0, 0, seatedNow]);
		const seats = (
			await t.db.selectFrom('finalist').select('seat_id').where('round_id', '=', 'final').execute()
		)
			.map((f) => f.seat_id)
			.filter(Boolean);
		expect(new Set(seats).size).toBe(seats.length);
	});
});

describe('a room of more finalists than one transaction draws papers for', () => {
	it('draws one paper for each of them in one preparation', async () => {
		await t.db
			.insertInto('room')
			.values({
				id: 'room-2',
				round_id: 'final',
				name: 'Phòng 2',
				settings: JSON.stringify({ maxLateStartS: 600 })
			})
			.execute();
		await t.db
			.insertInto('seat')
			.values(
				Array.from({ length: 60 }, (_, i) => ({
					id: `room-2-s${i + 1}`,
					room_id: 'room-2',
					label: `Ghế ${i + 1}`
				}))
			)
			.execute();
		for (let i = 0; i < 60; i++) {
			const p = await candidate(t.db, `Bùi Văn Phòng Hai ${i}`, 'my-tho');
			expect(
				(await addFinalist(t.db, { finalRoundId: 'final', login: p.phone, actorId: organiser }, NOW)).ok
			).toBe(true);
		}
		await assignSeats(t.db, 'final', organiser, NOW);
		const seated = await t.db
			.selectFrom('finalist')
			.select(['attempt_id'])
			.where('room_id', '=', 'room-2')
			.execute();
		expect(seated.length).toBeGreaterThan(50);
		expect('ok' in (await prepareRoom(t.db, 'room-2', NOW))).toBe(false);
		const linked = await t.db
			.selectFrom('finalist')
			.innerJoin('attempt', 'attempt.id', 'finalist.attempt_id')
			.select('attempt.status')
			.where('finalist.room_id', '=', 'room-2')
			.execute();
		expect(linked).toEqual(Array(seated.length).fill({ status: 'waiting' }));
		expect(await unlinkedAttempts()).toEqual([]);
	});
});

describe('a tablet approved to its seat twice at once (a double tap)', () => {
	it('is approved once: both answers ok, one line in the minutes', async () => {
		const secret = Buffer.alloc(32, 7);
		await enrolTablet(t.db, secret, {
			roomId: 'room-1',
			actorId: organiser,
			deviceId: 'tab-twice',
			seat: null,
			at: NOW
		});
		const approve = () =>
			roomAction(
				t.db,
				'room-1',
				organiser,
				{ action: 'approve', deviceId: 'tab-twice', seatId: 'room-1-s9' },
				NOW
			);
		const rs = outcomes(await Promise.allSettled([approve(), approve()]));
		expect(rs).toEqual([{ ok: true }, { ok: true }]);
		const lines = await t.db
			.selectFrom('audit_log')
			.select('detail')
			.where('action', '=', 'room.approve')
			.execute();
		expect(
			lines
				.map((l) => JSON.parse(l.detail))
				.filter((d) => d.deviceId === 'tab-twice' && d.seatId === 'room-1-s9')
		).toHaveLength(1);
		expect(
			await t.db
				.selectFrom('device')
				.select(['status', 'seat_id'])
				.where('id', '=', 'tab-twice')
				.executeTakeFirst()
		).toEqual({ status: 'approved', seat_id: 'room-1-s9' });
	});
});
