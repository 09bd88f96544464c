// A fresh, migrated database for one test file: SQLite in memory by default, or a new
// PostgreSQL database (created and dropped here) when TEST_DATABASE_URL is set.
import { openDb, type DbHandle } from '../../src/lib/server/db';
import { createDatabase } from '../support/pg-database';
import { seedDemo } from '../../src/lib/server/demo/seed';

export interface TestDb extends DbHandle {
	drop(): Promise<void>;
}

export async function openTestDb(): Promise<TestDb> {
	const admin = process.env.TEST_DATABASE_URL;
	if (!admin) {
		const handle = await openDb({ sqliteFile: ':memory:' });
		return { ...handle, drop: () => handle.close() };
	}
	const database = await createDatabase('phongthi_t', admin);
	const handle = await openDb({ databaseUrl: database.url });
	return {
		...handle,
		async drop() {
			await handle.close();
			await database.drop();
		}
	};
}

export const dialectUnderTest = process.env.TEST_DATABASE_URL ? 'postgres' : 'sqlite';

/** A test database with the demo contest seeded at `now`, and its organiser's id. */
export async function openDemoDb(now: number): Promise<{ t: TestDb; organiser: string }> {
	const t = await openTestDb();
	await seedDemo(t.db, { now });
	const organiser = await t.db
		.selectFrom('app_user')
		.select('id')
		.where('role', '=', 'organiser')
		.executeTakeFirstOrThrow();
	return { t, organiser: organiser.id };
}
