// Status and kind columns refuse values the code does not know, on SQLite and PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDb, type TestDb } from './testdb';

let db: TestDb;
beforeAll(async () => {
	db = await openTestDb();
});
afterAll(async () => {
	await db.drop();
});

describe('status and kind columns', () => {
	it('refuses an unknown unit kind on insert and on update, and takes a known one', async () => {
		await db.db
			.insertInto('unit')
			.values({ id: 'u', parent_id: null, name: 'U', kind: 'province', headcount: 0, sort: 0 })
			.execute();
		await expect(
			db.db
				.insertInto('unit')
				.values({ id: 'v', parent_id: null, name: 'V', kind: 'planet' as 'province', headcount: 0, sort: 0 })
				.execute()
		).rejects.toThrow(/check/i);
		await expect(
			db.db
				.updateTable('unit')
				.set({ kind: 'galaxy' as 'province' })
				.where('id', '=', 'u')
				.execute()
		).rejects.toThrow(/check/i);
		await db.db.updateTable('unit').set({ kind: 'district' }).where('id', '=', 'u').execute();
		const row = await db.db.selectFrom('unit').select('kind').where('id', '=', 'u').executeTakeFirstOrThrow();
		expect(row.kind).toBe('district');
	});

	it('takes the look-up as a kind of try since 0019 replaced the rule, and still refuses others', async () => {
		const tries = db.db.insertInto('login_attempt');
		await tries.values({ kind: 'lookup', key: 'k', at: 1, ok: 0 }).execute();
		await expect(
			tries.values({ kind: 'guess' as 'lookup', key: 'k', at: 1, ok: 0 }).execute()
		).rejects.toThrow(/check/i);
		await expect(
			db.db
				.updateTable('login_attempt')
				.set({ kind: 'guess' as 'lookup' })
				.where('key', '=', 'k')
				.execute()
		).rejects.toThrow(/check/i);
	});
});
