// Sign-in, sessions (stored in the database so several processes share them) and roles.
import { createHash, randomBytes } from 'node:crypto';
import type { Db } from './db';
import type { Role } from './db/schema';
import { BUSY_RETRY_MS, DUMMY_HASH, hashing, hashPassword, needsRehash, verifyPassword } from './password';
import { normalisePhone } from '$lib/exam/eligibility';
import { normaliseNationalId } from './accounts';
import { failure, type Outcome } from './failure';
import { isBusy } from './slots';
import { clearFailures, markSuccess, releaseTry, reserveLoginTry, type LoginLimits } from './ratelimit';

export const SESSION_COOKIE = 'pt_session';
export const SESSION_TTL_MS = 7 * 24 * 3600 * 1000;

export interface SessionUser {
	id: string;
	role: Role;
	fullName: string;
}

function sessionId(token: string): string {
	return createHash('sha256').update(token).digest('hex');
}

/**
 * Sessions one account keeps at most: a person signs in on a few devices; each sign-in past this
 * signs out the account's oldest, so signing in again and again (one's own password is never
 * refused) cannot grow the table without bound.
 */
export const MAX_SESSIONS_PER_USER = 20;

export async function createSession(db: Db, userId: string, now = Date.now()): Promise<string> {
	const token = randomBytes(32).toString('base64url');
	await db.transaction().execute(async (tx) => {
		await tx
			.insertInto('session')
			.values({ id: sessionId(token), user_id: userId, created_at: now, expires_at: now + SESSION_TTL_MS })
			.execute();
		const kept = await tx
			.selectFrom('session')
			.select(['created_at', 'id'])
			.where('user_id', '=', userId)
			.orderBy('created_at', 'desc')
			.orderBy('id', 'desc')
			.offset(MAX_SESSIONS_PER_USER - 1)
			.limit(1)
			.executeTakeFirst();
		if (!kept) return;
		// Older than the last one kept, or as old with a lower id (the order above).
		await tx
			.deleteFrom('session')
			.where('user_id', '=', userId)
			.where((eb) =>
				eb.or([
					eb('created_at', '<', kept.created_at),
					eb.and([eb('created_at', '=', kept.created_at), eb('id', '<', kept.id)])
				])
			)
			.execute();
	});
	return token;
}

/** A session as a request uses it: whose it is, until when, and whether this use extended it. */
export interface LiveSession {
	user: SessionUser;
	expiresAt: number;
	/** Extended by this use: the cookie is to be set again with the new expiry. */
	renewed: boolean;
}

/**
 * The session a request's cookie names, sliding: used when less than half of SESSION_TTL_MS is
 * left, it is extended to a full SESSION_TTL_MS from `now`, so whoever keeps using the site (a
 * proctor who signed in a week before the final) is not signed out in the middle of it. One
 * UPDATE at most once per half-life of a session, never on every request; requests side by side
 * at that moment may each write the same extension, and each answer renews the cookie.
 */
export async function useSession(db: Db, token: string, now = Date.now()): Promise<LiveSession | null> {
	const id = sessionId(token);
	const row = await liveSession(db, id, now);
	if (!row) return null;
	const user = { id: row.id, role: row.role, fullName: row.full_name };
	if (row.expires_at - now >= SESSION_TTL_MS / 2) return { user, expiresAt: row.expires_at, renewed: false };
	const expiresAt = now + SESSION_TTL_MS;
	await db
		.updateTable('session')
		.set({ expires_at: expiresAt })
		.where('id', '=', id)
		.where('expires_at', '<', expiresAt)
		.execute();
	return { user, expiresAt, renewed: true };
}

/**
 * Whose session the token is, without extending it: for checks no answer carries a cookie back
 * from (an open console stream's, every 15 s, push/streams.ts). Extending there would leave the
 * browser's cookie to run out at its old time while the session lived on.
 */
export async function sessionUser(db: Db, token: string, now = Date.now()): Promise<SessionUser | null> {
	const row = await liveSession(db, sessionId(token), now);
	return row ? { id: row.id, role: row.role, fullName: row.full_name } : null;
}

/** The session `id` and its account, unless it has expired or the account is disabled. */
async function liveSession(db: Db, id: string, now: number) {
	const row = await db
		.selectFrom('session')
		.innerJoin('app_user', 'app_user.id', 'session.user_id')
		.select(['app_user.id', 'app_user.role', 'app_user.full_name', 'app_user.disabled', 'session.expires_at'])
		.where('session.id', '=', id)
		.executeTakeFirst();
	return !row || row.expires_at < now || row.disabled ? null : row;
}

export async function deleteSession(db: Db, token: string): Promise<void> {
	await db.deleteFrom('session').where('id', '=', sessionId(token)).execute();
}

/**
 * A refusal: `tooManyTries` and `busy` (too many passwords wait to be checked) carry
 * `params.retryAfterMs`.
 */
export type SignInResult = Outcome<
	{ user: SessionUser; token: string },
	'badLogin' | 'tooManyTries' | 'tooManyFromAddress' | 'busy'
>;

/**
 * The account a login names: a phone number or a 12-digit national id, in any form registration
 * takes them (spaces in an id, +84 or 0084 before a phone), read by registration's own rules.
 * The phone first: "+84 (0) 912 345 679" has 12 digits too, and no national id reads as a phone
 * (an id starts with its province's code, 001 to 096).
 */
export function loginKey(login: string): { column: 'national_id' | 'phone'; value: string } | null {
	const phone = normalisePhone(login);
	if (phone) return { column: 'phone', value: phone };
	const nationalId = normaliseNationalId(login);
	return /^\d{12}$/.test(nationalId) ? { column: 'national_id', value: nationalId } : null;
}

/**
 * Staff and candidates alike: see ratelimit.ts for why failures are counted per (account, address).
 * `address` is the client's address key (client-address.ts `clientKey`).
 */
export async function signIn(
	db: Db,
	config: LoginLimits,
	input: { login: string; password: string; address: string },
	now = Date.now()
): Promise<SignInResult> {
	// Refused before anything is counted or written: a full queue of hashes, where this address
	// holds its share already (slots.ts), checks nothing.
	if (hashing.refuses(input.address)) return failure('busy', { retryAfterMs: BUSY_RETRY_MS });
	const key = loginKey(input.login);
	const user = key
		? await db.selectFrom('app_user').selectAll().where(key.column, '=', key.value).executeTakeFirst()
		: undefined;
	// An account is counted as one whichever way it is named (its phone or its national id: two
	// names, which counted apart gave a guesser twice the tries); a login naming nobody, by its text.
	const account = user ? `user:${user.id}` : key ? key.value : input.login.trim().toLowerCase();
	const keys = {
		pair: `pair:${account}|${input.address}`,
		account: `account:${account}`,
		address: `address:${input.address}`,
		known: `known:${account}|${input.address}`
	};
	// The try counts as a failure from here on, so sign-ins running side by side see it.
	const { gate, reserved } = await reserveLoginTry(db, keys, config, now);
	if (!gate.go)
		return gate.why === 'tooManyTries'
			? failure('tooManyTries', { retryAfterMs: gate.retryAfterMs })
			: failure('tooManyFromAddress');

	let valid: boolean;
	try {
		valid = await verifyPassword(input.password, user?.password_hash ?? DUMMY_HASH, input.address);
	} catch (e) {
		if (!isBusy(e)) throw e;
		await releaseTry(db, reserved);
		return failure('busy', { retryAfterMs: BUSY_RETRY_MS });
	}
	if (!user || !valid || user.disabled) return failure('badLogin');
	await releaseTry(db, reserved);
	await clearFailures(db, 'login', keys.pair);
	await markSuccess(db, 'login', keys.known, now);
	if (needsRehash(user.password_hash)) await rehash(db, user, input.password, input.address);
	const token = await createSession(db, user.id, now);
	return { ok: true, token, user: { id: user.id, role: user.role, fullName: user.full_name } };
}

/** A hash made at an older cost, replaced; left for the next sign-in when the hashing is busy. */
async function rehash(db: Db, user: { id: string; password_hash: string }, password: string, client: string) {
	let fresh: string;
	try {
		fresh = await hashPassword(password, client);
	} catch (e) {
		if (isBusy(e)) return;
		throw e;
	}
	// Only if nobody changed the password meanwhile (a reset racing this sign-in).
	await db
		.updateTable('app_user')
		.set({ password_hash: fresh })
		.where('id', '=', user.id)
		.where('password_hash', '=', user.password_hash)
		.execute();
}

/**
 * Who may open which part of the site: the one place role checks live. Organisers may also
 * use the proctor console. Paths not listed are public or authorise by token.
 */
const AREAS: { prefix: string; roles: Role[] }[] = [
	{ prefix: '/admin', roles: ['organiser'] },
	{ prefix: '/api/admin', roles: ['organiser'] },
	{ prefix: '/proctor', roles: ['proctor', 'organiser'] },
	{ prefix: '/api/proctor', roles: ['proctor', 'organiser'] },
	{ prefix: '/dashboard', roles: ['candidate'] },
	{ prefix: '/api/rounds', roles: ['candidate'] }
];

/**
 * The roles a request needs, judged on every name its path goes by: as sent, decoded (SvelteKit
 * routes the decoded path, so `/%61dmin` is served by `/admin`), and the route that serves it
 * (its id without layout groups). A role must satisfy each area any of them falls in.
 */
export function requiredRoles(pathname: string, routeId: string | null): Role[] | null {
	let roles: Role[] | null = null;
	for (const path of [pathname, decodedPath(pathname), routeId && routePath(routeId)]) {
		const area = path ? AREAS.find((a) => path === a.prefix || path.startsWith(a.prefix + '/')) : undefined;
		if (area) roles = roles ? roles.filter((r) => area.roles.includes(r)) : area.roles;
	}
	return roles;
}

/** The path as SvelteKit's router reads it (a path it cannot decode is answered 400 there). */
function decodedPath(pathname: string): string {
	try {
		return decodeURI(pathname);
	} catch {
		return pathname;
	}
}

/** `/(site)/admin/bank/[id]` → `/admin/bank/[id]`. */
export function routePath(routeId: string): string {
	return routeId.replace(/\/\([^/]*\)/g, '') || '/';
}

/** The session cookie's attributes: it lasts as long as the session (`useSession` renews both). */
export function sessionCookieOptions(secure: boolean, maxAgeMs = SESSION_TTL_MS) {
	return {
		path: '/',
		httpOnly: true,
		sameSite: 'lax' as const,
		secure,
		maxAge: Math.max(0, Math.floor(maxAgeMs / 1000))
	};
}

/** Where a role lands after signing in, unless it asked for a page. */
export function homeOf(role: Role): string {
	return role === 'organiser' ? '/admin' : role === 'proctor' ? '/proctor' : '/dashboard';
}

/** Controls (browsers drop tab, CR and LF from URLs) and backslashes (read as slashes). */
// eslint-disable-next-line no-control-regex
const UNSAFE_IN_PATH = /[\u0000-\u001f\u007f\\]/;

/**
 * The one rule for `?next=`: a path on this site, or null. Refuses anything a browser
 * could read as another host: `//host`, `/\\host`, controls hiding a second slash, and the
 * same spelled with percent-escapes.
 */
export function safeNext(next: string | null | undefined): string | null {
	if (!next || next.length > 2000) return null;
	let decoded: string;
	try {
		decoded = decodeURIComponent(next);
	} catch {
		return null;
	}
	for (const s of [next, decoded]) {
		if (!s.startsWith('/') || s.startsWith('//') || UNSAFE_IN_PATH.test(s)) return null;
	}
	const base = 'http://same-site.invalid';
	let url: URL;
	try {
		url = new URL(next, base);
	} catch {
		return null;
	}
	return url.origin === base ? next : null;
}
