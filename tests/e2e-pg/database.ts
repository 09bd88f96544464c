// A PostgreSQL database of its own for one browser test, created on the server named by
// PG_ADMIN_URL and dropped afterwards.
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export const adminUrl = process.env.PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export async function adminQuery(text: string, values: unknown[] = []): Promise<pg.QueryResult> {
	const client = new pg.Client({ connectionString: adminUrl });
	await client.connect();
	try {
		return await client.query(text, values);
	} finally {
		await client.end();
	}
}

export async function createDatabase(prefix: string): Promise<{ name: string; url: string; drop(): Promise<void> }> {
	const name = `${prefix}_${randomBytes(4).toString('hex')}`;
	await adminQuery(`CREATE DATABASE ${name}`);
	const url = new URL(adminUrl);
	url.pathname = `/${name}`;
	return { name, url: url.toString(), drop: async () => void (await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)) };
}
