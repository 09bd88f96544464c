// The sweep forgets exactly the rate-limit tries no bound counts any more, the sessions past
// their expiry and the reset links and codes past theirs, and keeps everything else: each row below is inserted with its age and, written
// by hand from the rules (ratelimit.ts, accounts.ts, reset.ts, lookup.ts, auth.ts), whether it
// must stay. More rows than one slice, and two sweeps at once (two processes), on SQLite and
// PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDemoDb, type TestDb } from './testdb';
import { sweep } from '../../src/lib/server/sweep';

const NOW = Date.UTC(2026, 10, 26, 2, 0);
const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
let t: TestDb;
let userId: string;

beforeAll(async () => {
	let organiser: string;
	({ t, organiser } = await openDemoDb(NOW - 90 * DAY));
	userId = organiser;
});
afterAll(async () => t.drop());

type Kind = 'login' | 'register' | 'reset' | 'lookup';
interface Try {
	kind: Kind;
	key: string;
	ok: 0 | 1;
	age: number;
	stays: boolean;
}

/** Each kind and key shape, just inside and just outside the longest window that counts it. */
const TRIES: Try[] = [
	// Sign-in failures: per (account, address) and per account for an hour, per address for 15 minutes.
	{ kind: 'login', key: 'pair:0912000001|10.0.0.1', ok: 0, age: HOUR, stays: true },
	{ kind: 'login', key: 'pair:0912000001|10.0.0.1', ok: 0, age: HOUR + 1, stays: false },
	{ kind: 'login', key: 'account:0912000001', ok: 0, age: 59 * MIN, stays: true },
	{ kind: 'login', key: 'account:0912000001', ok: 0, age: 2 * HOUR, stays: false },
	{ kind: 'login', key: 'address:10.0.0.1', ok: 0, age: 14 * MIN, stays: true },
	{ kind: 'login', key: 'address:10.0.0.1', ok: 0, age: 3 * HOUR, stays: false },
	// A success marks a known address of the account for 60 days.
	{ kind: 'login', key: 'known:0912000001|10.0.0.1', ok: 1, age: 59 * DAY, stays: true },
	{ kind: 'login', key: 'known:0912000001|10.0.0.2', ok: 1, age: 60 * DAY, stays: true },
	{ kind: 'login', key: 'known:0912000002|10.0.0.3', ok: 1, age: 60 * DAY + 1, stays: false },
	{ kind: 'login', key: 'known:0912000002|10.0.0.4', ok: 1, age: 400 * DAY, stays: false },
	// Registrations: per address, an hour, successes and refusals.
	{ kind: 'register', key: 'address:10.0.0.5', ok: 1, age: 30 * MIN, stays: true },
	{ kind: 'register', key: 'address:10.0.0.5', ok: 0, age: HOUR - 1, stays: true },
	{ kind: 'register', key: 'address:10.0.0.5', ok: 1, age: 61 * MIN, stays: false },
	{ kind: 'register', key: 'address:10.0.0.6', ok: 0, age: 5 * DAY, stays: false },
	// Resets: requests per address, mail per account, wrong codes per address, each an hour.
	{ kind: 'reset', key: 'address:10.0.0.7', ok: 1, age: 59 * MIN, stays: true },
	{ kind: 'reset', key: 'address:10.0.0.7', ok: 1, age: 61 * MIN, stays: false },
	{ kind: 'reset', key: 'mail:some-user', ok: 1, age: 10 * MIN, stays: true },
	{ kind: 'reset', key: 'mail:some-user', ok: 1, age: 2 * DAY, stays: false },
	{ kind: 'reset', key: 'code:10.0.0.8', ok: 0, age: HOUR, stays: true },
	{ kind: 'reset', key: 'code:10.0.0.8', ok: 0, age: HOUR + 1, stays: false },
	// Result look-ups: per person for ten minutes and for a day, per address for ten minutes.
	{ kind: 'lookup', key: 'user:some-user', ok: 0, age: 23 * HOUR, stays: true },
	{ kind: 'lookup', key: 'user:some-user', ok: 0, age: DAY + 1, stays: false },
	{ kind: 'lookup', key: 'key:0987650000', ok: 0, age: 2 * DAY, stays: false },
	{ kind: 'lookup', key: 'addr:10.0.0.9', ok: 0, age: 5 * MIN, stays: true },
	{ kind: 'lookup', key: 'addr:10.0.0.9', ok: 0, age: 25 * HOUR, stays: false }
];

/** Sessions by how long before NOW they expire(d): one expiring at NOW is still honoured. */
const SESSIONS = [
	{ id: 'sweep-expired-long-ago', expiresIn: -30 * DAY, stays: false },
	{ id: 'sweep-expired-just-now', expiresIn: -1, stays: false },
	{ id: 'sweep-expires-now', expiresIn: 0, stays: true },
	{ id: 'sweep-live', expiresIn: 6 * DAY, stays: true }
];

/** Reset links and codes by how long before NOW they expire(d), used or not (reset.ts reads only live ones). */
const RESETS = [
	{ id: 'sweep-reset-old-unused', expiresIn: -2 * DAY, used: false, stays: false },
	{ id: 'sweep-reset-old-used', expiresIn: -1, used: true, stays: false },
	{ id: 'sweep-reset-expires-now', expiresIn: 0, used: false, stays: true },
	{ id: 'sweep-reset-live-used', expiresIn: 10 * MIN, used: true, stays: true },
	{ id: 'sweep-reset-live', expiresIn: 29 * MIN, used: false, stays: true }
];

/** Old registration refusals and fresh ones interleaved, more than one slice of the sweep. */
const MANY = 2500;
const many = (i: number): Try => ({
	kind: 'register',
	key: `address:10.1.${i >> 8}.${i & 255}`,
	ok: 0,
	age: i % 3 === 0 ? 10 * MIN : 3 * HOUR,
	stays: i % 3 === 0
});

async function insertTries(tries: Try[]) {
	for (let i = 0; i < tries.length; i += 200)
		await t.db
			.insertInto('login_attempt')
			.values(tries.slice(i, i + 200).map((r) => ({ kind: r.kind, key: r.key, ok: r.ok, at: NOW - r.age })))
			.execute();
}

const rowName = (r: { kind: string; key: string; ok: number; at: number }) =>
	`${r.kind} ${r.key} ok=${r.ok} age=${NOW - Number(r.at)}`;

describe('the sweep', () => {
	it('deletes exactly the tries no bound counts and the expired sessions', async () => {
		const all = [...TRIES, ...Array.from({ length: MANY }, (_, i) => many(i))];
		await insertTries(all);
		for (const s of SESSIONS)
			await t.db
				.insertInto('session')
				.values({ id: s.id, user_id: userId, created_at: NOW - 7 * DAY, expires_at: NOW + s.expiresIn })
				.execute();

		for (const r of RESETS)
			await t.db
				.insertInto('password_reset')
				.values({
					id: r.id,
					user_id: userId,
					kind: 'assisted',
					issued_by: userId,
					created_at: NOW + r.expiresIn - 30 * MIN,
					expires_at: NOW + r.expiresIn,
					used_at: r.used ? NOW + r.expiresIn - 20 * MIN : null,
					failures: 0
				})
				.execute();

		// Two processes sweeping at once.
		await Promise.all([sweep(t.db, NOW), sweep(t.db, NOW)]);

		const left = await t.db.selectFrom('login_attempt').selectAll().execute();
		const expected = all.filter((r) => r.stays).map((r) => rowName({ ...r, at: NOW - r.age }));
		expect(left.map(rowName).sort()).toEqual(expected.sort());

		const sessions = await t.db.selectFrom('session').select('id').where('id', 'like', 'sweep-%').execute();
		expect(sessions.map((s) => s.id).sort()).toEqual(
			SESSIONS.filter((s) => s.stays)
				.map((s) => s.id)
				.sort()
		);

		const resets = await t.db.selectFrom('password_reset').select('id').execute();
		expect(resets.map((r) => r.id).sort()).toEqual(
			RESETS.filter((r) => r.stays)
				.map((r) => r.id)
				.sort()
		);

		// Nothing more to forget at the same instant.
		expect(await sweep(t.db, NOW)).toEqual({ tries: 0, sessions: 0, resets: 0 });
	});
});
