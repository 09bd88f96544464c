// A tablet's presence — when it was last heard, its readiness and its report — comes with every
// heartbeat, once a second from each tablet of a hall. Written one transaction per heartbeat,
// it was most of the hall's database writes (and of its COMMITs' pages). It is kept here and
// written for every tablet heard at once, PRESENCE_WRITE_MS after the first one waiting, in
// device id order (so two processes' writes never wait on each other in a cycle).
//
// What reads presence in this process takes the newer of the row and what waits here
// (`newerPresence`): the grid (and the wipe it checks), and the close that judges who was
// online at the lock. Neither writes it: the lock's transaction holds every attempt of the room
// and must not wait on tablets' rows. A report that says the tablet holds answers the server
// may not have (unsent > 0) is written by the heartbeat itself, at once: the lock counts an
// online tablet's answers up to its last report, even on a process other than the one that
// heard it. A later presence never gives way to an earlier one (the write's own condition).
//
// What a heartbeat said of its chains, where that changed (reports.ts), waits here too and is
// written in the same transaction: a row or two an answer, which would otherwise make a thousand
// tablets' heartbeats write transactions. Grading reads what waits here with the rows.
import type { Db } from '../db';
import type { DeviceReportTable } from '../db/tables-exam';
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
	reports: DeviceReportTable[] = [];
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

type PresenceColumns = { id: string; last_seen_at: number | null; readiness: string; report: string };

/** The device's row with what this process heard of it since, if that is newer. */
export function newerPresence<D extends PresenceColumns>(db: Db, device: D): D {
	const h = heardOf(db, device.id);
	if (!h || (device.last_seen_at !== null && device.last_seen_at > h.lastSeenAt)) return device;
	return { ...device, last_seen_at: h.lastSeenAt, readiness: h.readiness, report: h.report };
}

/** Keeps what a heartbeat heard, to be written with the others by `db` (not a transaction). */
export function keepHeard(db: Db, deviceId: string, heard: Heard): void {
	const w = waitingOf(db);
	w.heard.set(deviceId, heard);
	schedule(db, w);
}

/** Keeps a change in what a tablet said of a chain (reports.ts), written with the presence. */
export function keepReport(db: Db, row: DeviceReportTable): void {
	const w = waitingOf(db);
	w.reports.push(row);
	schedule(db, w);
}

/** What waits to be written of an attempt's reports in this process. */
export function waitingReports(db: Db, attemptId: string): DeviceReportTable[] {
	return waitingOf(db).reports.filter((r) => r.attempt_id === attemptId);
}

function schedule(db: Db, w: Waiting): void {
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
 * Writes everything heard and not written yet, in one transaction (or, refused, row by row): by
 * the timer, and at close. What it writes stays readable here until its COMMIT (a reader
 * meanwhile sees the old row); what a heartbeat heard meanwhile waits for the next write.
 */
export async function writeHeard(db: Db): Promise<void> {
	const w = waitingOf(db);
	if (w.heard.size === 0 && w.reports.length === 0) return;
	const rows = [...w.heard].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
	const reports = [...w.reports];
	try {
		await db.transaction().execute(async (tx) => {
			for (const [deviceId, heard] of rows) await write(tx, deviceId, heard);
			for (let i = 0; i < reports.length; i += REPORTS_PER_INSERT)
				await insertReports(tx, reports.slice(i, i + REPORTS_PER_INSERT));
		});
	} catch (e) {
		// One row the database refuses must not hold back every tablet's after it, for good: each
		// is written on its own, and one refused again is dropped. A presence dropped is heard again
		// at the tablet's next heartbeat; a report dropped only loosens a bound (reports.ts).
		console.error('presence: not written at once, row by row', e);
		for (const [deviceId, heard] of rows)
			await write(db, deviceId, heard).catch((f: unknown) =>
				console.error(`presence: ${deviceId} dropped`, f)
			);
		for (const r of reports)
			await insertReports(db, [r]).catch((f: unknown) => console.error(`report: ${r.attempt_id} dropped`, f));
	}
	for (const [deviceId, heard] of rows) if (w.heard.get(deviceId) === heard) w.heard.delete(deviceId);
	const written = new Set(reports);
	w.reports = w.reports.filter((r) => !written.has(r));
	if (w.heard.size > 0 || w.reports.length > 0) schedule(db, w);
}

/** Rows of one multi-row insert (8 columns each: well inside either database's parameter limit). */
const REPORTS_PER_INSERT = 100;

async function insertReports(db: Db, rows: DeviceReportTable[]): Promise<void> {
	await db
		.insertInto('device_report')
		.values(rows)
		.onConflict((oc) => oc.doNothing())
		.execute();
}

async function write(tx: Db, deviceId: string, h: Heard): Promise<void> {
	await run(tx, WRITE, [h.lastSeenAt, h.readiness, h.report, deviceId, h.lastSeenAt]);
}
