// What the organiser does to someone else's account on /admin/accounts (look it up, disable it,
// enable it again), and what the server's operator does from the command line (a staff
// account's new password: scripts/set-staff-password.ts). Every change is audited.
import { sql } from 'kysely';
import type { Db } from './db';
import { findAccount, replacePassword, type AccountSummary } from './reset';
import { hashPassword } from './password';
import { audit } from './audit';
import { closeAttempt, isPostgres, lockedRead } from './attempts';
import { isStrongPassword, normalisePhone } from '$lib/exam/eligibility';
import { messages } from '$lib/i18n';

export type AssistLookup =
	| { kind: 'none' }
	/** An organiser's account: its password is set on the server (`npm run admin:password`), never here. */
	| { kind: 'organiser'; phone: string | null }
	| { kind: 'account'; account: AccountSummary & { disabled: boolean } };

/** The account a login names, as /admin/accounts shows it: a candidate's or a proctor's. */
export async function lookUpForAssist(db: Db, login: string): Promise<AssistLookup> {
	const account = await findAccount(db, login);
	if (!account) return { kind: 'none' };
	if (account.role === 'organiser') return { kind: 'organiser', phone: account.phone };
	const row = await db
		.selectFrom('app_user')
		.select('disabled')
		.where('id', '=', account.id)
		.executeTakeFirstOrThrow();
	return { kind: 'account', account: { ...account, disabled: !!row.disabled } };
}

export type DisableRefusal = 'notFound' | 'disableSelf' | 'lastOrganiser';

/**
 * Disables the account `userId` (`disabled` true) or enables it again. Disabling ends its
 * sessions at once (auth.ts refuses a disabled account at sign-in and on every request anyway)
 * and closes its attempts open at home (`closeHomeAttempts`);
 * nobody disables their own account, nor the last organiser who can still sign in. A change is
 * audited (`account.disable`, `account.enable`); asking for the state the account is in already
 * changes and logs nothing. On PostgreSQL under one lock, so two organisers disabling each
 * other at the same moment cannot leave nobody.
 */
export async function setAccountDisabled(
	db: Db,
	input: { actorId: string | null; userId: string; disabled: boolean },
	now = Date.now()
): Promise<{ ok: true; changed: boolean } | { ok: false; code: DisableRefusal }> {
	return db.transaction().execute(async (tx) => {
		if (isPostgres(tx))
			await sql`SELECT pg_advisory_xact_lock(hashtextextended('account.disable', 0))`.execute(tx);
		const user = await tx
			.selectFrom('app_user')
			.select(['id', 'role', 'disabled'])
			.where('id', '=', input.userId)
			.executeTakeFirst();
		if (!user) return { ok: false, code: 'notFound' } as const;
		if (!!user.disabled === input.disabled) return { ok: true, changed: false } as const;
		if (input.disabled) {
			if (user.id === input.actorId) return { ok: false, code: 'disableSelf' } as const;
			if (user.role === 'organiser') {
				const others = await tx
					.selectFrom('app_user')
					.select((eb) => eb.fn.countAll<number>().as('n'))
					.where('role', '=', 'organiser')
					.where('disabled', '=', 0)
					.where('id', '!=', user.id)
					.executeTakeFirstOrThrow();
				if (Number(others.n) === 0) return { ok: false, code: 'lastOrganiser' } as const;
			}
		}
		await tx
			.updateTable('app_user')
			.set({ disabled: input.disabled ? 1 : 0 })
			.where('id', '=', user.id)
			.execute();
		let closed = 0;
		if (input.disabled) {
			await tx.deleteFrom('session').where('user_id', '=', user.id).execute();
			closed = await closeHomeAttempts(tx, user.id, now);
		}
		await audit(
			tx,
			{
				actorId: input.actorId,
				action: input.disabled ? 'account.disable' : 'account.enable',
				target: user.id,
				...(closed ? { detail: { closedAttempts: closed } } : {})
			},
			now
		);
		return { ok: true, changed: true } as const;
	});
}

/**
 * A disabled account's attempts still open at home are closed now and graded on what the server
 * holds (`account_disabled`): its sessions end, and so does the attempt its devices hold a token
 * for, or whoever has its password could go on answering. What a device sends after counts no
 * more (counting.ts `after_submit`) and is still stored. A final's attempt is its room's: the
 * proctor's to close. How many it closed.
 */
async function closeHomeAttempts(tx: Db, userId: string, now: number): Promise<number> {
	const q = tx
		.selectFrom('attempt')
		.selectAll()
		.where('user_id', '=', userId)
		.where('mode', '=', 'home')
		.where('status', 'in', ['running', 'paused', 'waiting']);
	const open = await lockedRead(tx, q).execute();
	for (const a of open) await closeAttempt(tx, a, 'account_disabled', now);
	return open.length;
}

/**
 * A staff account's new password, set by the server's operator (an organiser who forgot theirs
 * cannot be helped from the web: scripts/set-staff-password.ts). Ends the account's sessions and
 * unused reset links and codes, and is audited (`password.setOnServer`, nobody acting). Throws
 * with the catalogue's Vietnamese sentence when the phone or password will not do, or the phone
 * names no organiser or proctor.
 */
export async function setStaffPassword(
	db: Db,
	input: { phone: string; password: string },
	now = Date.now()
): Promise<{ id: string; role: 'organiser' | 'proctor'; fullName: string }> {
	const m = messages('vi');
	const phone = normalisePhone(input.phone);
	if (!phone) throw new Error(m.errors.badPhone);
	if (!isStrongPassword(input.password)) throw new Error(m.errors.weakPassword);
	const user = await db
		.selectFrom('app_user')
		.select(['id', 'role', 'full_name'])
		.where('phone', '=', phone)
		.executeTakeFirst();
	if (!user || user.role === 'candidate') throw new Error(m.account.staff.noStaffAccount);
	// Hashed before the transaction, which must not wait for the hashing (password.ts).
	const hash = await hashPassword(input.password);
	await db.transaction().execute(async (tx) => {
		await replacePassword(tx, user.id, hash, now);
		await audit(tx, { actorId: null, action: 'password.setOnServer', target: user.id }, now);
	});
	return { id: user.id, role: user.role, fullName: user.full_name };
}
