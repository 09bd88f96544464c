// Password hashing with scrypt (node:crypto), stored as scrypt$N$r$p$salt$hash.
import { randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { Slots } from './slots';

/**
 * OWASP's current guidance for scrypt: N=2^17, r=8, p=1 (128 MiB per hash). Node refuses
 * more than 32 MiB unless maxmem is raised; at most two run at once (below), so a burst of
 * sign-ins at the start of a round uses at most ~256 MiB.
 */
export const SCRYPT_COST = { N: 2 ** 17, r: 8, p: 1 } as const;
const KEYLEN = 32;
/** Room for the stored cost and a little more; never less than scrypt needs (128·N·r). */
const MAX_MEM = 256 * 1024 * 1024;
/** Stored hashes naming more than this are refused rather than computed (a tampered row). */
const MAX_N = 2 ** 20;

/**
 * scrypt runs on libuv's thread pool (4 threads unless UV_THREADPOOL_SIZE says otherwise), where
 * the SQLite driver also fsyncs the WAL before any write is answered (db/sqlite-flush.ts): 48
 * sign-ins at once held every sync and submit behind them for half a minute or more. So at most two hashes run at
 * once (fewer on a pool of three threads or less), leaving two threads for the flush and the
 * rest of the I/O. Eight per slot may wait (a few seconds each); beyond that a caller is refused
 * at once (`busy`, answered 429) rather than held for a minute, unless another address holds
 * more than its share of the places (slots.ts). One per process, as the thread pool is.
 */
export function hashesAtOnce(threadPoolSize: string | undefined): number {
	const threads = /^\d+$/.test(threadPoolSize ?? '') ? Math.max(1, Number(threadPoolSize)) : 4;
	return Math.max(1, Math.min(2, threads - 2));
}
const AT_ONCE = hashesAtOnce(process.env.UV_THREADPOOL_SIZE);
export const hashing = new Slots(AT_ONCE, 8 * AT_ONCE);

/**
 * How long a caller refused as `busy` (a sign-in, a registration, a new password) is told to
 * wait: the queue of hashes drains within seconds, and a fixed wait spreads a crowd's retries no
 * worse than the tries did.
 */
export const BUSY_RETRY_MS = 5_000;

/**
 * Throws a `busy` Refusal (slots.ts) when as many hashes as may wait are waiting and `client`
 * (the address key of whoever asked, client-address.ts; '' for work no client asked for) holds
 * its share of them.
 */
function scrypt(pw: string, salt: Buffer, opts: ScryptOptions, client: string): Promise<Buffer> {
	return hashing.run(
		() =>
			new Promise((resolve, reject) =>
				scryptCb(pw.normalize('NFC'), salt, KEYLEN, { ...opts, maxmem: MAX_MEM }, (err, key) =>
					err ? reject(err) : resolve(key)
				)
			),
		client
	);
}

export async function hashPassword(pw: string, client = ''): Promise<string> {
	const { N, r, p } = SCRYPT_COST;
	const salt = randomBytes(16);
	const key = await scrypt(pw, salt, { N, r, p }, client);
	return `scrypt$${N}$${r}$${p}$${salt.toString('base64')}$${key.toString('base64')}`;
}

export async function verifyPassword(pw: string, stored: string, client = ''): Promise<boolean> {
	const [scheme, n, r, p, salt, hash] = stored.split('$');
	if (scheme !== 'scrypt' || !hash) return false;
	const N = Number(n);
	if (!Number.isInteger(N) || N < 2 || N > MAX_N) return false;
	const expected = Buffer.from(hash, 'base64');
	const key = await scrypt(pw, Buffer.from(salt, 'base64'), { N, r: Number(r), p: Number(p) }, client);
	return key.length === expected.length && timingSafeEqual(key, expected);
}

/** A hash made with a lower cost than today's: re-hash it at the next correct sign-in. */
export function needsRehash(stored: string): boolean {
	const [scheme, n, r, p] = stored.split('$');
	return (
		scheme !== 'scrypt' || Number(n) < SCRYPT_COST.N || Number(r) < SCRYPT_COST.r || Number(p) < SCRYPT_COST.p
	);
}

/** A hash that never verifies, to spend the same time when the login is unknown. */
export const DUMMY_HASH = `scrypt$${SCRYPT_COST.N}$${SCRYPT_COST.r}$${SCRYPT_COST.p}$${Buffer.alloc(16).toString('base64')}$${Buffer.alloc(KEYLEN).toString('base64')}`;
