// A PostgreSQL database of its own for one test file or browser test, created on the server
// named by PG_ADMIN_URL (or the given admin URL) and dropped afterwards.
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export const adminUrl = process.env.PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export async function adminQuery(
	text: string,
	values: unknown[] = [],
	admin = adminUrl
): Promise<pg.QueryResult> {
	const client = new pg.Client({ connectionString: admin });
	await client.connect();
	try {
		return await client.query(text, values);
	} finally {
		await client.end();
	}
}

export async function createDatabase(
	prefix: string,
	admin = adminUrl
): Promise<{ name: string; url: string; drop(): Promise<void> }> {
	const name = `${prefix}_${randomBytes(5).toString('hex')}`;
	await adminQuery(`CREATE DATABASE ${name}`, [], admin);
	const url = new URL(admin);
	url.pathname = `/${name}`;
	return {
		name,
		url: url.toString(),
		drop: async () => void (await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`, [], admin))
	};
}
