// What a tablet's heartbeats say of its chains, kept when it changes (migration 0018): the
// evidence a claimed answer time is held to (attempts/claimed-time.ts). A tablet heartbeats
// once a second; what it says, and what the server holds of its chains, change about once an
// answer, so a hall keeps a row or two an answer and none between, written with the tablets'
// presence (presence.ts). A row lost with the process only loses evidence against a claim.
//
// What a tablet sends is the tablet's: one that says something new with every heartbeat (a
// head of its own making, a seq up and down), as fast as it can send, must not make the server
// keep a row each time. A change in what the server held of the chain is always kept (at most
// once per seq the server accepts of the chain: $lib/exam/batch.ts); a change in what the tablet
// said, at most once per REPORT_GAP_MS. A report left out is lost as evidence only: the next
// row's `prev_` columns keep the heartbeat just before it, and the tablet's presence its latest.
// An answer made after a heartbeat is then held to a heartbeat at most REPORT_GAP_MS earlier:
// if one in between said something new, it was within that time of a row kept.
import type { Db } from '../db';
import { run } from '../attempts/hot-sql';
import { keepReport, waitingReports } from './presence';

/**
 * A heartbeat's report of the chains it holds (their last seq, and its hash), and what the
 * server held of each chain of an attempt the tablet serves when it was heard (`held`).
 */
export interface ChainReport {
	lastSeqs?: Record<string, number>;
	heads?: Record<string, string>;
	held?: Record<string, number>;
}

/**
 * Keeps each chain whose report changed since the heartbeat before (`previous`, heard at
 * `previousAt`) in a way that can move a bound (above), for an attempt the tablet serves or
 * served (`serves`; those in `report.held` it serves). A chain a heartbeat does not name was
 * not held then (a tablet names every chain it holds). A tablet that names nothing while it
 * sends answers is kept too: what the server held changed. Each row is true whatever the
 * tablet meant: grading takes a report only as far as the chain that arrived bears it out.
 * `db` keeps the rows (presence.ts writes them later); `tx` is the heartbeat's transaction.
 */
export async function keepReportChanges(
	db: Db,
	tx: Db,
	deviceId: string,
	previous: ChainReport,
	previousAt: number | null,
	report: ChainReport,
	now: number,
	serves: (attemptId: string) => Promise<boolean>
): Promise<void> {
	// A heartbeat without `lastSeqs` says nothing of its chains: only what the server held counts.
	const speaks = report.lastSeqs !== undefined;
	const named = new Set([...Object.keys(report.lastSeqs ?? {}), ...Object.keys(report.held ?? {})]);
	for (const attemptId of named) {
		const [seq, head, held] = said(report, attemptId);
		const [prevSeq, prevHead, prevHeld] = said(previous, attemptId);
		const heldChanged = held !== prevHeld;
		if (!heldChanged && (!speaks || (seq === prevSeq && head === prevHead))) continue;
		if (!Object.hasOwn(report.held ?? {}, attemptId) && !(await serves(attemptId))) continue;
		if (!heldChanged && (await lastKept(tx, attemptId, deviceId)) > now - REPORT_GAP_MS) continue;
		keepReport(db, {
			attempt_id: attemptId,
			device_id: deviceId,
			seq,
			head,
			at: now,
			prev_seq: prevSeq,
			prev_head: prevHead,
			prev_at: previousAt
		});
	}
}

/**
 * What a report says of one chain. Its keys are the tablet's: only its own properties count (a
 * key such as `toString` would otherwise read the prototype's function as a head).
 */
function said(r: ChainReport, attemptId: string): [number, string | null, number] {
	const own = <T>(rec: Record<string, T> | undefined): T | undefined =>
		rec && Object.hasOwn(rec, attemptId) ? rec[attemptId] : undefined;
	return [own(r.lastSeqs) ?? 0, own(r.heads) ?? null, own(r.held) ?? 0];
}

/** A tablet heartbeats once a second: what it says is kept at most that often. */
export const REPORT_GAP_MS = 1000;

const LAST_KEPT = 'SELECT MAX(at) AS at FROM device_report WHERE attempt_id = ? AND device_id = ?';

/** When a row of the device's chain was last kept (written or waiting); -Infinity if never. */
async function lastKept(tx: Db, attemptId: string, deviceId: string): Promise<number> {
	const [row] = await run<{ at: number | string | null }>(tx, LAST_KEPT, [attemptId, deviceId]);
	let at = row?.at === null || row?.at === undefined ? -Infinity : Number(row.at);
	for (const r of waitingReports(tx, attemptId)) if (r.device_id === deviceId) at = Math.max(at, r.at);
	return at;
}
