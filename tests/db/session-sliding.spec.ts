// A session in use does not run out: a proctor who signed in a week before the final to prepare
// rooms is not signed out of the console during it. Used with less than half its week left, a
// session is extended to a full week, with one UPDATE at most once per half-life (never on every
// request: the console's paths are hot), and the answer sets the cookie again with the new
// Max-Age. A session left unused still ends. On SQLite and PostgreSQL.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Db } from '../../src/lib/server/db';
import { openDemoDb, type TestDb } from './testdb';
import { DEMO_ACCOUNTS } from '../../src/lib/server/demo/seed';
import {
	createSession,
	SESSION_COOKIE,
	SESSION_TTL_MS,
	sessionUser,
	useSession
} from '../../src/lib/server/auth';
import { countStatements } from './statement-count';

let t: TestDb;
let appDb: Db;
vi.mock('../../src/lib/server/app', () => ({ app: async () => ({ db: appDb }) }));
const { handle } = await import('../../src/hooks.server');

const NOW = Date.UTC(2026, 11, 6, 2, 0);
const DAY = 86400_000;

beforeAll(async () => {
	({ t } = await openDemoDb(NOW - 3600_000));
	appDb = t.db;
});
afterAll(async () => t?.drop());

const proctorId = async () =>
	(
		await t.db
			.selectFrom('app_user')
			.select('id')
			.where('phone', '=', DEMO_ACCOUNTS.proctor.phone)
			.executeTakeFirstOrThrow()
	).id;

const expiryOf = async (userId: string) =>
	(
		await t.db
			.selectFrom('session')
			.select('expires_at')
			.where('user_id', '=', userId)
			.executeTakeFirstOrThrow()
	).expires_at;

describe('a session in use', () => {
	it('is extended once past its half-life, not on every use, and outlives its first week', async () => {
		const user = await proctorId();
		const token = await createSession(t.db, user, NOW);
		const counted = countStatements(t.db);
		const statements = () => counted.naming(['session']);

		// Day 1 to 3: plenty left; each use only reads.
		for (const at of [NOW + DAY, NOW + 3 * DAY, NOW + 3.4 * DAY]) {
			const s = await useSession(counted.db, token, at);
			expect(s).toMatchObject({
				user: { id: user, role: 'proctor' },
				expiresAt: NOW + SESSION_TTL_MS,
				renewed: false
			});
		}
		expect(statements()).toBe(3);
		expect(await expiryOf(user)).toBe(NOW + SESSION_TTL_MS);

		// Day 4: less than half left; extended to a full week from now, in one more statement.
		const day4 = NOW + 4 * DAY;
		expect(await useSession(counted.db, token, day4)).toMatchObject({
			expiresAt: day4 + SESSION_TTL_MS,
			renewed: true
		});
		expect(statements()).toBe(3 + 2);
		expect(await expiryOf(user)).toBe(day4 + SESSION_TTL_MS);

		// Day 5 to 7: reads only again.
		for (const at of [NOW + 5 * DAY, NOW + 6 * DAY, NOW + 7 * DAY - 1])
			expect((await useSession(counted.db, token, at))?.renewed).toBe(false);
		expect(statements()).toBe(5 + 3);

		// The final, 8 days after signing in: still signed in (without sliding, gone at day 7).
		expect((await useSession(t.db, token, NOW + 8 * DAY))?.user.id).toBe(user);
		expect(await sessionUser(t.db, token, NOW + 8 * DAY)).not.toBeNull();
	});

	it('still ends when left unused for its lifetime', async () => {
		const user = (
			await t.db.selectFrom('app_user').select('id').where('role', '=', 'organiser').executeTakeFirstOrThrow()
		).id;
		const token = await createSession(t.db, user, NOW);
		expect(await useSession(t.db, token, NOW + SESSION_TTL_MS - 1)).not.toBeNull();
		const unused = await createSession(t.db, user, NOW);
		expect(await useSession(t.db, unused, NOW + SESSION_TTL_MS + 1)).toBeNull();
	});
});

describe('the request hook', () => {
	/** One GET through `handle` with the session cookie; the cookies it set. */
	async function through(token: string) {
		const set: { name: string; value: string; opts: Record<string, unknown> }[] = [];
		const event = {
			url: new URL('https://thi.example.vn/proctor'),
			route: { id: '/(site)/proctor' },
			request: new Request('https://thi.example.vn/proctor'),
			locals: {} as App.Locals,
			cookies: {
				get: (name: string) => (name === SESSION_COOKIE ? token : undefined),
				set: (name: string, value: string, opts: Record<string, unknown>) => set.push({ name, value, opts })
			}
		};
		await handle({ event: event as any, resolve: async () => new Response('ok') });
		return { user: event.locals.user, set };
	}

	it('sets the cookie again, a week long, only when it extends the session', async () => {
		const user = await proctorId();
		await t.db.deleteFrom('session').where('user_id', '=', user).execute();
		const real = Date.now();
		const fresh = await createSession(t.db, user, real - DAY);
		const first = await through(fresh);
		expect(first.user?.id).toBe(user);
		expect(first.set).toEqual([]);

		const old = await createSession(t.db, user, real - 5 * DAY);
		const second = await through(old);
		expect(second.user?.id).toBe(user);
		expect(second.set).toHaveLength(1);
		expect(second.set[0]).toMatchObject({
			name: SESSION_COOKIE,
			value: old,
			opts: { path: '/', httpOnly: true, sameSite: 'lax', secure: true }
		});
		const maxAge = second.set[0].opts.maxAge as number;
		expect(maxAge).toBeGreaterThan(SESSION_TTL_MS / 1000 - 60);
		expect(maxAge).toBeLessThanOrEqual(SESSION_TTL_MS / 1000);
		// The next request finds it extended: no write, no cookie.
		expect((await through(old)).set).toEqual([]);
	});
});
