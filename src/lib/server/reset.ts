// Password resets: an e-mailed single-use link, or a short one-time code an organiser reads
// to a caller after checking them by phone (for people without e-mail). Both expire, both
// are stored only as hashes, and a reset ends every session of the account.
import { createHash, randomBytes, randomInt } from 'node:crypto';
import type { Db } from './db';
import { loginKey } from './auth';
import { BUSY_RETRY_MS, hashPassword } from './password';
import { isBusy } from './slots';
import { releaseTry, reserveTry, underLimit } from './ratelimit';
import { audit } from './audit';
import { isStrongPassword } from '$lib/exam/eligibility';
import { outbox, type SendMail } from './mailer';
import { failure, type Failure } from './failure';

export const LINK_TTL_MS = 30 * 60 * 1000;
export const CODE_TTL_MS = 30 * 60 * 1000;
/** Wrong codes typed for an account before its code dies (the organiser issues a new one). */
export const CODE_TRIES = 5;
const REQUESTS_PER_ACCOUNT_PER_HOUR = 3;
const REQUESTS_PER_ADDRESS_PER_HOUR = 30;
const CODE_FAILURES_PER_ADDRESS_PER_HOUR = 20;
const HOUR = 3600_000;
/** No 0/O, 1/I/L: a code is read aloud over the phone. */
const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

const digest = (secret: string) => createHash('sha256').update(secret).digest('hex');

/** What the organiser types or the candidate reads back: case, spaces and dashes do not matter. */
export function normaliseCode(code: string): string {
	return code.toUpperCase().replace(/[\s-]/g, '');
}

function newCode(): string {
	let s = '';
	for (let i = 0; i < 8; i++) s += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
	return `${s.slice(0, 4)}-${s.slice(4)}`;
}

async function userByLogin(db: Db, login: string) {
	const key = loginKey(login);
	if (!key) return undefined;
	return db
		.selectFrom('app_user')
		.select(['id', 'full_name', 'email', 'phone', 'national_id', 'role', 'disabled'])
		.where(key.column, '=', key.value)
		.executeTakeFirst();
}

/** `tooManyResets` carries `params.retryAfterMs`: how long until the bound reached lets a try through. */
export type ResetFailure = Failure<
	'tooManyResets' | 'badResetLink' | 'badResetCode' | 'weakPassword' | 'busy'
>;

/** The longest window a reset try counts in (sweep.ts forgets older ones). */
export const RESET_TRIES_MS = HOUR;

interface MailOpts {
	linkBase: string;
	send: SendMail;
	mail: (to: { name: string; link: string }) => { subject: string; text: string };
}

/**
 * Mails a reset link when the login names an account with an e-mail address. The answer is
 * the same whether or not it does, and comes at once: the link is made and mailed afterwards
 * (mailer.ts `outbox`), so neither the time taken nor a mail server's failure tells who is
 * registered. A mail that fails is logged and its link forgotten; the page already says to
 * check the mailbox or call the organisers.
 */
export async function requestEmailReset(
	db: Db,
	opts: MailOpts & { login: string; address: string },
	now = Date.now()
): Promise<{ ok: true } | ResetFailure> {
	// Each request counts before anything is looked up or mailed (ratelimit.ts `reserveTry`), so
	// requests side by side are held to the same bounds as one at a time.
	const asked = await reserveTry(
		db,
		'reset',
		[{ key: `address:${opts.address}`, windowMs: HOUR, which: 'all', max: REQUESTS_PER_ADDRESS_PER_HOUR }],
		true,
		now
	);
	if (!asked.go) return failure('tooManyResets', { retryAfterMs: asked.retryAfterMs });
	const user = await userByLogin(db, opts.login);
	if (!user || user.disabled || !user.email) return { ok: true };
	const to = { id: user.id, name: user.full_name, email: user.email };
	if (!outbox.post(() => mailLink(db, to, opts, now)))
		console.error(`password reset mail for ${user.id} not sent: too many mails waiting`);
	return { ok: true };
}

/** After the answer: a link for the account, within its bound, mailed. */
async function mailLink(
	db: Db,
	user: { id: string; name: string; email: string },
	opts: MailOpts,
	now: number
) {
	// Quietly: a stranger must not fill someone's mailbox, nor learn the account exists.
	const mailed = await reserveTry(
		db,
		'reset',
		[{ key: `mail:${user.id}`, windowMs: HOUR, which: 'all', max: REQUESTS_PER_ACCOUNT_PER_HOUR }],
		true,
		now
	);
	if (!mailed.go) return;
	const token = randomBytes(32).toString('base64url');
	await db
		.insertInto('password_reset')
		.values({
			id: digest(token),
			user_id: user.id,
			kind: 'email',
			issued_by: null,
			created_at: now,
			expires_at: now + LINK_TTL_MS,
			used_at: null,
			failures: 0
		})
		.execute();
	const link = `${opts.linkBase}/reset?token=${token}`;
	try {
		await opts.send({ to: user.email, ...opts.mail({ name: user.name, link }) });
	} catch (e) {
		console.error(`password reset mail for ${user.id} failed`, e);
		await db.deleteFrom('password_reset').where('id', '=', digest(token)).execute();
		return;
	}
	await audit(db, { actorId: null, action: 'password.resetMailed', target: user.id }, now);
}

async function liveReset(db: Db, id: string, kind: 'email' | 'assisted', now: number) {
	return db
		.selectFrom('password_reset')
		.selectAll()
		.where('id', '=', id)
		.where('kind', '=', kind)
		.where('used_at', 'is', null)
		.where('expires_at', '>', now)
		.executeTakeFirst();
}

/** Whether an e-mailed link can still be used (the page says so before asking for a password). */
export async function linkIsLive(db: Db, token: string, now = Date.now()): Promise<boolean> {
	return token.length <= 100 && !!(await liveReset(db, digest(token), 'email', now));
}

/**
 * A new password hash for the account, in the caller's transaction: whoever knew the old password
 * is signed out everywhere, and the account's other reset links and codes die with it.
 */
export async function replacePassword(tx: Db, userId: string, hash: string, now: number): Promise<void> {
	await tx.updateTable('app_user').set({ password_hash: hash }).where('id', '=', userId).execute();
	await tx.deleteFrom('session').where('user_id', '=', userId).execute();
	await tx
		.updateTable('password_reset')
		.set({ used_at: now })
		.where('user_id', '=', userId)
		.where('used_at', 'is', null)
		.execute();
}

/**
 * Uses up the reset `id` and sets the password: 'used' when another request used it first,
 * 'busy' (nothing used up) when too many passwords wait to be hashed. The hashing waits in the
 * asker's address's share of the queue (password.ts), as a sign-in's does.
 */
async function setPassword(
	db: Db,
	reset: { id: string; user_id: string; kind: 'email' | 'assisted'; issued_by: string | null },
	password: string,
	address: string,
	now: number
): Promise<'set' | 'used' | 'busy'> {
	let hash: string;
	try {
		hash = await hashPassword(password, address);
	} catch (e) {
		if (isBusy(e)) return 'busy';
		throw e;
	}
	const set = await db.transaction().execute(async (tx) => {
		const used = await tx
			.updateTable('password_reset')
			.set({ used_at: now })
			.where('id', '=', reset.id)
			.where('used_at', 'is', null)
			.executeTakeFirst();
		if (Number(used.numUpdatedRows) !== 1) return false;
		await replacePassword(tx, reset.user_id, hash, now);
		await audit(
			tx,
			{
				actorId: reset.user_id,
				action: 'password.reset',
				target: reset.user_id,
				detail: { via: reset.kind, issuedBy: reset.issued_by }
			},
			now
		);
		return true;
	});
	return set ? 'set' : 'used';
}

export async function resetWithLink(
	db: Db,
	input: { token: string; password: string; address: string },
	now = Date.now()
): Promise<{ ok: true; userId: string } | ResetFailure> {
	const reset =
		input.token.length <= 100 ? await liveReset(db, digest(input.token), 'email', now) : undefined;
	if (!reset) return failure('badResetLink');
	if (!isStrongPassword(input.password)) return failure('weakPassword');
	const set = await setPassword(db, reset, input.password, input.address, now);
	if (set === 'busy') return failure('busy', { retryAfterMs: BUSY_RETRY_MS });
	if (set !== 'set') return failure('badResetLink');
	return { ok: true, userId: reset.user_id };
}

/**
 * The account's live code whose digest is `id`; otherwise every live code of the account counts
 * a wrong try, and dies at the CODE_TRIES-th. Compared and counted under the account's lock, so
 * wrong codes sent side by side, from any addresses, are each counted before the next is compared.
 */
async function compareCode(db: Db, userId: string, id: string, now: number) {
	return underLimit(db, 'reset', [`account:${userId}`], async (tx) => {
		const live = await tx
			.selectFrom('password_reset')
			.selectAll()
			.where('user_id', '=', userId)
			.where('kind', '=', 'assisted')
			.where('used_at', 'is', null)
			.where('expires_at', '>', now)
			.execute();
		const right = live.find((r) => r.id === id);
		if (right || !live.length) return right;
		await tx
			.updateTable('password_reset')
			.set((eb) => ({ failures: eb('failures', '+', 1) }))
			.where('user_id', '=', userId)
			.where('kind', '=', 'assisted')
			.where('used_at', 'is', null)
			.where('expires_at', '>', now)
			.execute();
		await tx
			.updateTable('password_reset')
			.set({ used_at: now })
			.where('user_id', '=', userId)
			.where('kind', '=', 'assisted')
			.where('used_at', 'is', null)
			.where('failures', '>=', CODE_TRIES)
			.execute();
		return undefined;
	});
}

export async function resetWithCode(
	db: Db,
	input: { login: string; code: string; password: string; address: string },
	now = Date.now()
): Promise<{ ok: true; userId: string } | ResetFailure> {
	// A try counts as a wrong code before the code is compared, so tries side by side see each
	// other; a right code takes it back.
	const tried = await reserveTry(
		db,
		'reset',
		[
			{
				key: `code:${input.address}`,
				windowMs: HOUR,
				which: 'failures',
				max: CODE_FAILURES_PER_ADDRESS_PER_HOUR
			}
		],
		false,
		now
	);
	if (!tried.go) return failure('tooManyResets', { retryAfterMs: tried.retryAfterMs });
	const user = await userByLogin(db, input.login);
	const id = digest(normaliseCode(input.code));
	const reset = user ? await compareCode(db, user.id, id, now) : undefined;
	if (!reset) return failure('badResetCode');
	await releaseTry(db, tried.reserved);
	if (!isStrongPassword(input.password)) return failure('weakPassword');
	const set = await setPassword(db, reset, input.password, input.address, now);
	if (set === 'busy') return failure('busy', { retryAfterMs: BUSY_RETRY_MS });
	if (set !== 'set') return failure('badResetCode');
	return { ok: true, userId: reset.user_id };
}

export interface AccountSummary {
	id: string;
	fullName: string;
	role: string;
	phone: string | null;
	nationalId: string | null;
	birthDate: string | null;
	unitName: string | null;
}

/** What the organiser reads to check a caller: the account a login names. */
export async function findAccount(db: Db, login: string): Promise<AccountSummary | null> {
	const key = loginKey(login);
	if (!key) return null;
	const row = await db
		.selectFrom('app_user')
		.leftJoin('candidate_profile', 'candidate_profile.user_id', 'app_user.id')
		.leftJoin('unit', 'unit.id', 'candidate_profile.unit_id')
		.select([
			'app_user.id',
			'app_user.full_name',
			'app_user.role',
			'app_user.phone',
			'app_user.national_id',
			'candidate_profile.birth_date',
			'unit.name as unit_name'
		])
		.where(`app_user.${key.column}`, '=', key.value)
		.executeTakeFirst();
	return row
		? {
				id: row.id,
				fullName: row.full_name,
				role: row.role,
				phone: row.phone,
				nationalId: row.national_id,
				birthDate: row.birth_date ?? null,
				unitName: row.unit_name ?? null
			}
		: null;
}

/** A new one-time code for `userId`; earlier unused codes for the account stop working. Audited. */
export async function issueCode(
	db: Db,
	input: { userId: string; actorId: string },
	now = Date.now()
): Promise<{ code: string; expiresAt: number }> {
	const code = newCode();
	const expiresAt = now + CODE_TTL_MS;
	// Under the account's lock (compareCode's): codes issued side by side each end the one before
	// (on PostgreSQL, ended and inserted without it, 10 at once left 4 live codes).
	await underLimit(db, 'reset', [`account:${input.userId}`], async (tx) => {
		await tx
			.updateTable('password_reset')
			.set({ used_at: now })
			.where('user_id', '=', input.userId)
			.where('kind', '=', 'assisted')
			.where('used_at', 'is', null)
			.execute();
		await tx
			.insertInto('password_reset')
			.values({
				id: digest(normaliseCode(code)),
				user_id: input.userId,
				kind: 'assisted',
				issued_by: input.actorId,
				created_at: now,
				expires_at: expiresAt,
				used_at: null,
				failures: 0
			})
			.execute();
		await audit(
			tx,
			{ actorId: input.actorId, action: 'password.codeIssued', target: input.userId, detail: { expiresAt } },
			now
		);
	});
	return { code, expiresAt };
}
