// PostgreSQL ends the server's idle connections (a restart, a failover, an administrator's
// pg_terminate_backend): the server logs it, stays up and opens new connections.
import { expect, test } from '@playwright/test';
import { TestServer } from '../e2e/support/server';
import { registerCandidate } from '../e2e/support/fixtures';
import { adminQuery, createDatabase } from '../support/pg-database';

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
