// The server's close at deadline + grace against a proctor's pause written meanwhile, on SQLite
// and PostgreSQL. On PostgreSQL another connection holds the attempt's row while the close runs
// and adds 5 s of pause before it lets go; SQLite has one writer, so there the pause comes first.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { dialectUnderTest, openTestDb, type TestDb } from './testdb';
import { secondConnection } from './pg-holder';
import { DEMO_ACCOUNTS, seedDemo } from '../../src/lib/server/demo/seed';
import { closeIfExpired } from '../../src/lib/server/attempts/close';
import { startAttempt } from '../../src/lib/server/attempts';

let t: TestDb;
const NOW = Date.UTC(2026, 10, 23, 2, 0);

beforeAll(async () => {
	t = await openTestDb();
	await seedDemo(t.db, { now: NOW - 3600_000 });
});
afterAll(async () => t.drop());

/** Adds 5 s of pause to the attempt from another writer, while `close` runs (PostgreSQL: holding its row). */
async function pauseMeanwhile(attemptId: string, close: () => Promise<unknown>): Promise<void> {
	if (dialectUnderTest === 'sqlite') {
		await sql`UPDATE attempt SET paused_ms = paused_ms + 5000 WHERE id = ${attemptId}`.execute(t.db);
		await close();
		return;
	}
	const holder = await secondConnection(t.db);
	const other = holder.client;
	try {
		await other.query('BEGIN');
		await other.query('SELECT id FROM attempt WHERE id = $1 FOR UPDATE', [attemptId]);
		const closing = close();
		// The close has reached the row and waits for it (its read, or its write).
		await expect.poll(holder.lockWaiters, { timeout: 20_000 }).toBe(1);
		await other.query('UPDATE attempt SET paused_ms = paused_ms + 5000 WHERE id = $1', [attemptId]);
		await other.query('COMMIT');
		await closing;
	} finally {
		await holder.end();
	}
}

describe("the server's close at deadline + grace", () => {
	it('judges the attempt as it is once a pause written meanwhile has committed', async () => {
		const user = await t.db
			.selectFrom('app_user')
			.select('id')
			.where('phone', '=', DEMO_ACCOUNTS.candidates[0].phone)
			.executeTakeFirstOrThrow();
		const a = await startAttempt(t.db, randomBytes(32), { userId: user.id, roundId: 'qualifying' }, NOW);
		if (!a.ok) throw new Error(JSON.stringify(a));
		// Due one millisecond ago without the pause; 5 s of pause moves its deadline past this.
		const at = a.deadline + a.graceMs + 1;
		await pauseMeanwhile(a.attemptId, () => closeIfExpired(t.db, a.attemptId, at));
		const row = await t.db
			.selectFrom('attempt')
			.select(['status', 'paused_ms'])
			.where('id', '=', a.attemptId)
			.executeTakeFirstOrThrow();
		expect(row).toEqual({ status: 'running', paused_ms: 5000 });
	});
});
