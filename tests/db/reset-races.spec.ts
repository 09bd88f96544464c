// Reset codes issued for one account at the same moment (two organisers, a double click): as one
// after the other, each ends the code before it, and one code is left that works. Each issue
// ended the live codes and then inserted its own, with nothing held on the account: on
// PostgreSQL 10 at once left 4 live codes. There a second connection holds the account's row, so
// that both issues are under way before either may store its code; SQLite's one connection runs
// the calls side by side.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialectUnderTest, openDemoDb, type TestDb } from './testdb';
import { secondConnection } from './pg-holder';
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
			const holder = await secondConnection(t.db);
			const other = holder.client;
			try {
				// The account's row held: storing a code (its key refers to the account) waits.
				await other.query('BEGIN');
				await other.query('SELECT id FROM app_user WHERE id = $1 FOR UPDATE', [userId]);
				const first = issue(NOW);
				await holder.queued(1, first);
				const second = issue(NOW + 1);
				await holder.queued(2, first, second);
				await other.query('COMMIT');
				await Promise.all([first, second]);
			} finally {
				await other.query('ROLLBACK').catch(() => {});
				await holder.end();
			}
		}
		expect(await liveCodes(userId)).toBe(1);
	});
});
