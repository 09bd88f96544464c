// Runs the database test suite against PostgreSQL. Each test file creates and drops its
// own database on the server named by PG_ADMIN_URL (default: local postgres, trust auth).
import { spawnSync } from 'node:child_process';
import pg from 'pg';

const admin = process.env.PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const client = new pg.Client({ connectionString: admin });
try {
	await client.connect();
	await client.query('SELECT 1');
	await client.end();
} catch (e) {
	console.error(`Không kết nối được PostgreSQL tại ${admin}: ${e.message}`);
	console.error('Cannot reach PostgreSQL; set PG_ADMIN_URL to a server where you may create databases.');
	process.exit(1);
}
const env = { ...process.env, TEST_DATABASE_URL: admin, PG_ADMIN_URL: admin };
const paths = process.argv.slice(2);
const dbTests = spawnSync('npx', ['vitest', 'run', ...(paths.length ? paths : ['tests/db'])], {
	stdio: 'inherit',
	env
});
if (dbTests.status !== 0 || paths.length) process.exit(dbTests.status ?? 1);
// Several server processes on one PostgreSQL, in Chromium (needs `npm run build` first).
const browser = spawnSync('node', ['scripts/ensure-browser.js'], { stdio: 'inherit', env });
if (browser.status !== 0) process.exit(1);
const nodes = spawnSync('npx', ['playwright', 'test', '-c', 'playwright.pg.config.ts'], {
	stdio: 'inherit',
	env
});
process.exit(nodes.status ?? 1);
