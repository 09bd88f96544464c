// A registration or password reset refused for too many tries says when to try again, as a
// refused sign-in does: `retryAfterS` in the JSON body, the Retry-After header, and the wait in
// the sentence. The wait comes from the tries the database holds: the oldest try counted at the
// bound that refused, plus the bound's window, less now. Run on SQLite and PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDemoDb, type TestDb } from './testdb';
import { register, type RegistrationInput } from '../../src/lib/server/accounts';
import { requestEmailReset, resetWithCode } from '../../src/lib/server/reset';
import { reserveTry, type Bound } from '../../src/lib/server/ratelimit';
import { failureResponse } from '../../src/lib/server/http';
import { failure, type Failure } from '../../src/lib/server/failure';

const NOW = Date.UTC(2026, 10, 25, 2, 0);
const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
let t: TestDb;

beforeAll(async () => {
	({ t } = await openDemoDb(NOW - 2 * HOUR));
});
afterAll(async () => t.drop());

/** An eligible adult; `n` makes the national id and phone their own. */
function person(n: number): RegistrationInput {
	return {
		fullName: 'Huỳnh Thị Chờ',
		birthDate: '1994-07-09',
		gender: 'female',
		nationalId: `082194${String(n).padStart(6, '0')}`,
		phone: `0975${String(n).padStart(6, '0')}`,
		email: null,
		address: 'Số 5 Đường Lê Lợi, Mỹ Tho',
		unitId: 'my-tho',
		password: 'matkhau123',
		publishName: false,
		guardian: null
	};
}

/** What the JSON API answers for a refusal, in a language. */
async function answered(f: Failure, locale: 'vi' | 'en' = 'vi') {
	const res = failureResponse(f, locale);
	return { status: res.status, retryAfter: res.headers.get('retry-after'), error: (await res.json()).error };
}

describe('a registration refused for too many from one address', { timeout: 60_000 }, () => {
	const address = '10.20.0.1';
	const registerAt = (n: number, at: number) =>
		register(t.db, { input: person(n), address, limitPerHour: 3 }, at);

	it('is told to come back when the oldest registration counted leaves the hour', async () => {
		// Three registrations at 50, 20 and 5 minutes ago use up the hour's three.
		for (const [n, ago] of [
			[1, 50 * MINUTE],
			[2, 20 * MINUTE],
			[3, 5 * MINUTE]
		])
			expect((await registerAt(n, NOW - ago)).ok).toBe(true);

		const refused = await registerAt(4, NOW);
		expect(refused).toEqual({
			ok: false,
			status: 429,
			code: 'tooManyRegistrations',
			params: { retryAfterMs: 10 * MINUTE }
		});
		if (refused.ok || refused.status !== 429) return;
		expect(await answered(failure(refused.code, refused.params))).toEqual({
			status: 429,
			retryAfter: '600',
			error: {
				code: 'tooManyRegistrations',
				message: 'Có quá nhiều lượt đăng ký từ địa chỉ mạng này. Vui lòng thử lại sau 10 phút.',
				retryAfterS: 600
			}
		});
		expect((await answered(failure(refused.code, refused.params), 'en')).error.message).toBe(
			'Too many registrations from this network address. Please try again in 10 minutes.'
		);

		// A millisecond short of the wait: still refused, and told one second (never zero).
		const almost = await registerAt(4, NOW + 10 * MINUTE - 1);
		expect(almost).toMatchObject({ status: 429, params: { retryAfterMs: 1 } });
		if (almost.ok || almost.status !== 429) return;
		const last = await answered(failure(almost.code, almost.params));
		expect([last.retryAfter, last.error.retryAfterS]).toEqual(['1', 1]);
		expect(last.error.message).toBe(
			'Có quá nhiều lượt đăng ký từ địa chỉ mạng này. Vui lòng thử lại sau 1 giây.'
		);
		expect((await answered(failure(almost.code, almost.params), 'en')).error.message).toBe(
			'Too many registrations from this network address. Please try again in 1 second.'
		);

		// Waiting as told is enough.
		expect((await registerAt(4, NOW + 10 * MINUTE)).ok).toBe(true);
	});
});

describe('password resets refused for too many from one address', () => {
	it('a wrong one-time code over the hour’s 20 is told when the oldest counted leaves it', async () => {
		const address = '10.21.0.1';
		const tryCode = (i: number, at: number) =>
			resetWithCode(
				t.db,
				{
					login: '0975999999',
					code: `WXYZ-${String(i).padStart(4, '0')}`,
					password: 'matkhaumoi123',
					address
				},
				at
			);
		// Wrong codes at 40 minutes ago, then 19 at 10 minutes ago.
		expect(await tryCode(0, NOW - 40 * MINUTE)).toMatchObject({ code: 'badResetCode' });
		for (let i = 1; i < 20; i++)
			expect(await tryCode(i, NOW - 10 * MINUTE)).toMatchObject({ code: 'badResetCode' });

		const refused = await tryCode(20, NOW);
		expect(refused).toEqual({ ok: false, code: 'tooManyResets', params: { retryAfterMs: 20 * MINUTE } });
		expect(await tryCode(21, NOW + 20 * MINUTE - 1)).toMatchObject({ code: 'tooManyResets' });
		expect(await tryCode(22, NOW + 20 * MINUTE)).toMatchObject({ code: 'badResetCode' });
	});

	it('a request for a reset link over the hour’s 30 is told the wait in seconds when it is short', async () => {
		const address = '10.22.0.1';
		const ask = (at: number) =>
			requestEmailReset(
				t.db,
				{
					login: '0975888888',
					address,
					linkBase: 'https://thi.example.vn',
					send: async () => {},
					mail: () => ({ subject: 'Đặt lại mật khẩu', text: 'Liên kết' })
				},
				at
			);
		// One 59 min 30 s ago, 29 a minute ago.
		expect(await ask(NOW - 59 * MINUTE - 30 * SECOND)).toEqual({ ok: true });
		for (let i = 0; i < 29; i++) expect(await ask(NOW - MINUTE)).toEqual({ ok: true });

		const refused = await ask(NOW);
		expect(refused).toEqual({ ok: false, code: 'tooManyResets', params: { retryAfterMs: 30 * SECOND } });
		expect(await ask(NOW + 30 * SECOND)).toEqual({ ok: true });
	});
});

describe('a try held back by several bounds', () => {
	// Two bounds on one kind of try: one try an hour at `hourly`, one per quarter at `quarterly`.
	const hourly = (key: string): Bound => ({ key, windowMs: HOUR, which: 'all', max: 1 });
	const quarterly = (key: string): Bound => ({ key, windowMs: 15 * MINUTE, which: 'all', max: 1 });
	const tryAt = (bounds: Bound[], at: number) => reserveTry(t.db, 'register', bounds, true, at);

	it('waits for the bound that holds it longest, whichever is named first', async () => {
		// 50 minutes ago at the hourly key (free in 10 minutes), a minute ago at the quarterly
		// key (free in 14 minutes).
		expect((await tryAt([hourly('h1')], NOW - 50 * MINUTE)).go).toBe(true);
		expect((await tryAt([quarterly('q1')], NOW - MINUTE)).go).toBe(true);
		for (const bounds of [
			[hourly('h1'), quarterly('q1')],
			[quarterly('q1'), hourly('h1')]
		])
			expect(await tryAt(bounds, NOW)).toEqual({
				go: false,
				over: quarterly('q1'),
				retryAfterMs: 14 * MINUTE
			});
		// With the quarterly key free, the hourly one decides.
		expect(await tryAt([quarterly('q2'), hourly('h1')], NOW)).toEqual({
			go: false,
			over: hourly('h1'),
			retryAfterMs: 10 * MINUTE
		});
		// Refused tries were not counted: once both waits are over, the try goes through.
		expect((await tryAt([hourly('h1'), quarterly('q1')], NOW + 14 * MINUTE)).go).toBe(true);
	});
});
