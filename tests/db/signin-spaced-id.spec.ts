// What registration takes, sign-in takes: a national id typed with spaces as the card prints
// it, a phone written +84 (0) or 0084. Read by the registration's rules, the forms name one
// account, and their failed tries are counted together, at the account or at the normalised id.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDemoDb, type TestDb } from './testdb';
import { register } from '../../src/lib/server/accounts';
import { signIn } from '../../src/lib/server/auth';

const NOW = Date.UTC(2026, 10, 25, 2, 0);
const limits = { loginFreeTries: 3, loginFailuresPerAccount: 50, loginFailuresPerAddress: 300 };
const PASSWORD = 'MatKhau2026';
let t: TestDb;

beforeAll(async () => {
	({ t } = await openDemoDb(NOW - 3600_000));
	const made = await register(
		t.db,
		{
			input: {
				fullName: 'Lê Văn Cách',
				birthDate: '1990-03-03',
				gender: 'male',
				nationalId: '082 090 005 010',
				phone: '0084 912 345 680',
				email: null,
				address: 'Phường 4, Mỹ Tho',
				unitId: 'my-tho',
				password: PASSWORD,
				publishName: false,
				guardian: null
			},
			address: '10.30.0.1',
			limitPerHour: 100
		},
		NOW - 60_000
	);
	expect(made.ok, JSON.stringify(made)).toBe(true);
});
afterAll(async () => t.drop());

const code = (r: Awaited<ReturnType<typeof signIn>>) => (r.ok ? 'ok' : r.code);
const tryLogin = async (login: string, password: string, address: string, at: number) =>
	code(await signIn(t.db, limits, { login, password, address }, at));

describe('sign-in reads a login as registration does', { timeout: 120_000 }, () => {
	it('stored the id without its spaces and the phone in its national form', async () => {
		const row = await t.db
			.selectFrom('app_user')
			.select(['national_id', 'phone'])
			.where('full_name', '=', 'Lê Văn Cách')
			.executeTakeFirstOrThrow();
		expect(row).toEqual({ national_id: '082090005010', phone: '0912345680' });
	});

	it('signs in with the id typed with spaces, and with the phone in its international forms', async () => {
		const logins = [
			'082 090 005 010',
			' 082 090 005 010 ',
			'082090005010',
			'+84 (0) 912 345 680',
			'0084 912 345 680'
		];
		const got: string[] = [];
		for (const [i, login] of logins.entries())
			got.push(await tryLogin(login, PASSWORD, '10.30.0.2', NOW + i));
		expect(got).toEqual(['ok', 'ok', 'ok', 'ok', 'ok']);
	});

	it("counts the spaced id's wrong passwords at the account, with its other names", async () => {
		const address = '10.30.0.3';
		const got: string[] = [];
		// Three wrong passwords, by the spaced id, the plain id and the phone, use the free tries…
		got.push(await tryLogin('082 090 005 010', 'sai-1', address, NOW + 10));
		got.push(await tryLogin('082090005010', 'sai-2', address, NOW + 11));
		got.push(await tryLogin('0912345680', 'sai-3', address, NOW + 12));
		// …so the fourth waits, whichever form it uses, the right password too.
		got.push(await tryLogin('082 090 005 010', PASSWORD, address, NOW + 13));
		expect(got).toEqual(['badLogin', 'badLogin', 'badLogin', 'tooManyTries']);
	});

	it('counts tries at an id nobody registered by its digits, spaced or not', async () => {
		const address = '10.30.0.4';
		const got: string[] = [];
		got.push(await tryLogin('082 095 099 999', 'sai-1', address, NOW + 20));
		got.push(await tryLogin('082095099999', 'sai-2', address, NOW + 21));
		got.push(await tryLogin('0 8 2 0 9 5 0 9 9 9 9 9', 'sai-3', address, NOW + 22));
		got.push(await tryLogin('082095099999', 'sai-4', address, NOW + 23));
		expect(got).toEqual(['badLogin', 'badLogin', 'badLogin', 'tooManyTries']);
	});
});
