// The lock's per-attempt read of the tablet at a finalist's seat is served by indexes, on
// SQLite and PostgreSQL (plans.ts): a hall of 1,000 is locked in one transaction, and a walk
// through the room's tablets for each attempt was a million rows.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { dialectUnderTest, openTestDb, type TestDb } from './testdb';
import { seedDemo } from '../../src/lib/server/demo/seed';
import { SERVING_SQL } from '../../src/lib/server/attempts';
import { fixedQuery } from '../../src/lib/server/attempts/hot-sql';
import { plan } from './plans';

let t: TestDb;

beforeAll(async () => {
	t = await openTestDb();
	await seedDemo(t.db);
	if (dialectUnderTest === 'postgres') await sql`vacuum analyze`.execute(t.db);
});
afterAll(async () => t?.drop());

describe(`the lock's query plans (${dialectUnderTest})`, () => {
	it('finds the tablet at a finalist’s seat by its seat, not among the room’s tablets', async () => {
		const text = await plan(t.db, { compile: () => fixedQuery(t.db, SERVING_SQL, ['some-attempt']) });
		if (dialectUnderTest === 'sqlite') {
			expect(text, text).toMatch(/SEARCH finalist USING INDEX finalist_attempt \(attempt_id=\?\)/);
			expect(text, text).toMatch(/SEARCH device USING INDEX device_seat \(seat_id=\?\)/);
		} else {
			expect(text, text).not.toMatch(/Seq Scan on (finalist|device)\b/);
			expect(text, text).toMatch(/device_seat/);
		}
	});
});
