// Sign-in, sessions (stored in the database so several processes share them) and roles.
import { createHash, randomBytes } from 'node:crypto';
import type { Db } from './db';
import type { Role } from './db/schema';
import { DUMMY_HASH, verifyPassword } from './password';
import { normalisePhone } from '$lib/exam/eligibility';
import { clearFailures, countSince, record } from './ratelimit';
import type { ServerConfig } from './config';

export const SESSION_COOKIE = 'pt_session';
export const SESSION_TTL_MS = 7 * 24 * 3600 * 1000;
export const LOCK_WINDOW_MS = 15 * 60 * 1000;

export interface SessionUser {
	id: string;
	role: Role;
	fullName: string;
}

function sessionId(token: string): string {
	return createHash('sha256').update(token).digest('hex');
}

export async function createSession(db: Db, userId: string, now = Date.now()): Promise<string> {
	const token = randomBytes(32).toString('base64url');
	await db
		.insertInto('session')
		.values({ id: sessionId(token), user_id: userId, created_at: now, expires_at: now + SESSION_TTL_MS })
		.execute();
	return token;
}

export async function sessionUser(db: Db, token: string, now = Date.now()): Promise<SessionUser | null> {
	const row = await db
		.selectFrom('session')
		.innerJoin('app_user', 'app_user.id', 'session.user_id')
		.select(['app_user.id', 'app_user.role', 'app_user.full_name', 'app_user.disabled', 'session.expires_at'])
		.where('session.id', '=', sessionId(token))
		.executeTakeFirst();
	if (!row || row.expires_at < now || row.disabled) return null;
	return { id: row.id, role: row.role, fullName: row.full_name };
}

export async function deleteSession(db: Db, token: string): Promise<void> {
	await db.deleteFrom('session').where('id', '=', sessionId(token)).execute();
}

export type SignInResult =
	| { ok: true; user: SessionUser; token: string }
	| { ok: false; reason: 'badLogin' }
	| { ok: false; reason: 'lockedAccount'; retryAfterMs: number }
	| { ok: false; reason: 'tooManyFromAddress' };

/** The account a login names: a 12-digit national id or a phone number. */
function loginKey(login: string): { column: 'national_id' | 'phone'; value: string } | null {
	const trimmed = login.trim();
	if (/^\d{12}$/.test(trimmed)) return { column: 'national_id', value: trimmed };
	const phone = normalisePhone(trimmed);
	return phone ? { column: 'phone', value: phone } : null;
}

export async function signIn(
	db: Db,
	config: Pick<ServerConfig, 'loginFailuresPerAccount' | 'loginFailuresPerAddress'>,
	input: { login: string; password: string; address: string },
	now = Date.now()
): Promise<SignInResult> {
	const since = now - LOCK_WINDOW_MS;
	const key = loginKey(input.login);
	const accountKey = `account:${key ? key.value : input.login.trim().toLowerCase()}`;
	const addressKey = `address:${input.address}`;

	const byAccount = await countSince(db, 'login', accountKey, since, true);
	if (byAccount.count >= config.loginFailuresPerAccount) {
		return {
			ok: false,
			reason: 'lockedAccount',
			retryAfterMs: (byAccount.oldest ?? now) + LOCK_WINDOW_MS - now
		};
	}
	const byAddress = await countSince(db, 'login', addressKey, since, true);
	if (byAddress.count >= config.loginFailuresPerAddress) return { ok: false, reason: 'tooManyFromAddress' };

	const user = key
		? await db.selectFrom('app_user').selectAll().where(key.column, '=', key.value).executeTakeFirst()
		: undefined;
	const valid = await verifyPassword(input.password, user?.password_hash ?? DUMMY_HASH);
	if (!user || !valid || user.disabled) {
		await record(db, 'login', accountKey, false, now);
		await record(db, 'login', addressKey, false, now);
		return { ok: false, reason: 'badLogin' };
	}
	await clearFailures(db, 'login', accountKey);
	const token = await createSession(db, user.id, now);
	return { ok: true, token, user: { id: user.id, role: user.role, fullName: user.full_name } };
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

export function requiredRoles(pathname: string): Role[] | null {
	const area = AREAS.find((a) => pathname === a.prefix || pathname.startsWith(a.prefix + '/'));
	return area ? area.roles : null;
}

export function sessionCookieOptions(secure: boolean) {
	return { path: '/', httpOnly: true, sameSite: 'lax' as const, secure, maxAge: SESSION_TTL_MS / 1000 };
}

/** Where a role lands after signing in, unless it asked for a page. */
export function homeOf(role: Role): string {
	return role === 'organiser' ? '/admin' : role === 'proctor' ? '/proctor' : '/dashboard';
}

export function safeNext(next: string | null): string | null {
	return next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\') ? next : null;
}
