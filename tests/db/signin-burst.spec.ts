// Sign-ins all at once: each limit holds as it does one at a time, because a try is counted as a
// failure before its password is checked (ratelimit.ts `reserveLoginTry`). Read first and
// recorded after the hash, 40 wrong passwords at once all read 0 failures and all were tried.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDemoDb, type TestDb } from './testdb';
import { DEMO_ACCOUNTS, DEMO_PASSWORDS } from '../../src/lib/server/demo/seed';
import { signIn } from '../../src/lib/server/auth';
import { hashing } from '../../src/lib/server/password';

const NOW = Date.UTC(2026, 10, 23, 2, 0);
const limits = { loginFreeTries: 5, loginFailuresPerAccount: 50, loginFailuresPerAddress: 300 };
let t: TestDb;

beforeAll(async () => {
	({ t } = await openDemoDb(NOW - 3600_000));
});
afterAll(async () => t.drop());

const codes = (results: Awaited<ReturnType<typeof signIn>>[]) => results.map((r) => (r.ok ? 'ok' : r.code));
const count = (all: string[], code: string) => all.filter((c) => c === code).length;

// Every password checked runs scrypt at full cost, two at a time.
describe('a burst of sign-ins', { timeout: 180_000 }, () => {
	it('checks only the free tries of one account from one address, and refuses the rest', async () => {
		const login = DEMO_ACCOUNTS.candidates[2].phone;
		const all = codes(
			await Promise.all(
				Array.from({ length: 40 }, () =>
					signIn(t.db, limits, { login, password: 'doan-bua-1', address: '10.1.1.1' }, NOW)
				)
			)
		);
		expect(count(all, 'badLogin')).toBe(limits.loginFreeTries);
		expect(count(all, 'tooManyTries')).toBe(40 - limits.loginFreeTries);
		// The owner, elsewhere, is not held back.
		const owner = await signIn(
			t.db,
			limits,
			{ login, password: DEMO_PASSWORDS.candidate, address: '10.1.1.2' },
			NOW + 1
		);
		expect(owner.ok).toBe(true);
	});

	it('checks no more than the account-wide cap (10 × the bound) from many new addresses at once', async () => {
		const login = DEMO_ACCOUNTS.candidates[3].phone;
		const strict = { ...limits, loginFailuresPerAccount: 1 };
		const all = codes(
			await Promise.all(
				Array.from({ length: 20 }, (_, i) =>
					signIn(t.db, strict, { login, password: 'doan-bua-2', address: `10.2.0.${i}` }, NOW)
				)
			)
		);
		expect(count(all, 'badLogin')).toBe(10);
		expect(count(all, 'tooManyTries')).toBe(10);
	});

	it('checks no more than the per-address bound at many accounts at once', async () => {
		const strict = { ...limits, loginFailuresPerAddress: 6 };
		const all = codes(
			await Promise.all(
				Array.from({ length: 20 }, (_, i) =>
					signIn(
						t.db,
						strict,
						{ login: `09870${String(i).padStart(5, '0')}`, password: 'x', address: '10.3.3.3' },
						NOW
					)
				)
			)
		);
		expect(count(all, 'badLogin')).toBe(6);
		expect(count(all, 'tooManyFromAddress')).toBe(14);
	});

	it('refuses as busy, counting nothing, while the hashing queue is full, a place for each address', async () => {
		const login = DEMO_ACCOUNTS.candidates[1].phone;
		let release = () => {};
		const held = new Promise<void>((r) => (release = r));
		const fillers = Array.from({ length: hashing.size * 9 }, (_, i) =>
			hashing.run(() => held, `filler ${i}`)
		);
		expect(hashing.full).toBe(true);
		const tries = await Promise.all(
			Array.from({ length: 10 }, () =>
				signIn(t.db, limits, { login, password: 'doan-bua-3', address: '10.4.4.4' }, NOW)
			)
		);
		expect(codes(tries)).toEqual(Array(10).fill('busy'));
		release();
		await Promise.all(fillers);
		// None of the ten counted: the free tries are all still there.
		const after = codes(
			await Promise.all(
				Array.from({ length: 5 }, () =>
					signIn(t.db, limits, { login, password: 'doan-bua-3', address: '10.4.4.4' }, NOW + 1)
				)
			)
		);
		expect(after).toEqual(Array(5).fill('badLogin'));
	});
});
