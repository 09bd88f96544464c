// The sync batch's fixed statements are prepared once, not at every request: on SQLite kept in
// the driver's statement cache, on PostgreSQL as named statements of the connection
// (db/pg-prepared.ts). This file's PostgreSQL database has one connection, so what the ingest
// prepared is what that connection's pg_prepared_statements lists.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { dialectUnderTest, openTestDb, type TestDb } from './testdb';
import { DEMO_ACCOUNTS, seedDemo } from '../../src/lib/server/demo/seed';
import { ingestBatch, startAttempt, type StartedAttempt } from '../../src/lib/server/attempts';
import { GroupCommitSqliteAdapter } from '../../src/lib/server/db/sqlite-driver';
import { chainEvent, type AnswerEvent } from '../../src/lib/exam/events';

let t: TestDb;
let a: StartedAttempt;
const NOW = Date.UTC(2026, 10, 23, 2, 0);
const DEVICE = 'tablet-prepared';

beforeAll(async () => {
	process.env.PG_POOL_MAX = '1';
	t = await openTestDb();
	await seedDemo(t.db, { now: NOW - 3600_000 });
	const user = await t.db
		.selectFrom('app_user')
		.select('id')
		.where('phone', '=', DEMO_ACCOUNTS.candidates[0].phone)
		.executeTakeFirstOrThrow();
	const started = await startAttempt(t.db, randomBytes(32), { userId: user.id, roundId: 'qualifying' }, NOW);
	if (!started.ok) throw new Error(JSON.stringify(started));
	a = started;
});
afterAll(async () => t.drop());

let prev = '';
let seq = 0;

/** The next `count` events of the device's chain, answering the paper's questions in turn. */
async function nextBatch(count: number): Promise<AnswerEvent[]> {
	prev ||= a.attemptId;
	const events: AnswerEvent[] = [];
	for (let i = 0; i < count; i++) {
		seq += 1;
		const q = a.paper.questions[seq % a.paper.questions.length];
		const e = await chainEvent(prev, {
			seq,
			questionId: q.id,
			choice: q.options[seq % q.options.length].id,
			at: NOW + seq * 1000,
			elapsedMs: seq * 1000
		});
		events.push(e);
		prev = e.hash;
	}
	return events;
}

async function store(count: number): Promise<void> {
	const events = await nextBatch(count);
	const r = await ingestBatch(t.db, a.attemptId, { deviceId: DEVICE, events }, NOW + 60_000);
	expect(r).toMatchObject({ ok: true, acked: seq });
}

async function storedCount(): Promise<number> {
	const row = await t.db
		.selectFrom('answer_event')
		.select((eb) => eb.fn.countAll<number>().as('n'))
		.where('attempt_id', '=', a.attemptId)
		.executeTakeFirstOrThrow();
	return Number(row.n);
}

/** The connection's named statements (PostgreSQL). */
async function preparedStatements(): Promise<string[]> {
	const { rows } = await sql<{ statement: string }>`SELECT statement FROM pg_prepared_statements`.execute(
		t.db
	);
	return rows.map((r) => r.statement);
}

describe(`the sync batch's statements prepared once (${dialectUnderTest})`, () => {
	it('prepares nothing new for a third batch of the same length, and stores them all', async () => {
		// The first batch makes the device's row, the second updates it as every later one does.
		await store(3);
		await store(3);
		if (dialectUnderTest === 'postgres') {
			const first = await preparedStatements();
			const inserts = first.filter((s) => s.startsWith('INSERT INTO answer_event'));
			expect(inserts).toHaveLength(1);
			expect(inserts[0]).toContain('$39'); // 3 rows of 13 columns
			expect(first.length).toBeGreaterThanOrEqual(3); // the reads and the device's row besides
			await store(3);
			expect(await preparedStatements()).toEqual(first);
		} else {
			const driver = (t.db.getExecutor().adapter as GroupCommitSqliteAdapter).dialect.driver!;
			const first = driver.cacheStats().size;
			await store(3);
			expect(driver.cacheStats().size).toBe(first);
		}
		expect(await storedCount()).toBe(9);
	});

	it('leaves a batch longer than 30 unprepared on PostgreSQL (a plan a length), and stores it', async () => {
		await store(31);
		if (dialectUnderTest === 'postgres') {
			const statements = await preparedStatements();
			expect(statements.filter((s) => s.startsWith('INSERT INTO answer_event'))).toHaveLength(1);
			expect(statements.some((s) => s.includes('$403'))).toBe(false);
		}
		expect(await storedCount()).toBe(40);
	});
});
