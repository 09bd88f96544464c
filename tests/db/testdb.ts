// A fresh, migrated database for one test file: SQLite in memory by default, or a new
// PostgreSQL database (created and dropped here) when TEST_DATABASE_URL is set.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDb, type DbHandle } from '../../src/lib/server/db';

export interface TestDb extends DbHandle {
	drop(): Promise<void>;
}

export async function openTestDb(): Promise<TestDb> {
	const admin = process.env.TEST_DATABASE_URL;
	if (!admin) {
		const handle = await openDb({ sqliteFile: ':memory:' });
		return { ...handle, drop: () => handle.close() };
	}
	const name = `phongthi_t_${randomBytes(5).toString('hex')}`;
	const client = new pg.Client({ connectionString: admin });
	await client.connect();
	await client.query(`CREATE DATABASE ${name}`);
	await client.end();
	const url = new URL(admin);
	url.pathname = `/${name}`;
	const handle = await openDb({ databaseUrl: url.toString() });
	return {
		...handle,
		async drop() {
			await handle.close();
			const c = new pg.Client({ connectionString: admin });
			await c.connect();
			await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
			await c.end();
		}
	};
}

export const dialectUnderTest = process.env.TEST_DATABASE_URL ? 'postgres' : 'sqlite';
