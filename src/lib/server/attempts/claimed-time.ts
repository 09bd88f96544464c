// At the venue a tablet's answer carries the active time at which it was made, by the tablet's
// monotonic clock (DESIGN.md). That claim decides time used (which breaks ties for prizes) and
// whether an answer of a tablet offline at the lock was made before it. The server cannot see
// when an answer was made, but it heard the tablet: every heartbeat says how far each chain it
// holds reaches, and in what hash. An answer the tablet did not hold at a heartbeat was made
// after it. A claim earlier than that, by more than a heartbeat's way to the server, is not
// believed: the answer is given the heartbeat's active time instead.
//
// What a heartbeat said counts only as far as the chain that arrived bears it out (its event at
// the reported seq has the reported hash); past what the server itself held then, a report it
// does not bear out proves nothing. Saying less than it holds only costs the tablet. A sync
// batch says as much without words: a tablet sends all it holds of a chain (`syncsSaid`), so a
// tablet that stops its heartbeats is still held to what its batches showed. A tablet never
// heard during the attempt (offline throughout) keeps its claims, as DESIGN.md trusts.
import { activeElapsed, type PauseInterval } from '$lib/exam/timer';
import type { Db } from '../db';
import type { DeviceReportTable, StoredEvent } from '../db/tables-exam';
import { newerPresence, waitingReports } from '../venue/presence';
import { run } from './hot-sql';
import { CONFLICT, flagged } from './flags';
import { MAX_BATCH_EVENTS } from '$lib/exam/batch';

/**
 * How far a claim may lie before the last heartbeat that did not hold its answer: that
 * heartbeat's way to the server, and the tablet's start against the room's.
 */
export const CLAIM_SLACK_MS = 5_000;

/** What one heartbeat said of one chain, at a server time: seq 0 is no chain. */
export interface Said {
	at: number;
	seq: number;
	head: string | null;
}

/** A device's chain as held: each seq's hash and when it arrived (conflicting versions aside). */
export type HeldChain = ReadonlyMap<number, { hash: string; receivedAt: number }>;

/**
 * How far the chain reached when the heartbeat spoke: as far as the server held it then, and
 * as far as the tablet said if the chain held bears that out (its event there has the hash
 * the tablet gave). A report the chain does not bear out proves nothing beyond what the server
 * held.
 */
export function heldUpTo(said: Said, chain: HeldChain): number {
	if (said.seq > 0 && chain.get(said.seq)?.hash === said.head) return said.seq;
	let seq = 0;
	while (chain.get(seq + 1) !== undefined && chain.get(seq + 1)!.receivedAt <= said.at) seq += 1;
	return seq;
}

/** How far the chain reached at each heartbeat (`heldUpTo`), worked out once per device. */
export function reachesOf(said: readonly Said[], chain: HeldChain): { at: number; upTo: number }[] {
	return said.map((s) => ({ at: s.at, upTo: heldUpTo(s, chain) }));
}

/**
 * The latest server time at which the device's chain, by what it said and what the server
 * held, did not reach `seq`; undefined when there is none.
 */
export function lastHeardWithout(
	seq: number,
	reaches: readonly { at: number; upTo: number }[]
): number | undefined {
	let latest: number | undefined;
	for (const r of reaches) if (r.upTo < seq && (latest === undefined || r.at > latest)) latest = r.at;
	return latest;
}

/**
 * The active time an answer is counted at: its claim, or, when the claim lies more than
 * CLAIM_SLACK_MS before the last heartbeat that did not hold it, that heartbeat's active time.
 */
export function believedElapsed(
	claimMs: number,
	heardWithoutAt: number | undefined,
	startedAt: number,
	pauses: readonly PauseInterval[]
): number {
	if (heardWithoutAt === undefined) return claimMs;
	const bound = activeElapsed(startedAt, heardWithoutAt, pauses);
	return claimMs >= bound - CLAIM_SLACK_MS ? claimMs : bound;
}

/** A device's presence (its latest heartbeat), as grading reads it with the attempt's devices. */
export interface Presence {
	device_id: string;
	seen_at: number | null;
	readiness: string | null;
	report: string | null;
}

const REPORTS_OF =
	'SELECT device_id, seq, head, at, prev_seq, prev_head, prev_at FROM device_report WHERE attempt_id = ?';

/**
 * What each device's heartbeats said of the attempt's chain: every change kept (with the
 * heartbeat before it), and its latest heartbeat.
 */
async function saidOf(
	tx: Db,
	attemptId: string,
	presences: readonly Presence[]
): Promise<Map<string, Said[]>> {
	const said = new Map<string, Said[]>();
	const add = (deviceId: string, s: Said) => said.set(deviceId, [...(said.get(deviceId) ?? []), s]);
	const kept = await run<Omit<DeviceReportTable, 'attempt_id'>>(tx, REPORTS_OF, [attemptId]);
	// With what this process heard and has not written yet (presence.ts).
	for (const r of [...kept, ...waitingReports(tx, attemptId)]) {
		add(r.device_id, { at: r.at, seq: r.seq, head: r.head });
		if (r.prev_at !== null) add(r.device_id, { at: r.prev_at, seq: r.prev_seq, head: r.prev_head });
	}
	for (const p of presences) {
		if (p.seen_at === null || p.report === null) continue; // not a tablet, or never heard
		const latest = newerPresence(tx, {
			id: p.device_id,
			last_seen_at: p.seen_at,
			readiness: p.readiness ?? '{}',
			report: p.report
		});
		const report = parseReport(latest.report);
		add(p.device_id, {
			at: latest.last_seen_at ?? p.seen_at,
			seq: report.lastSeqs?.[attemptId] ?? 0,
			head: report.heads?.[attemptId] ?? null
		});
	}
	return said;
}

function parseReport(text: string): { lastSeqs?: Record<string, number>; heads?: Record<string, string> } {
	try {
		return JSON.parse(text) as { lastSeqs?: Record<string, number>; heads?: Record<string, string> };
	} catch {
		return {};
	}
}

/** Each device's chain as held, conflicting versions aside. */
function chainsOf(
	rows: readonly Pick<StoredEvent, 'device_id' | 'seq' | 'hash' | 'flags' | 'received_at'>[]
) {
	const chains = new Map<string, Map<number, { hash: string; receivedAt: number }>>();
	for (const r of rows) {
		if (flagged(r.flags, CONFLICT)) continue;
		const chain = chains.get(r.device_id) ?? new Map<number, { hash: string; receivedAt: number }>();
		chain.set(r.seq, { hash: r.hash, receivedAt: r.received_at });
		chains.set(r.device_id, chain);
	}
	return chains;
}

type ChainRow = Pick<StoredEvent, 'device_id' | 'seq' | 'hash' | 'flags' | 'received_at'>;

/**
 * What each device's sync batches said: a tablet sends every event of a chain it has not had
 * acknowledged (sync.ts `flushAttempt`), so when a batch arrived the chain reached no further
 * than the highest seq the server then held. The events of one batch share their arrival time.
 * A batch of MAX_BATCH_EVENTS may have been cut there, with more to come, and says nothing.
 */
export function syncsSaid(rows: readonly ChainRow[]): Map<string, Said[]> {
	const byDevice = new Map<string, ChainRow[]>();
	for (const r of rows) {
		if (flagged(r.flags, CONFLICT)) continue;
		const chain = byDevice.get(r.device_id);
		if (chain) chain.push(r);
		else byDevice.set(r.device_id, [r]);
	}
	const said = new Map<string, Said[]>();
	for (const [deviceId, chain] of byDevice) {
		chain.sort((a, b) => a.received_at - b.received_at);
		const out: Said[] = [];
		let top: ChainRow | null = null;
		for (let i = 0; i < chain.length;) {
			const at = chain[i].received_at;
			let n = 0;
			for (; i < chain.length && chain[i].received_at === at; i++, n++)
				if (!top || chain[i].seq > top.seq) top = chain[i];
			if (n < MAX_BATCH_EVENTS) out.push({ at, seq: top!.seq, head: top!.hash });
		}
		said.set(deviceId, out);
	}
	return said;
}

/** The active time each of a started venue attempt's events is counted at (`believedElapsed`). */
export async function believer(
	tx: Db,
	attempt: { id: string; started_at: number },
	pauses: readonly PauseInterval[],
	rows: readonly Pick<StoredEvent, 'device_id' | 'seq' | 'hash' | 'flags' | 'elapsed_ms' | 'received_at'>[],
	presences: readonly Presence[]
): Promise<(row: Pick<StoredEvent, 'device_id' | 'seq' | 'elapsed_ms'>) => number> {
	const said = await saidOf(tx, attempt.id, presences);
	for (const [deviceId, s] of syncsSaid(rows)) said.set(deviceId, [...(said.get(deviceId) ?? []), ...s]);
	const chains = chainsOf(rows);
	const reaches = new Map(
		[...said].map(([deviceId, s]) => [deviceId, reachesOf(s, chains.get(deviceId) ?? new Map())])
	);
	return (row) =>
		believedElapsed(
			row.elapsed_ms,
			lastHeardWithout(row.seq, reaches.get(row.device_id) ?? []),
			attempt.started_at,
			pauses
		);
}
