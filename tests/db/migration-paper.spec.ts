// Migration 0015 moves every attempt's paper to attempt_paper: a database upgraded in the middle
// of a contest keeps each paper, byte for byte, and the attempt row keeps everything else.
// On SQLite and PostgreSQL, from a database migrated up to 0014 with attempts in it.
import Database from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, SqliteDialect, sql } from 'kysely';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { migrationProvider } from '../../src/lib/server/db/migrations';
import { createDatabase } from '../support/pg-database';
import { dialectUnderTest } from './testdb';

const cleanup: (() => Promise<void>)[] = [];
afterAll(async () => {
	for (const c of cleanup.reverse()) await c();
});

async function openUnmigrated(): Promise<Kysely<any>> {
	if (dialectUnderTest === 'sqlite') {
		const db = new Kysely({ dialect: new SqliteDialect({ database: new Database(':memory:') }) });
		cleanup.push(() => db.destroy());
		return db;
	}
	const database = await createDatabase('phongthi_m', process.env.TEST_DATABASE_URL);
	const db = new Kysely({
		dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: database.url }) })
	});
	cleanup.push(async () => {
		await db.destroy();
		await database.drop();
	});
	return db;
}

describe(`migration 0015 (${dialectUnderTest})`, () => {
	it('moves every paper to attempt_paper unchanged and drops the column', async () => {
		const db = await openUnmigrated();
		const migrator = new Migrator({ db, provider: migrationProvider(dialectUnderTest) });
		const upTo = await migrator.migrateTo('0014_venue_lookups');
		expect(upTo.error).toBeUndefined();
		// The attempts alone (their round and candidate do not matter here).
		if (dialectUnderTest === 'sqlite') await sql`PRAGMA foreign_keys = OFF`.execute(db);
		else await sql`SET session_replication_role = replica`.execute(db);
		const papers = ['{"seed":"a","questions":[]}', `{"seed":"b","text":"Câu hỏi ${'dài '.repeat(5000)}"}`];
		for (const [i, paper] of papers.entries()) {
			await db
				.insertInto('attempt')
				.values({
					id: `att-${i}`,
					round_id: 'r',
					user_id: 'u',
					seed: `s${i}`,
					paper,
					mode: 'home',
					status: 'running',
					created_at: 1,
					started_at: 1,
					duration_ms: 1000,
					extension_ms: 0,
					paused_ms: 0,
					grace_ms: 0
				})
				.execute();
		}
		if (dialectUnderTest === 'postgres') await sql`SET session_replication_role = DEFAULT`.execute(db);

		const latest = await migrator.migrateToLatest();
		expect(latest.error).toBeUndefined();
		const moved = await db.selectFrom('attempt_paper').selectAll().orderBy('attempt_id').execute();
		expect(moved).toEqual([
			{ attempt_id: 'att-0', paper: papers[0] },
			{ attempt_id: 'att-1', paper: papers[1] }
		]);
		const row = await db
			.selectFrom('attempt')
			.selectAll()
			.where('id', '=', 'att-1')
			.executeTakeFirstOrThrow();
		expect(row).not.toHaveProperty('paper');
		expect([row.seed, row.status]).toEqual(['s1', 'running']);
	});
});
