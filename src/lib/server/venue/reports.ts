// What a tablet's heartbeats say of its chains, kept when it changes (migration 0018): the
// evidence a claimed answer time is held to (attempts/claimed-time.ts). A tablet heartbeats
// once a second; what it says, and what the server holds of its chains, change about once an
// answer, so a hall keeps a row or two an answer and none between, written with the tablets'
// presence (presence.ts). A row lost with the process only loses evidence against a claim.
import type { Db } from '../db';
import { keepReport } from './presence';

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
 * Keeps each chain whose report, or what the server held of it, changed since the heartbeat
 * before (`previous`, heard at `previousAt`), for an attempt the tablet serves or served
 * (`serves`; those in `report.held` it serves). A chain a heartbeat does not name was not held
 * then (a tablet names every chain it holds). A tablet that names nothing while it sends
 * answers is kept too: what the server held changed. Each row is true whatever the tablet
 * meant: grading takes a report only as far as the chain that arrived bears it out.
 */
export async function keepReportChanges(
	db: Db,
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
		if (held === prevHeld && (!speaks || (seq === prevSeq && head === prevHead))) continue;
		if (!(attemptId in (report.held ?? {})) && !(await serves(attemptId))) continue;
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

function said(r: ChainReport, attemptId: string): [number, string | null, number] {
	return [r.lastSeqs?.[attemptId] ?? 0, r.heads?.[attemptId] ?? null, r.held?.[attemptId] ?? 0];
}
