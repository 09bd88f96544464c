// A proctor's action must not wait behind a hall's heartbeats. On PostgreSQL the tablets' hot
// paths have a pool of their own (db/index.ts `tabletDb`): with every one of its connections
// busy, the staff's pool still answers. On SQLite there is one connection, shared.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { dialectUnderTest, openTestDb, type TestDb } from './testdb';
import { seedDemo } from '../../src/lib/server/demo/seed';

const TABLET_CONNECTIONS = 3;
let t: TestDb;

beforeAll(async () => {
	process.env.PG_POOL_MAX = String(TABLET_CONNECTIONS);
	t = await openTestDb();
	delete process.env.PG_POOL_MAX;
	await seedDemo(t.db, { now: Date.UTC(2026, 10, 23, 2, 0) });
});
afterAll(async () => t.drop());

describe('the tablets’ pool and the staff’s', () => {
	if (dialectUnderTest === 'sqlite') {
		it('is one connection on SQLite', () => {
			expect(t.tabletDb).toBe(t.db);
		});
		return;
	}

	it('answers a proctor while every tablet connection is held', async () => {
		let release!: () => void;
		const released = new Promise<void>((r) => (release = r));
		let holding = 0;
		let allHeld!: () => void;
		const held = new Promise<void>((r) => (allHeld = r));
		const holders = Array.from({ length: TABLET_CONNECTIONS }, () =>
			t.tabletDb.connection().execute(async (c) => {
				await sql`SELECT 1`.execute(c);
				if (++holding === TABLET_CONNECTIONS) allHeld();
				await released;
			})
		);
		await held;
		try {
			// Every tablet connection is taken: what the staff reads does not wait for one.
			const rounds = await t.db.selectFrom('round').select('id').execute();
			expect(rounds.map((r) => r.id)).toContain('final');
			expect(holding).toBe(TABLET_CONNECTIONS);
		} finally {
			release();
			await Promise.all(holders);
		}
	});
});
