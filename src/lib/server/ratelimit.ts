// Rate limits kept in the database (login_attempt), so every server process counts alike.
// Accounts are counted first and strictly; a network address only generously, since a
// whole school or venue shares one.
import type { Db } from './db';

export type LimitKind = 'login' | 'register';

export async function record(db: Db, kind: LimitKind, key: string, ok: boolean, now: number) {
	await db
		.insertInto('login_attempt')
		.values({ kind, key, at: now, ok: ok ? 1 : 0 })
		.execute();
}

/** Failed (or, for registrations, all) hits for a key since `since`. */
export async function countSince(
	db: Db,
	kind: LimitKind,
	key: string,
	since: number,
	onlyFailures: boolean
): Promise<{ count: number; oldest: number | null }> {
	let q = db
		.selectFrom('login_attempt')
		.select((eb) => [eb.fn.countAll<number>().as('count'), eb.fn.min('at').as('oldest')])
		.where('kind', '=', kind)
		.where('key', '=', key)
		.where('at', '>=', since);
	if (onlyFailures) q = q.where('ok', '=', 0);
	const row = await q.executeTakeFirstOrThrow();
	return { count: Number(row.count), oldest: row.oldest === null ? null : Number(row.oldest) };
}

/** Forget an account's failures once it signs in correctly. */
export async function clearFailures(db: Db, kind: LimitKind, key: string) {
	await db
		.deleteFrom('login_attempt')
		.where('kind', '=', kind)
		.where('key', '=', key)
		.where('ok', '=', 0)
		.execute();
}
