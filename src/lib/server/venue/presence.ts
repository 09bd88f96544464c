// A tablet's presence — when it was last heard, its readiness and its report — comes with every
// heartbeat, once a second from each tablet of a hall. Written one transaction per heartbeat,
// it was most of the hall's database writes (and of its COMMITs' pages). It is kept here and
// written for every tablet heard at once, PRESENCE_WRITE_MS after the first one waiting.
//
// What reads it writes what is waiting first, in its own transaction: the grid (and the wipe
// it checks), and the close that judges who was online at the lock. A report that says the
// tablet holds answers the server may not have (unsent > 0) is written by the heartbeat itself,
// at once: the lock counts an online tablet's answers up to its last report, even on a process
// other than the one that heard it. A later presence never gives way to an earlier one
// (the write's own condition), whichever process writes it.
import type { Db } from '../db';
import { run } from '../attempts/hot-sql';

/** How long heard presence waits to be written (well inside ONLINE_AT_LOCK_MS). */
export const PRESENCE_WRITE_MS = 500;

export interface Heard {
	lastSeenAt: number;
	readiness: string;
	report: string;
}

const WRITE = `UPDATE device SET last_seen_at = ?, readiness = ?, report = ?
 WHERE id = ? AND (last_seen_at IS NULL OR last_seen_at <= ?)`;

class Waiting {
	readonly heard = new Map<string, Heard>();
	timer: ReturnType<typeof setTimeout> | null = null;
}

// Per database: a transaction shares its database's adapter (Kysely's executor), so the close
// inside a transaction finds what the heartbeat heard on the database itself.
const waiting = new WeakMap<object, Waiting>();
const waitingOf = (db: Db): Waiting => {
	const key = db.getExecutor().adapter;
	let w = waiting.get(key);
	if (!w) waiting.set(key, (w = new Waiting()));
	return w;
};

/** What was heard of the device and is not written yet. */
export function heardOf(db: Db, deviceId: string): Heard | undefined {
	return waitingOf(db).heard.get(deviceId);
}

/** Keeps what a heartbeat heard, to be written with the others by `db` (not a transaction). */
export function keepHeard(db: Db, deviceId: string, heard: Heard): void {
	const w = waitingOf(db);
	w.heard.set(deviceId, heard);
	w.timer ??= setTimeout(() => {
		w.timer = null;
		writeHeard(db).catch((e: unknown) => console.error('presence: not written', e));
	}, PRESENCE_WRITE_MS);
	w.timer.unref?.();
}

/** Writes what a heartbeat heard in its own transaction, now (and drops what waited before it). */
export async function writeHeardNow(tx: Db, deviceId: string, heard: Heard): Promise<void> {
	waitingOf(tx).heard.delete(deviceId);
	await write(tx, deviceId, heard);
}

/**
 * Writes everything heard and not written yet: in `db`'s transaction when it is one, else in
 * one of its own. Called before reading presence, and by the timer.
 */
export async function writeHeard(db: Db): Promise<void> {
	const w = waitingOf(db);
	if (w.heard.size === 0) return;
	const rows = [...w.heard];
	w.heard.clear();
	const writeAll = async (tx: Db) => {
		for (const [deviceId, heard] of rows) await write(tx, deviceId, heard);
	};
	if (db.isTransaction) await writeAll(db);
	else await db.transaction().execute(writeAll);
}

async function write(tx: Db, deviceId: string, h: Heard): Promise<void> {
	await run(tx, WRITE, [h.lastSeenAt, h.readiness, h.report, deviceId, h.lastSeenAt]);
}
