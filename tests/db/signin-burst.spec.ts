// A burst of wrong passwords for one account from one address, all at once: the limit holds as
// it does one at a time (5 free tries), instead of every request reading the counts before any
// failure was recorded. Sign-ins are checked two at a time (auth.ts), so at most one more try
// than the limit gets through.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDemoDb, type TestDb } from './testdb';
import { DEMO_ACCOUNTS } from '../../src/lib/server/demo/seed';
import { signIn } from '../../src/lib/server/auth';

const NOW = Date.UTC(2026, 10, 23, 2, 0);
const limits = { loginFreeTries: 5, loginFailuresPerAccount: 50, loginFailuresPerAddress: 300 };
let t: TestDb;

beforeAll(async () => {
	({ t } = await openDemoDb(NOW - 3600_000));
});
afterAll(async () => t.drop());

describe('a burst of sign-ins', { timeout: 120_000 }, () => {
	it('tries at most one more password than the limit, and refuses the rest', async () => {
		const login = DEMO_ACCOUNTS.candidates[2].phone;
		const results = await Promise.all(
			Array.from({ length: 20 }, () =>
				signIn(t.db, limits, { login, password: 'doan-bua-1', address: '10.1.1.1' }, NOW)
			)
		);
		const codes = results.map((r) => (r.ok ? 'ok' : r.code));
		const tried = codes.filter((c) => c === 'badLogin').length;
		expect(tried).toBeGreaterThanOrEqual(limits.loginFreeTries);
		expect(tried).toBeLessThanOrEqual(limits.loginFreeTries + 1);
		expect(codes.filter((c) => c === 'tooManyTries')).toHaveLength(20 - tried);
	});
});
