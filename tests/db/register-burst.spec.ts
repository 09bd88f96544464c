// Registrations and password resets all at once: each limit holds as it does one at a time,
// because a try is counted before the work it guards (ratelimit.ts `reserveTry`). Read first and
// recorded after, a burst from one address all read the same count and all got through.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDemoDb, type TestDb } from './testdb';
import { DEMO_ACCOUNTS } from '../../src/lib/server/demo/seed';
import { register, type RegistrationInput, type RegisterResult } from '../../src/lib/server/accounts';
import { issueCode, requestEmailReset, resetWithCode } from '../../src/lib/server/reset';
import { signIn } from '../../src/lib/server/auth';
import { outbox } from '../../src/lib/server/mailer';
import { signInRefusal } from '../../src/lib/server/login-messages';
import { hashing } from '../../src/lib/server/password';
import { messages } from '../../src/lib/i18n';

const NOW = Date.UTC(2026, 10, 24, 2, 0);
let t: TestDb;
let organiser: string;

beforeAll(async () => {
	({ t, organiser } = await openDemoDb(NOW - 3600_000));
});
afterAll(async () => t.drop());

const count = (all: string[], code: string) => all.filter((c) => c === code).length;
const at = (n: number, width: number) => String(n).padStart(width, '0');

/** An eligible adult; `n` makes the national id and phone their own. */
function person(n: number, over: Partial<RegistrationInput> = {}): RegistrationInput {
	return {
		fullName: 'Đặng Văn Thử',
		birthDate: '1995-04-10',
		gender: 'male',
		nationalId: `082095${at(n, 6)}`,
		phone: `0986${at(n, 6)}`,
		email: null,
		address: 'Số 2 Đường Hùng Vương, Mỹ Tho',
		unitId: 'my-tho',
		password: 'matkhau123',
		publishName: false,
		guardian: null,
		...over
	};
}

const outcome = (r: RegisterResult) =>
	r.ok ? 'ok' : r.status === 429 ? r.code : Object.values(r.fields).map((f) => f!.code)[0]!;

const burst = <T>(n: number, one: (i: number) => Promise<T>) =>
	Promise.all(Array.from({ length: n }, (_, i) => one(i)));

async function accountsWithIds(ids: string[]): Promise<number> {
	const row = await t.db
		.selectFrom('app_user')
		.innerJoin('candidate_profile', 'candidate_profile.user_id', 'app_user.id')
		.select((eb) => eb.fn.countAll<number>().as('n'))
		.where('app_user.national_id', 'in', ids)
		.executeTakeFirstOrThrow();
	return Number(row.n);
}

// Every registration let through hashes its password with scrypt at full cost, two at a time.
describe('a burst of registrations from one address', { timeout: 180_000 }, () => {
	it('stores no more accounts than the limit, and refuses the rest whole', async () => {
		const people = Array.from({ length: 12 }, (_, i) => person(100 + i));
		const all = (
			await burst(12, (i) => register(t.db, { input: people[i], address: '10.5.5.5', limitPerHour: 3 }, NOW))
		).map(outcome);
		expect(count(all, 'ok')).toBe(3);
		expect(count(all, 'tooManyRegistrations')).toBe(9);
		// Nothing half-written: an account and its profile for each registration let through, no more.
		expect(await accountsWithIds(people.map((p) => p.nationalId))).toBe(3);
	});

	it('tells whether an id is taken no more often than the refusal limit', async () => {
		const owner = await register(t.db, { input: person(200), address: '10.6.0.1', limitPerHour: 1000 }, NOW);
		expect(owner.ok).toBe(true);
		const all = (
			await burst(20, (i) =>
				register(
					t.db,
					{
						input: person(200, { phone: `0985${at(200 + i, 6)}` }),
						address: '10.6.6.6',
						limitPerHour: 1000,
						refusedPerHour: 5
					},
					NOW
				)
			)
		).map(outcome);
		expect(count(all, 'duplicateId')).toBe(5);
		expect(count(all, 'tooManyRegistrations')).toBe(15);
	});

	it('does not count forms with mistakes of their own, however many arrive at once', async () => {
		const typos = (
			await burst(10, (i) =>
				register(
					t.db,
					{ input: person(300 + i, { phone: '0123' }), address: '10.7.0.7', limitPerHour: 1 },
					NOW
				)
			)
		).map(outcome);
		expect(typos).toEqual(Array(10).fill('badPhone'));
		const good = await register(t.db, { input: person(310), address: '10.7.0.7', limitPerHour: 1 }, NOW + 1);
		expect(outcome(good)).toBe('ok');
	});
});

describe('a burst of password resets', () => {
	const mail = () => ({ subject: 'Đặt lại mật khẩu', text: 'Liên kết' });

	it('takes no more than 30 requests an hour from one address', async () => {
		const sent: string[] = [];
		const all = await burst(40, (i) =>
			requestEmailReset(
				t.db,
				{
					login: `0977${at(i, 6)}`,
					address: '10.8.8.8',
					linkBase: 'https://thi.example.vn',
					send: async (m) => void sent.push(m.to),
					mail
				},
				NOW
			)
		);
		const codes = all.map((r) => (r.ok ? 'ok' : r.code));
		expect(count(codes, 'ok')).toBe(30);
		expect(count(codes, 'tooManyResets')).toBe(10);
	});

	it('mails one account no more than 3 links an hour, from any number of addresses', async () => {
		const candidate = DEMO_ACCOUNTS.candidates[2];
		await t.db
			.updateTable('app_user')
			.set({ email: 'thu@example.vn' })
			.where('national_id', '=', candidate.nationalId)
			.execute();
		const sent: string[] = [];
		const all = await burst(12, (i) =>
			requestEmailReset(
				t.db,
				{
					login: candidate.nationalId,
					address: `10.9.0.${i}`,
					linkBase: 'https://thi.example.vn',
					send: async (m) => void sent.push(m.to),
					mail
				},
				NOW
			)
		);
		// Each asker is answered alike, so none learns the account exists…
		expect(all.every((r) => r.ok)).toBe(true);
		// …and the mailbox gets three links (mailed after the answers: mailer.ts `outbox`).
		await outbox.idle();
		expect(sent).toEqual(Array(3).fill('thu@example.vn'));
		const links = await t.db
			.selectFrom('password_reset')
			.innerJoin('app_user', 'app_user.id', 'password_reset.user_id')
			.select((eb) => eb.fn.countAll<number>().as('n'))
			.where('app_user.national_id', '=', candidate.nationalId)
			.executeTakeFirstOrThrow();
		expect(Number(links.n)).toBe(3);
	});

	it('compares no more than 20 one-time codes an hour from one address', async () => {
		const all = await burst(30, (i) =>
			resetWithCode(
				t.db,
				{
					login: DEMO_ACCOUNTS.candidates[3].phone,
					code: `ABCD-${at(i, 4)}`,
					password: 'matkhaumoi123',
					address: '10.10.10.10'
				},
				NOW
			)
		);
		const codes = all.map((r) => (r.ok ? 'ok' : r.code));
		expect(count(codes, 'badResetCode')).toBe(20);
		expect(count(codes, 'tooManyResets')).toBe(10);
	});

	// An account's code dies at its 5th wrong try (the organiser issues a new one). Wrong codes
	// sent side by side, each from its own address (so no address's bound stops them), are
	// compared with the live code one at a time: 5 of them, not as many as arrive at once.
	const candidate = DEMO_ACCOUNTS.candidates[1];
	/** A fresh code for the candidate, issued at `issuedAt` (which tells it from earlier ones). */
	const codeFor = async (issuedAt: number) => {
		const user = await t.db
			.selectFrom('app_user')
			.select(['id', 'password_hash'])
			.where('phone', '=', candidate.phone)
			.executeTakeFirstOrThrow();
		const { code } = await issueCode(t.db, { userId: user.id, actorId: organiser }, issuedAt);
		return { user, code };
	};
	const wrongCodes = (n: number, net: string) =>
		burst(n, (i) =>
			resetWithCode(
				t.db,
				{
					login: candidate.phone,
					code: `ZZZZ-${at(i, 4)}`,
					password: 'matkhaumoi123',
					address: `${net}.${i}`
				},
				NOW
			)
		);
	const codeRow = (userId: string, issuedAt: number) =>
		t.db
			.selectFrom('password_reset')
			.select(['failures', 'used_at'])
			.where('user_id', '=', userId)
			.where('kind', '=', 'assisted')
			.where('created_at', '=', issuedAt)
			.executeTakeFirstOrThrow();

	it('compares no more than 5 wrong one-time codes with an account’s code, however many arrive at once', async () => {
		const { user, code } = await codeFor(NOW - 2000);
		const all = await wrongCodes(15, '10.12.0');
		expect(all.map((r) => (r.ok ? 'ok' : r.code))).toEqual(Array(15).fill('badResetCode'));
		const row = await codeRow(user.id, NOW - 2000);
		expect(Number(row.failures)).toBe(5);
		expect(row.used_at).not.toBeNull();
		// The right code, read back afterwards, no longer works: the password is unchanged.
		const late = await resetWithCode(
			t.db,
			{ login: candidate.phone, code, password: 'matkhaumoi123', address: '10.12.1.1' },
			NOW
		);
		expect(late.ok ? 'ok' : late.code).toBe('badResetCode');
		const after = await t.db
			.selectFrom('app_user')
			.select('password_hash')
			.where('id', '=', user.id)
			.executeTakeFirstOrThrow();
		expect(after.password_hash).toBe(user.password_hash);
	});

	it('leaves the code working after a burst of 4 wrong ones', async () => {
		const { user, code } = await codeFor(NOW - 1000);
		const all = await wrongCodes(4, '10.13.0');
		expect(all.map((r) => (r.ok ? 'ok' : r.code))).toEqual(Array(4).fill('badResetCode'));
		expect(await codeRow(user.id, NOW - 1000)).toMatchObject({ used_at: null });
		const right = await resetWithCode(
			t.db,
			{ login: candidate.phone, code, password: 'matkhaumoi123', address: '10.13.1.1' },
			NOW
		);
		expect(right).toEqual({ ok: true, userId: user.id });
	});
});

describe('refused because the hashing queue is full', { timeout: 60_000 }, () => {
	/**
	 * `work` while every hashing slot is taken and as many wait as may, each for another address,
	 * so that none holds more than its share (slots.ts).
	 */
	async function whileFull<T>(work: () => Promise<T>): Promise<T> {
		let release = () => {};
		const held = new Promise<void>((r) => (release = r));
		const fillers = Array.from({ length: hashing.size * 9 }, (_, i) =>
			hashing.run(() => held, `filler ${i}`)
		);
		expect(hashing.full).toBe(true);
		try {
			return await work();
		} finally {
			release();
			await Promise.all(fillers);
		}
	}

	it('a registration and a new password say when to try again, 5 s, and store nothing', async () => {
		const registered = await whileFull(() =>
			register(t.db, { input: person(900), address: '10.20.0.1', limitPerHour: 100 }, NOW)
		);
		expect(registered).toEqual({ ok: false, status: 429, code: 'busy', params: { retryAfterMs: 5000 } });
		const stored = await t.db
			.selectFrom('app_user')
			.select('id')
			.where('phone', '=', person(900).phone)
			.execute();
		expect(stored).toEqual([]);

		const candidate = DEMO_ACCOUNTS.candidates[3];
		const user = await t.db
			.selectFrom('app_user')
			.select(['id', 'password_hash'])
			.where('phone', '=', candidate.phone)
			.executeTakeFirstOrThrow();
		const { code } = await issueCode(t.db, { userId: user.id, actorId: organiser }, NOW - 500);
		const reset = await whileFull(() =>
			resetWithCode(
				t.db,
				{ login: candidate.phone, code, password: 'matkhaumoi123', address: '10.20.0.2' },
				NOW
			)
		);
		expect(reset).toEqual({ ok: false, code: 'busy', params: { retryAfterMs: 5000 } });
		// Nothing used up: the same code sets the password once the queue drains.
		const again = await resetWithCode(
			t.db,
			{ login: candidate.phone, code, password: 'matkhaumoi123', address: '10.20.0.2' },
			NOW
		);
		expect(again).toEqual({ ok: true, userId: user.id });
	});

	it('a sign-in says when to try again', async () => {
		let release = () => {};
		const held = new Promise<void>((r) => (release = r));
		const fillers = Array.from({ length: hashing.size * 9 }, (_, i) =>
			hashing.run(() => held, `filler ${i}`)
		);
		expect(hashing.full).toBe(true);
		const result = await signIn(
			t.db,
			{ loginFreeTries: 5, loginFailuresPerAccount: 50, loginFailuresPerAddress: 300 },
			{ login: DEMO_ACCOUNTS.candidates[0].phone, password: 'doan-bua-9', address: '10.11.11.11' },
			NOW
		);
		release();
		await Promise.all(fillers);
		expect(result.ok ? 'ok' : result.code).toBe('busy');
		if (result.ok) return;
		const refusal = signInRefusal(result, 'vi');
		expect(refusal).toEqual({
			status: 429,
			code: 'busy',
			message: messages('vi').errors.busy,
			retryAfterS: 5
		});
	});
});
