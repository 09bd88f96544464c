// The public result look-up's limit: five tries per person in ten minutes, whichever way the
// phone number is written (0…, 84…, +84…), so that spelling it otherwise gives no more guesses
// at a person's year of birth; tries sent side by side are counted as they come, and a day holds
// fewer tries than the years a birth year could be. On SQLite and PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDemoDb, type TestDb } from './testdb';
import { DEMO_ACCOUNTS } from '../../src/lib/server/demo/seed';
import { lookupForm, lookupResult } from '../../src/lib/server/lookup';

let t: TestDb;
const NOW = Date.UTC(2026, 10, 23, 2, 0);
const phone = DEMO_ACCOUNTS.candidates[0].phone; // 0912000001

beforeAll(async () => {
	({ t } = await openDemoDb(NOW - 3600_000));
});
afterAll(async () => t.drop());

const guess = (key: string, birthYear: number, address: string) =>
	lookupResult(t.db, lookupForm.parse({ key, birthYear }), address, NOW);

describe('the result look-up', () => {
	it('counts the tries at one phone number together, however it is written', async () => {
		for (let year = 1950; year < 1955; year++)
			expect(await guess(phone, year, `10.0.0.${year % 50}`)).toMatchObject({ ok: false, code: 'notFound' });
		const rest = phone.slice(1);
		for (const spelling of [`84${rest}`, `+84${rest}`, `+84 ${rest.slice(0, 3)} ${rest.slice(3)}`, phone])
			expect(await guess(spelling, 1960, '10.0.1.1')).toMatchObject({ ok: false, code: 'tooMany' });
	});

	it('compares at most five of 61 years asked at once', async () => {
		const other = DEMO_ACCOUNTS.candidates[1].phone;
		const years = Array.from({ length: 61 }, (_, i) => 1950 + i);
		const answers = await Promise.all(years.map((y, i) => guess(other, y, `10.2.0.${i}`)));
		const codes = answers.map((a) => (a.ok ? 'found' : a.code));
		expect(codes.filter((c) => c !== 'tooMany')).toHaveLength(5);
		expect(codes.filter((c) => c === 'tooMany')).toHaveLength(56);
	});

	it('says how long to wait, and holds a person to 20 tries a day', async () => {
		const other = DEMO_ACCOUNTS.candidates[2].phone;
		const at = (minutes: number, year: number) =>
			lookupResult(
				t.db,
				lookupForm.parse({ key: other, birthYear: year }),
				'10.3.0.1',
				NOW + minutes * 60_000
			);
		for (let i = 0; i < 5; i++) expect(await at(0, 1900 + i)).toMatchObject({ code: 'notFound' });
		expect(await at(4, 1910)).toMatchObject({ code: 'tooMany', params: { retryAfterMs: 6 * 60_000 } });
		// Every eleven minutes the ten-minute bound lets five more through, until the day's twentieth.
		let compared = 5;
		for (let round = 1; round <= 5; round++)
			for (let i = 0; i < 5; i++) {
				const r = await at(11 * round, 1920 + round * 5 + i);
				if (!r.ok && r.code === 'notFound') compared++;
			}
		expect(compared).toBe(20);
		expect(await at(24 * 60 - 1, 1999)).toMatchObject({ code: 'tooMany' });
		expect(await at(24 * 60 + 1, 1999)).toMatchObject({ code: 'notFound' });
	});

	it('counts the tries at a finalist by SBD and by phone together', async () => {
		const who = DEMO_ACCOUNTS.candidates[3].phone;
		const user = await t.db
			.selectFrom('app_user')
			.select('id')
			.where('phone', '=', who)
			.executeTakeFirstOrThrow();
		await t.db
			.insertInto('finalist')
			.values({
				id: 'f-lookup',
				round_id: 'final',
				user_id: user.id,
				sbd: 'TS0777',
				pin: '123456',
				source: 'manual',
				room_id: null,
				seat_id: null,
				attempt_id: null,
				device_id: null,
				signed_in_at: null,
				lost: 0,
				created_at: NOW
			})
			.execute();
		for (let year = 1950; year < 1953; year++)
			expect(await guess('ts0777', year, '10.4.0.1')).toMatchObject({ code: 'notFound' });
		for (let year = 1953; year < 1955; year++)
			expect(await guess(who, year, '10.4.0.2')).toMatchObject({ code: 'notFound' });
		expect(await guess('TS 0777', 1955, '10.4.0.3')).toMatchObject({ code: 'tooMany' });
		expect(await guess(who, 1955, '10.4.0.4')).toMatchObject({ code: 'tooMany' });
	});
});
