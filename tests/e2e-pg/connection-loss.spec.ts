// PostgreSQL ends the server's idle connections (a restart, a failover, an administrator's
// pg_terminate_backend): the server logs it, stays up and opens new connections.
import { expect, test } from '@playwright/test';
import { TestServer } from '../e2e/support/server';
import { registerCandidate } from '../e2e/support/fixtures';
import { adminQuery, createDatabase } from '../support/pg-database';
import { sql } from 'kysely';
import { openDb } from '../../src/lib/server/db';

test('the server outlives PostgreSQL ending its idle connections', async ({ request }) => {
	test.setTimeout(120_000);
	const database = await createDatabase('phongthi_loss');
	const server = new TestServer('connection-loss', { DATABASE_URL: database.url });
	try {
		await server.start();
		await registerCandidate(request, server.url);
		const ended = await adminQuery(
			'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
			[database.name]
		);
		expect(ended.rowCount).toBeGreaterThan(0);
		// Wait until the server has heard of it: it either logs the loss or dies of it.
		await expect
			.poll(() => server.child?.exitCode !== null || server.stderr.includes('idle connection lost'), {
				timeout: 10_000
			})
			.toBe(true);
		expect(server.child?.exitCode, server.stderr).toBeNull();
		await registerCandidate(request, server.url);
	} finally {
		await server.stop();
		await database.drop();
	}
});

// A connection ended while a request holds it, inside a transaction between two statements (a
// review: during a results page's transaction, or with every connection reset by a proxy, the
// process died of an unhandled 'error' event: pg-pool watches only its idle connections). In this
// process, on the pool the server opens: only that transaction fails; the pool serves the next.
test('a connection PostgreSQL ends inside a transaction fails that transaction only', async () => {
	test.setTimeout(60_000);
	const database = await createDatabase('phongthi_txloss');
	const handle = await openDb({ databaseUrl: database.url });
	const alive = (pid: number) =>
		adminQuery('SELECT 1 FROM pg_stat_activity WHERE pid = $1', [pid]).then((r) => r.rowCount === 1);
	try {
		const outcome = await handle.db
			.transaction()
			.execute(async (tx) => {
				const { rows } = await sql<{ pid: number }>`SELECT pg_backend_pid() AS pid`.execute(tx);
				const pid = rows[0].pid;
				await adminQuery('SELECT pg_terminate_backend($1)', [pid]);
				// Until the backend is gone: its last words have reached this process meanwhile,
				// with no statement of ours running on that connection.
				await expect.poll(() => alive(pid)).toBe(false);
				await sql`SELECT 1`.execute(tx);
			})
			.then(
				() => 'committed',
				() => 'failed'
			);
		expect(outcome).toBe('failed');
		const { rows } = await sql<{ one: number }>`SELECT 1 AS one`.execute(handle.db);
		expect(rows).toEqual([{ one: 1 }]);
	} finally {
		await handle.close();
		await database.drop();
	}
});
