// An account has two names a sign-in takes, its phone and its national id: the tries are counted
// at the account, whichever name each used. Counted by the name typed, a guesser had the free
// tries (and the account-wide bound) twice over, once by each name.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDemoDb, type TestDb } from './testdb';
import { DEMO_ACCOUNTS, DEMO_PASSWORDS } from '../../src/lib/server/demo/seed';
import { signIn } from '../../src/lib/server/auth';

const NOW = Date.UTC(2026, 10, 25, 2, 0);
const limits = { loginFreeTries: 3, loginFailuresPerAccount: 5, loginFailuresPerAddress: 300 };
let t: TestDb;

beforeAll(async () => {
	({ t } = await openDemoDb(NOW - 3600_000));
});
afterAll(async () => t.drop());

const code = (r: Awaited<ReturnType<typeof signIn>>) => (r.ok ? 'ok' : r.code);

describe("one account's two names", { timeout: 120_000 }, () => {
	it('share the free tries of one address', async () => {
		const { phone, nationalId } = DEMO_ACCOUNTS.candidates[1];
		const address = '10.20.0.1';
		const tries: string[] = [];
		// Three wrong passwords by phone use the free tries…
		for (let i = 0; i < 3; i++)
			tries.push(code(await signIn(t.db, limits, { login: phone, password: `sai-${i}`, address }, NOW + i)));
		// …and the national id is the same account: held back too, even with the right password.
		tries.push(code(await signIn(t.db, limits, { login: nationalId, password: 'sai-3', address }, NOW + 10)));
		tries.push(
			code(
				await signIn(
					t.db,
					limits,
					{ login: nationalId, password: DEMO_PASSWORDS.candidate, address },
					NOW + 11
				)
			)
		);
		expect(tries).toEqual(['badLogin', 'badLogin', 'badLogin', 'tooManyTries', 'tooManyTries']);
		// Another account by its national id, from the same address, is not.
		const other = DEMO_ACCOUNTS.candidates[3].nationalId;
		expect(
			code(
				await signIn(t.db, limits, { login: other, password: DEMO_PASSWORDS.candidate, address }, NOW + 12)
			)
		).toBe('ok');
	});

	it('share the account-wide bound across addresses', async () => {
		const { phone, nationalId } = DEMO_ACCOUNTS.candidates[2];
		const tries: string[] = [];
		// Five wrong passwords in all, from five addresses, alternating the two names…
		for (let i = 0; i < 5; i++) {
			const login = i % 2 ? nationalId : phone;
			tries.push(
				code(await signIn(t.db, limits, { login, password: `sai-${i}`, address: `10.21.0.${i}` }, NOW + i))
			);
		}
		// …put the account over its bound: an address that already failed there waits its lane.
		tries.push(
			code(
				await signIn(t.db, limits, { login: nationalId, password: 'sai-5', address: '10.21.0.1' }, NOW + 10)
			)
		);
		expect(tries).toEqual(['badLogin', 'badLogin', 'badLogin', 'badLogin', 'badLogin', 'tooManyTries']);
	});
});
