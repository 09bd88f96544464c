// What one account, or one stranger, cannot grow or take: the sessions an account keeps (signing
// in again and again with one's own password is never refused, and each sign-in stored a session
// for a week), and the hashing queue's place of a password reset (a reset hashed in the share of
// no address, which every reset anywhere shared).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDemoDb, type TestDb } from './testdb';
import { DEMO_ACCOUNTS } from '../../src/lib/server/demo/seed';
import { createSession, MAX_SESSIONS_PER_USER, sessionUser } from '../../src/lib/server/auth';
import { issueCode, resetWithCode } from '../../src/lib/server/reset';
import { hashing } from '../../src/lib/server/password';
import { isBusy } from '../../src/lib/server/slots';

const NOW = Date.UTC(2026, 11, 6, 2, 0);
let t: TestDb;
let organiser: string;

beforeAll(async () => {
	({ t, organiser } = await openDemoDb(NOW - 3600_000));
});
afterAll(async () => t.drop());

const userOf = async (phone: string) =>
	(await t.db.selectFrom('app_user').select('id').where('phone', '=', phone).executeTakeFirstOrThrow()).id;

describe('the sessions of one account', () => {
	it('keeps the newest 20; each sign-in past them signs out the oldest', async () => {
		const userId = await userOf(DEMO_ACCOUNTS.candidates[1].phone);
		const tokens: string[] = [];
		// 25 sign-ins, one a second, then two in the same millisecond.
		for (let i = 0; i < 25; i++) tokens.push(await createSession(t.db, userId, NOW + i * 1000));
		const twins = [
			await createSession(t.db, userId, NOW + 30_000),
			await createSession(t.db, userId, NOW + 30_000)
		];
		const at = NOW + 60_000;
		const live = async (token: string) => (await sessionUser(t.db, token, at))?.id === userId;
		// By hand: 27 sessions, the newest 20 kept: the 25 minus their first 7, and both twins.
		for (const [i, token] of tokens.entries()) expect(await live(token), `sign-in ${i}`).toBe(i >= 7);
		for (const token of twins) expect(await live(token)).toBe(true);
		const rows = await t.db.selectFrom('session').select('id').where('user_id', '=', userId).execute();
		expect(rows).toHaveLength(20);
		expect(MAX_SESSIONS_PER_USER).toBe(20);
		// Another account's sessions are not touched.
		const other = await userOf(DEMO_ACCOUNTS.candidates[2].phone);
		const kept = await createSession(t.db, other, at);
		await createSession(t.db, userId, at);
		expect((await sessionUser(t.db, kept, at))?.id).toBe(other);
	});
});

describe('a reset by code while a stranger holds the hashing queue', { timeout: 60_000 }, () => {
	it('is hashed in the asker’s own share of the queue, and goes through', async () => {
		const phone = DEMO_ACCOUNTS.candidates[3].phone;
		const userId = await userOf(phone);
		const { code } = await issueCode(t.db, { userId, actorId: organiser }, NOW);
		const stranger = '10.7.7.7';
		const releases: (() => void)[] = [];
		const fillers = Array.from({ length: hashing.size * 9 }, () =>
			hashing
				.run(() => new Promise<void>((done) => releases.push(done)), stranger)
				.catch((e) => (isBusy(e) ? 'busy' : 'failed'))
		);
		expect(hashing.full).toBe(true);
		const reset = resetWithCode(
			t.db,
			{ login: phone, code, password: 'MatKhauMoi2026', address: '10.6.6.6' },
			NOW
		);
		let answered = false;
		void reset.finally(() => (answered = true));
		// Until its hash waits in some share of the queue: the asker's (before, the share of no address).
		while (!answered && hashing.held('10.6.6.6') + hashing.held('') === 0)
			await new Promise((r) => setImmediate(r));
		expect(hashing.held('10.6.6.6')).toBe(1);
		releases.shift()?.();
		const result = await reset;
		expect(result.ok ? 'ok' : result.code).toBe('ok');
		while (releases.length) {
			releases.shift()?.();
			await new Promise((r) => setImmediate(r));
		}
		await Promise.all(fillers);
	});
});
