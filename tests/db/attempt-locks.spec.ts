// The writers of an attempt wait on each other, not on rows that merely refer to it. On
// PostgreSQL inserting a row with a key to an attempt (a tablet's report, written with the
// tablets' presence, venue/presence.ts) takes FOR KEY SHARE on the attempt's row. The lock's
// grading, a sync and a close read the attempts they write locked: read FOR UPDATE, they waited
// on the presence's transaction, and with it waiting on them in turn the venue bench on
// PostgreSQL saw "deadlock detected" and the proctor's lock answered 500. SQLite has one writer:
// there the same work runs beside the presence's write and both land.
import { openRoomWithTablets } from './final-room';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { dialectUnderTest, type TestDb } from './testdb';
import { ingestBatch } from '../../src/lib/server/attempts';
import { roomAction } from '../../src/lib/server/venue';
import { keepReport, writeHeard } from '../../src/lib/server/venue/presence';
import { chainEvent } from '../../src/lib/exam/events';
import type { Paper } from '../../src/lib/exam/paper';

let t: TestDb;
const secret = randomBytes(32);
const T = Date.UTC(2026, 10, 26, 2, 0);
let organiserId = '';
const attempts: string[] = [];

beforeAll(async () => {
	const demo = await openRoomWithTablets(
		T - 2000_000,
		{ name: 'Khóa Hàng', phonePrefix: '09630000', idPrefix: '0820900003' },
		secret,
		['tab-0', 'tab-1', 'tab-2']
	);
	t = demo.t;
	organiserId = demo.organiser;
	attempts.push(...demo.seats.map((s) => s.attemptId));
	const started = await roomAction(t.db, 'room-1', organiserId, { action: 'start' }, T);
	if (!started.ok) throw new Error(JSON.stringify(started));
});
afterAll(async () => t.drop());

/** A tablet's report of each attempt, as the heartbeat keeps it (reports.ts). */
const reportRows = (at: number) =>
	attempts.map((attemptId, i) => ({
		attempt_id: attemptId,
		device_id: `tab-${i}`,
		seq: 0,
		head: null,
		at,
		prev_seq: 0,
		prev_head: null,
		prev_at: null
	}));

/** The first answer of the first seat's paper, from its tablet. */
async function firstAnswer(at: number) {
	const row = await t.db
		.selectFrom('attempt_paper')
		.select('paper')
		.where('attempt_id', '=', attempts[0])
		.executeTakeFirstOrThrow();
	const q = (JSON.parse(row.paper) as Paper).questions[0];
	const e = await chainEvent(attempts[0], {
		seq: 1,
		questionId: q.id,
		choice: q.options[0].id,
		at,
		elapsedMs: at - T
	});
	return ingestBatch(t.db, attempts[0], { deviceId: 'tab-0', events: [e] }, at);
}

/** The first seat's answer a second after `at`, then the room's lock (answered with its grading). */
async function syncThenLock(at: number) {
	const synced = await firstAnswer(at + 1000);
	const locked = await roomAction(t.db, 'room-1', organiserId, { action: 'lock' }, at + 2000);
	return [synced, locked] as const;
}

/** Resolves once some statement of this database waits for a lock; `done` stops the looking. */
async function someoneWaits(done: () => boolean): Promise<'waited' | 'none'> {
	while (!done()) {
		const r = await sql<{ n: number }>`SELECT count(*)::int AS n FROM pg_locks l
 JOIN pg_stat_activity s ON s.pid = l.pid
 WHERE NOT l.granted AND s.datname = current_database()`.execute(t.db);
		if (r.rows[0].n > 0) return 'waited';
		await new Promise((resolve) => setImmediate(resolve));
	}
	return 'none';
}

describe(`the writers of an attempt and the tablets' reports (${dialectUnderTest})`, () => {
	it('a sync and the lock with its grading do not wait on a transaction that wrote reports', async () => {
		const at = T + 60_000;
		if (dialectUnderTest === 'postgres') {
			// The presence's write, held open after inserting a report for each attempt of the room.
			let release = () => {};
			let inserted = () => {};
			const ready = new Promise<void>((r) => (inserted = r));
			const holder = t.db.transaction().execute(async (tx) => {
				await tx.insertInto('device_report').values(reportRows(at)).execute();
				inserted();
				await new Promise<void>((r) => (release = r));
			});
			await ready;
			let finished = false;
			const work = syncThenLock(at).finally(() => (finished = true));
			const waited = await someoneWaits(() => finished);
			release();
			await holder;
			const [synced, locked] = await work;
			expect(waited).toBe('none');
			expect(synced).toMatchObject({ ok: true, acked: 1 });
			expect(locked.ok).toBe(true);
		} else {
			// SQLite: the presence's write (a report waiting for it) beside the same work.
			for (const row of reportRows(at)) keepReport(t.db, row);
			const [, [synced, locked]] = await Promise.all([writeHeard(t.db), syncThenLock(at)]);
			expect(synced).toMatchObject({ ok: true, acked: 1 });
			expect(locked.ok).toBe(true);
		}
		// Every attempt of the room locked and graded, the first with its answer; the reports kept.
		const rows = await t.db
			.selectFrom('attempt')
			.select(['id', 'status', 'answered'])
			.where('id', 'in', attempts)
			.execute();
		const seen = new Map(rows.map((r) => [r.id, [r.status, Number(r.answered)]]));
		expect(attempts.map((id) => seen.get(id))).toEqual([
			['locked', 1],
			['locked', 0],
			['locked', 0]
		]);
		const kept = await t.db.selectFrom('device_report').select('attempt_id').where('at', '=', at).execute();
		expect(kept).toHaveLength(attempts.length);
	});

	// Row locks are PostgreSQL's (SQLite has one writer and no row to hold): defined there only.
	if (dialectUnderTest === 'postgres')
		it('a tablet waits a bounded time on an attempt another transaction holds, then its retry goes in', async () => {
			let release = () => {};
			let locked = () => {};
			const isLocked = new Promise<void>((r) => (locked = r));
			// A stuck writer on the staff's pool: it holds the attempt's row and does not end.
			const holder = t.db.transaction().execute(async (tx) => {
				await tx.selectFrom('attempt').select('id').where('id', '=', attempts[2]).forUpdate().execute();
				locked();
				await new Promise<void>((r) => (release = r));
			});
			await isLocked;
			const sync = () => ingestBatch(t.tabletDb, attempts[2], { deviceId: 'tab-2', events: [] }, T + 120_000);
			try {
				// Waited on for ever, the tablet's connection would be held until the holder ends, and
				// this test would time out: the holder ends only after the sync has settled.
				await expect(sync()).rejects.toMatchObject({ code: '55P03' });
			} finally {
				release();
				await holder;
			}
			await expect(sync()).resolves.toMatchObject({ ok: true });
		}, 60_000);
});
