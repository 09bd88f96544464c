// Rate limits kept in the database (login_attempt), so every server process counts alike.
// Password guessing is bounded per (account, address) with growing delays, so a stranger
// elsewhere cannot lock the owner out; per account by a generous bound past which each address
// the account has not signed in from has a slow lane of its own (never one shared, which a
// stranger could take every time: `loginGate`), and which addresses the account has signed in
// from before are exempt from; per address only generously, since a whole school or venue shares
// one. An "address" is an IPv4 address or an IPv6 /64 (client-address.ts). Registrations and
// password resets are bounded per address (and reset mail per account) with `reserveTry`. Every
// bound is checked and its try counted in one step (`underLimit`), before the work it guards. A
// refusal that passes with time says how long (`retryAfterMs`), worked out from the tries the
// database holds.
import { sql } from 'kysely';
import type { Db } from './db';
import { isPostgres } from './attempts/wire';

export type LimitKind = 'login' | 'register' | 'reset' | 'lookup';

export async function record(db: Db, kind: LimitKind, key: string, ok: boolean, now: number) {
	await db
		.insertInto('login_attempt')
		.values({ kind, key, at: now, ok: ok ? 1 : 0 })
		.execute();
}

export interface Hits {
	count: number;
	oldest: number | null;
	newest: number | null;
}

/** Hits for a key since `since`: failures only, successes only, or all. */
export async function countSince(
	db: Db,
	kind: LimitKind,
	key: string,
	since: number,
	which: 'failures' | 'successes' | 'all'
): Promise<Hits> {
	let q = db
		.selectFrom('login_attempt')
		.select((eb) => [
			eb.fn.countAll<number>().as('count'),
			eb.fn.min('at').as('oldest'),
			eb.fn.max('at').as('newest')
		])
		.where('kind', '=', kind)
		.where('key', '=', key)
		.where('at', '>=', since);
	if (which !== 'all') q = q.where('ok', '=', which === 'failures' ? 0 : 1);
	const row = await q.executeTakeFirstOrThrow();
	const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
	return { count: Number(row.count), oldest: num(row.oldest), newest: num(row.newest) };
}

/** Forget a key's failures (an account's, from one address, once it signs in correctly). */
export async function clearFailures(db: Db, kind: LimitKind, key: string) {
	await db
		.deleteFrom('login_attempt')
		.where('kind', '=', kind)
		.where('key', '=', key)
		.where('ok', '=', 0)
		.execute();
}

/** Forgets a kind's tries older than `before`, once no bound counts them. */
export async function forgetTries(db: Db, kind: LimitKind, before: number) {
	await db.deleteFrom('login_attempt').where('kind', '=', kind).where('at', '<', before).execute();
}

/** Replaces a key's success mark: one row per key, however often it signs in. */
export async function markSuccess(db: Db, kind: LimitKind, key: string, now: number) {
	await db.deleteFrom('login_attempt').where('kind', '=', kind).where('key', '=', key).execute();
	await record(db, kind, key, true, now);
}

export const LOGIN_WINDOW_MS = 60 * 60 * 1000;
export const ADDRESS_WINDOW_MS = 15 * 60 * 1000;
/** A success from an address this recent makes it a known address of the account. */
export const KNOWN_ADDRESS_MS = 60 * 24 * 3600 * 1000;
/** The first delay once the free tries are used; it doubles with every further failure. */
export const FIRST_DELAY_MS = 30_000;
export const MAX_DELAY_MS = 15 * 60 * 1000;
/** Over the account-wide bound, each address the account does not know may try once per this long. */
export const NEW_ADDRESS_LANE_MS = 5 * 60_000;
/**
 * Over this many times the account-wide bound in the hour, each such address may try once an
 * hour: its first try still goes through.
 */
export const ACCOUNT_CEILING_TIMES = 2;
/** At this many times the bound in the hour, addresses the account does not know wait for the hour. */
export const ACCOUNT_CAP_TIMES = 10;

export interface LoginLimits {
	/** Failures from one address at one account before delays start. */
	loginFreeTries: number;
	/** Failures at one account, from anywhere, per hour before each new address gets a slow lane. */
	loginFailuresPerAccount: number;
	/** Failures from one address, at any accounts, per 15 minutes. */
	loginFailuresPerAddress: number;
}

export interface LoginHistory {
	/** This account's failures from this address in the last hour. */
	pair: Hits;
	/** This account's failures from anywhere in the last hour. */
	account: Hits;
	/** Failures from this address in the last 15 minutes. */
	address: Hits;
	/** The account signed in from this address recently. */
	knownAddress: boolean;
}

export type LoginGate =
	| { go: true }
	| { go: false; why: 'tooManyTries'; retryAfterMs: number }
	| { go: false; why: 'tooManyFromAddress' };

/** The delay after `failures` failures from one address: none for the free tries, then 30 s, 1 min, 2 min … 15 min. */
export function pairDelayMs(failures: number, freeTries: number): number {
	if (failures < freeTries) return 0;
	return Math.min(MAX_DELAY_MS, FIRST_DELAY_MS * 2 ** Math.min(20, failures - freeTries));
}

/** Whether a sign-in may be tried now, and if not how long to wait. */
export function loginGate(h: LoginHistory, limits: LoginLimits, now: number): LoginGate {
	if (h.address.count >= limits.loginFailuresPerAddress) return { go: false, why: 'tooManyFromAddress' };
	const pairWait = (h.pair.newest ?? 0) + pairDelayMs(h.pair.count, limits.loginFreeTries) - now;
	const wait = Math.max(pairWait, h.knownAddress ? 0 : newAddressWaitMs(h, limits, now));
	return wait > 0 ? { go: false, why: 'tooManyTries', retryAfterMs: wait } : { go: true };
}

/**
 * Over the account-wide bound B, the wait of an address the account does not know, measured from
 * that address's own last failure at the account, never from anyone else's, so no stranger can
 * take the owner's try: one per NEW_ADDRESS_LANE_MS, and from 2·B failures in the hour one an
 * hour, an address with no failure there in the hour waiting for nothing. Only at 10·B (500) does
 * every such address wait, until the hour's failures fall below it. So a stranger with N
 * addresses gets at most ~12·N guesses an hour, never more than 10·B, and to keep the owner out
 * must send 10·B wrong passwords an hour from about as many addresses (README, "Limits").
 */
function newAddressWaitMs(h: LoginHistory, limits: LoginLimits, now: number): number {
	const bound = limits.loginFailuresPerAccount;
	if (h.account.count < bound) return 0;
	// Until the oldest failure leaves the hour (the instant after: the hour counts its last instant).
	if (h.account.count >= bound * ACCOUNT_CAP_TIMES)
		return (h.account.oldest ?? now) + LOGIN_WINDOW_MS + 1 - now;
	if (h.pair.newest === null) return 0;
	const lane = h.account.count >= bound * ACCOUNT_CEILING_TIMES ? LOGIN_WINDOW_MS : NEW_ADDRESS_LANE_MS;
	return h.pair.newest + lane - now;
}

/** The rows a sign-in is counted by: failures at `pair`, `account` and `address`; successes at `known`. */
export interface LoginKeys {
	pair: string;
	account: string;
	address: string;
	known: string;
}

/**
 * The one way a limit is checked: `work` reads the counts and records the try in one
 * transaction, so requests running side by side see each other's tries (read first and recorded
 * later, 40 at once all read 0 and all got through). On PostgreSQL it first takes an advisory
 * lock per key, in the order given (callers of one kind always give them in the same order), so
 * connections and processes take turns; SQLite's one connection runs transactions one after another.
 */
export async function underLimit<T>(
	db: Db,
	kind: LimitKind,
	keys: string[],
	work: (tx: Db) => Promise<T>
): Promise<T> {
	return db.transaction().execute(async (tx) => {
		if (isPostgres(tx))
			for (const key of keys)
				await sql`SELECT pg_advisory_xact_lock(hashtextextended(${kind + ' ' + key}, 0))`.execute(tx);
		return work(tx);
	});
}

/** Records one try at each key; returns the rows' ids, for `releaseTry`. */
async function recordTries(tx: Db, kind: LimitKind, keys: string[], ok: boolean, now: number) {
	const rows = await tx
		.insertInto('login_attempt')
		.values(keys.map((key) => ({ kind, key, at: now, ok: ok ? 1 : 0 })))
		.returning('id')
		.execute();
	return rows.map((r) => Number(r.id));
}

/** At most `max` tries (`which` of them) at `key` in the last `windowMs`. */
export interface Bound {
	key: string;
	windowMs: number;
	which: 'failures' | 'successes' | 'all';
	max: number;
}

export type Reservation = { go: true; reserved: number[] } | { go: false; over: Bound; retryAfterMs: number };

/** A try counts at a bound from its time until `windowMs` later, that instant excluded. */
const windowStart = (bound: Bound, now: number) => now - bound.windowMs + 1;

/**
 * How long until a bound reached lets a try through: until the oldest try it counts leaves the
 * window. (`reserveTry` never counts past `max`, so one leaving is enough; were the limit lowered
 * since, the next refusal tells the rest of the wait.)
 */
function waitMs(bound: Bound, hits: Hits, now: number): number {
	return (hits.oldest ?? now) + bound.windowMs - now;
}

/**
 * Whether a try is within every bound, and if so counted at once at each bound's key (as a
 * success when `ok`, else a failure), before the work it guards: registrations and resets.
 * Refused, nothing is counted, and the answer names the bound that holds the try back longest
 * and how long (`retryAfterMs`). The rows are given back with `releaseTry` when the try turns
 * out not to count.
 */
export async function reserveTry(
	db: Db,
	kind: LimitKind,
	bounds: Bound[],
	ok: boolean,
	now: number
): Promise<Reservation> {
	const keys = [...new Set(bounds.map((b) => b.key))];
	return underLimit(db, kind, keys, async (tx) => {
		let refused: Extract<Reservation, { go: false }> | null = null;
		for (const bound of bounds) {
			const hits = await countSince(tx, kind, bound.key, windowStart(bound, now), bound.which);
			if (hits.count < bound.max) continue;
			const wait = waitMs(bound, hits, now);
			if (!refused || wait > refused.retryAfterMs) refused = { go: false, over: bound, retryAfterMs: wait };
		}
		return refused ?? { go: true, reserved: await recordTries(tx, kind, keys, ok, now) };
	});
}

/** Takes back the tries reserved (`reserveLoginTry`, `reserveTry`) that turned out not to count. */
export async function releaseTry(db: Db, reserved: number[]) {
	if (reserved.length) await db.deleteFrom('login_attempt').where('id', 'in', reserved).execute();
}

/**
 * Whether a sign-in may be tried, and if so its failure recorded at once, before the password
 * is checked, under the account's and the address's locks (`underLimit`, taken in that order by
 * every sign-in). Returns the rows to give back (`releaseTry`) when the password turns out right
 * or was never checked.
 */
export async function reserveLoginTry(
	db: Db,
	keys: LoginKeys,
	limits: LoginLimits,
	now: number
): Promise<{ gate: LoginGate; reserved: number[] }> {
	return underLimit(db, 'login', [keys.account, keys.address], async (tx) => {
		const [pair, account, address, known] = await Promise.all([
			countSince(tx, 'login', keys.pair, now - LOGIN_WINDOW_MS, 'failures'),
			countSince(tx, 'login', keys.account, now - LOGIN_WINDOW_MS, 'failures'),
			countSince(tx, 'login', keys.address, now - ADDRESS_WINDOW_MS, 'failures'),
			countSince(tx, 'login', keys.known, now - KNOWN_ADDRESS_MS, 'successes')
		]);
		const gate = loginGate({ pair, account, address, knownAddress: known.count > 0 }, limits, now);
		if (!gate.go) return { gate, reserved: [] };
		return {
			gate,
			reserved: await recordTries(tx, 'login', [keys.pair, keys.account, keys.address], false, now)
		};
	});
}
