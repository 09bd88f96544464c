// Forgetting what no rule reads any more, so tables do not grow without bound: tries no rate
// limit counts (login_attempt), sessions past their expiry (auth.ts `sessionUser` refuses
// them) and reset links and codes past theirs (reset.ts reads only live ones; the audit keeps
// who reset what). Run every few minutes by each server process (hooks.server.ts); several at once on
// PostgreSQL delete the same rows, which is harmless. In slices of SWEEP_BATCH rows with a turn
// of the event loop between, so a large table does not hold SQLite's one connection, which the
// hall's tablets need too.
import type { Db } from './db';
import { ADDRESS_WINDOW_MS, KNOWN_ADDRESS_MS, LOGIN_WINDOW_MS } from './ratelimit';
import { REGISTER_TRIES_MS } from './accounts';
import { RESET_TRIES_MS } from './reset';
import { LOOKUP_TRIES_MS } from './lookup';

/**
 * How long a try is counted by some bound, per kind (the windows are the rules' own); a
 * sign-in's `known:` mark (a success from an address, ratelimit.ts) counts for KNOWN_ADDRESS_MS.
 * A try is forgotten once older than this: no bound counts it now, nor later.
 */
export const TRIES_KEPT_MS = {
	login: Math.max(LOGIN_WINDOW_MS, ADDRESS_WINDOW_MS),
	known: KNOWN_ADDRESS_MS,
	register: REGISTER_TRIES_MS,
	reset: RESET_TRIES_MS,
	lookup: LOOKUP_TRIES_MS
} as const;

export const SWEEP_BATCH = 1000;
export const SWEEP_EVERY_MS = 10 * 60_000;
const KNOWN = 'known:%';

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Walks a table in primary-key order, SWEEP_BATCH rows a slice: `page` names the last key of the
 * next slice after `after` (undefined when none is left), `remove` deletes the slice's expired
 * rows and says how many. Stops early when `stopped()`.
 */
async function inSlices<K>(
	page: (after: K | undefined) => Promise<K | undefined>,
	remove: (after: K | undefined, last: K) => Promise<bigint>,
	stopped: () => boolean
): Promise<number> {
	let after: K | undefined;
	let deleted = 0;
	while (!stopped()) {
		const last = await page(after);
		if (last === undefined) break;
		deleted += Number(await remove(after, last));
		after = last;
		await nextTurn();
	}
	return deleted;
}

/** Deletes the tries no bound counts any more; how many. */
export async function sweepTries(db: Db, now: number, stopped = () => false): Promise<number> {
	const before = (ms: number) => now - ms;
	return inSlices<number>(
		async (after) => {
			const ids = await db
				.selectFrom('login_attempt')
				.select('id')
				.$if(after !== undefined, (q) => q.where('id', '>', after!))
				.orderBy('id')
				.limit(SWEEP_BATCH)
				.execute();
			return ids.length ? Number(ids[ids.length - 1].id) : undefined;
		},
		async (after, last) => {
			const r = await db
				.deleteFrom('login_attempt')
				.$if(after !== undefined, (q) => q.where('id', '>', after!))
				.where('id', '<=', last)
				.where((eb) =>
					eb.or([
						eb.and([
							eb('kind', '=', 'login'),
							eb('key', 'not like', KNOWN),
							eb('at', '<', before(TRIES_KEPT_MS.login))
						]),
						eb.and([
							eb('kind', '=', 'login'),
							eb('key', 'like', KNOWN),
							eb('at', '<', before(TRIES_KEPT_MS.known))
						]),
						eb.and([eb('kind', '=', 'register'), eb('at', '<', before(TRIES_KEPT_MS.register))]),
						eb.and([eb('kind', '=', 'reset'), eb('at', '<', before(TRIES_KEPT_MS.reset))]),
						eb.and([eb('kind', '=', 'lookup'), eb('at', '<', before(TRIES_KEPT_MS.lookup))])
					])
				)
				.executeTakeFirst();
			return r.numDeletedRows;
		},
		stopped
	);
}

/**
 * Deletes the rows of `table` past their expiry: sessions (auth.ts `sessionUser` refuses them),
 * reset links and codes, used or not (reset.ts `liveReset` reads only live ones); how many.
 */
export async function sweepExpired(
	db: Db,
	table: 'session' | 'password_reset',
	now: number,
	stopped = () => false
): Promise<number> {
	return inSlices<string>(
		async (after) => {
			const ids = await db
				.selectFrom(table)
				.select('id')
				.$if(after !== undefined, (q) => q.where('id', '>', after!))
				.orderBy('id')
				.limit(SWEEP_BATCH)
				.execute();
			return ids.length ? ids[ids.length - 1].id : undefined;
		},
		async (after, last) => {
			const r = await db
				.deleteFrom(table)
				.$if(after !== undefined, (q) => q.where('id', '>', after!))
				.where('id', '<=', last)
				.where('expires_at', '<', now)
				.executeTakeFirst();
			return r.numDeletedRows;
		},
		stopped
	);
}

/** The three sweeps, once. */
export async function sweep(db: Db, now = Date.now(), stopped = () => false) {
	return {
		tries: await sweepTries(db, now, stopped),
		sessions: await sweepExpired(db, 'session', now, stopped),
		resets: await sweepExpired(db, 'password_reset', now, stopped)
	};
}

/**
 * Sweeps every SWEEP_EVERY_MS while the process runs, one sweep at a time; the process's stop
 * (adapter-node's `sveltekit:shutdown`) ends it between two slices.
 */
export function scheduleSweep(db: Db) {
	let running = false;
	let stopping = false;
	const timer = setInterval(() => {
		if (running) return;
		running = true;
		sweep(db, Date.now(), () => stopping)
			.catch((e) => console.error('sweeping old tries, sessions and resets failed', e))
			.finally(() => (running = false));
	}, SWEEP_EVERY_MS).unref();
	process.once('sveltekit:shutdown' as 'exit', () => {
		stopping = true;
		clearInterval(timer);
	});
}
