// Reset codes issued for one account at the same moment (two organisers, a double click): as one
// after the other, each ends the code before it, and one code is left that works. Each issue
// ended the live codes and then inserted its own, with nothing held on the account: on
// PostgreSQL 10 at once left 4 live codes. There a second connection holds the account's row, so
// that both issues are under way before either may store its code; SQLite's one connection runs
// the calls side by side.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { sql } from 'kysely';
import { dialectUnderTest, openDemoDb, type TestDb } from './testdb';
import { adminUrl } from '../support/pg-database';
import { DEMO_ACCOUNTS } from '../../src/lib/server/demo/seed';
import { issueCode } from '../../src/lib/server/reset';

let t: TestDb;
let organiser = '';
const NOW = Date.UTC(2026, 11, 6, 2, 0);

beforeAll(async () => {
	({ t, organiser } = await openDemoDb(NOW - 3600_000));
});
afterAll(async () => t?.drop());

const userOf = async (phone: string) =>
	(await t.db.selectFrom('app_user').select('id').where('phone', '=', phone).executeTakeFirstOrThrow()).id;

const liveCodes = async (userId: string) =>
	(
		await t.db
			.selectFrom('password_reset')
			.select('id')
			.where('user_id', '=', userId)
			.where('kind', '=', 'assisted')
			.where('used_at', 'is', null)
			.execute()
	).length;

describe(`reset codes issued at once for one account (${dialectUnderTest})`, () => {
	it('ten at once leave one live code', async () => {
		const userId = await userOf(DEMO_ACCOUNTS.candidates[1].phone);
		const issued = await Promise.all(
			Array.from({ length: 10 }, (_, i) => issueCode(t.db, { userId, actorId: organiser }, NOW + i))
		);
		expect(new Set(issued.map((c) => c.code)).size).toBe(10);
		expect(await liveCodes(userId)).toBe(1);
	});

	it('two under way before either stores its code leave one live code', async () => {
		const userId = await userOf(DEMO_ACCOUNTS.candidates[2].phone);
		const issue = (at: number) => issueCode(t.db, { userId, actorId: organiser }, at);
		if (dialectUnderTest === 'sqlite') {
			await Promise.all([issue(NOW), issue(NOW + 1)]);
		} else {
			const { rows } = await sql<{ name: string }>`SELECT current_database() AS name`.execute(t.db);
			const url = new URL(adminUrl);
			url.pathname = `/${rows[0].name}`;
			const other = new pg.Client({ connectionString: url.toString() });
			await other.connect();
			try {
				// The account's row held: storing a code (its key refers to the account) waits.
				await other.query('BEGIN');
				await other.query('SELECT id FROM app_user WHERE id = $1 FOR UPDATE', [userId]);
				const settled = new Set<Promise<unknown>>();
				const waiting = async (n: number, ...calls: Promise<unknown>[]) => {
					for (const c of calls) void c.finally(() => settled.add(c)).catch(() => {});
					for (;;) {
						if (calls.some((c) => settled.has(c))) return;
						// pg_stat_activity is read once per transaction unless its snapshot is cleared.
						await other.query('SELECT pg_stat_clear_snapshot()');
						const r = await other.query(
							"SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1 AND wait_event_type = 'Lock'",
							[rows[0].name]
						);
						if (r.rows[0].n >= n) return;
						await new Promise((resolve) => setTimeout(resolve, 10));
					}
				};
				const first = issue(NOW);
				await waiting(1, first);
				const second = issue(NOW + 1);
				await waiting(2, first, second);
				await other.query('COMMIT');
				await Promise.all([first, second]);
			} finally {
				await other.query('ROLLBACK').catch(() => {});
				await other.end();
			}
		}
		expect(await liveCodes(userId)).toBe(1);
	});
});
