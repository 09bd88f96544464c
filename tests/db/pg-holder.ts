// The race tests' second PostgreSQL connection, to the test's own database: it holds a row
// (BEGIN; SELECT … FOR UPDATE) while the code under test queues behind it, and sees who waits,
// so that a test releases the row only once the writers it races are all under way.
import pg from 'pg';
import { sql } from 'kysely';
import type { Db } from '../../src/lib/server/db';
import { adminUrl } from '../support/pg-database';

export interface Holder {
	client: pg.Client;
	/** Sessions of the test's database waiting on a lock now. */
	lockWaiters(): Promise<number>;
	/** Returns once `n` sessions wait on a lock, or one of `calls` has ended (it did not wait). */
	queued(n: number, ...calls: Promise<unknown>[]): Promise<void>;
	end(): Promise<void>;
}

export async function secondConnection(db: Db): Promise<Holder> {
	const { rows } = await sql<{ name: string }>`SELECT current_database() AS name`.execute(db);
	const url = new URL(adminUrl);
	url.pathname = `/${rows[0].name}`;
	const client = new pg.Client({ connectionString: url.toString() });
	await client.connect();
	const lockWaiters = async (): Promise<number> => {
		// In a transaction, pg_stat_activity is read once and kept until it ends, unless cleared.
		await client.query('SELECT pg_stat_clear_snapshot()');
		const r = await client.query(
			"SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1 AND wait_event_type = 'Lock'",
			[rows[0].name]
		);
		return r.rows[0].n as number;
	};
	return {
		client,
		lockWaiters,
		async queued(n, ...calls) {
			let settled = false;
			for (const c of calls) void c.finally(() => (settled = true)).catch(() => {});
			while (!settled && (await lockWaiters()) < n) await new Promise((r) => setTimeout(r, 10));
		},
		end: () => client.end()
	};
}
