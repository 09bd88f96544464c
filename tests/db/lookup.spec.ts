// The public result look-up's limit: five tries per person in ten minutes, whichever way the
// phone number is written (0…, 84…, +84…), so that spelling it otherwise gives no more guesses
// at a person's year of birth. On SQLite and PostgreSQL.
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
});
