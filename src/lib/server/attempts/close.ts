// Submitting and closing: the candidate's submit, the proctor's lock (venue.ts calls
// closeAttempt), and the server closing attempts nobody submitted. A close records, per
// device, what the attempt still accepts from it later (counting.ts `DeviceCutoff`).
import type { Db } from '../db';
import type { Attempt, AttemptStatus } from '../db/tables-exam';
import type { Device } from '../db/tables-venue';
import type { RoundKind } from '../db/schema';
import { ONLINE_AT_LOCK_MS } from '$lib/exam/counting';
import { mayBeCut } from '$lib/exam/batch';
import { newerPresence } from '../venue/presence';
import { homeTimeUsedMs } from '$lib/exam/timer';
import { receiptOf } from './receipt';
import { gradeAttempt, roundKind, type RoundFacts } from './grade';
import { attemptDeadline, lockedRead, stateOf, type AttemptState, type SubmitBody } from './wire';
import { failure, type Failure } from '../failure';
import { inList, readAttemptAndDevice, run, runWrite } from './hot-sql';
import type { Authorise } from './ingest';

export interface SubmitResult {
	ok: true;
	status: AttemptStatus;
	score: number | null;
	max: number | null;
	provisional: boolean;
	receipt: string;
	state: AttemptState;
	now: number;
}

/**
 * The candidate's (or tablet's) submit. `authorise` (the route's access rule) runs inside the
 * transaction on the row it reads anyway, as a sync batch's does (ingest.ts): a read of its own
 * before it would wait for the group commit in flight (sqlite-driver.ts), and at the lock a
 * thousand submits come at once.
 */
export async function submitAttempt(
	db: Db,
	secret: Buffer,
	attemptId: string,
	body: SubmitBody,
	now = Date.now(),
	authorise?: Authorise
): Promise<SubmitResult | Failure> {
	return db.transaction().execute(async (tx) => {
		// The attempt, its round's finalisation and this device's row, in the one read the ingest
		// uses (hot-sql.ts). The attempt is locked against an ingest on it (FOR NO KEY UPDATE on
		// PostgreSQL; SQLite has one writer): a close or a grading here never interleaves with a
		// late batch's own.
		const read = await readAttemptAndDevice(tx, attemptId, body.deviceId);
		if (authorise) {
			const allowed = await authorise(tx, read);
			if (allowed !== true) return allowed;
		}
		if (!read) return failure('attemptNotFound');
		let attempt = read.attempt;
		const acked = read.device?.acked_seq ?? 0;
		if (acked < body.lastSeq) {
			return failure('missingEvents', {
				missingFrom: acked + 1
			});
		}
		if (attempt.status === 'running' || attempt.status === 'paused') {
			attempt = await closeAttempt(tx, attempt, checkedReason(attempt, body.reason, now), now, 'submitted', {
				deviceId: body.deviceId,
				lastSeq: body.lastSeq
			});
		} else if (awaitsGrading(attempt)) {
			// Locked a moment ago, its grading still to come: the receipt carries the score.
			attempt = await gradeAttempt(tx, attempt, now);
		}
		return {
			ok: true as const,
			status: attempt.status,
			score: attempt.score,
			max: attempt.max_score,
			provisional: read.finalisedAt === null,
			receipt: await receiptOf(tx, secret, attemptId, body.deviceId, body.lastSeq),
			state: stateOf(attempt),
			now
		};
	});
}

/**
 * The reason a client's submit closes an attempt with, as far as the server can check it: the
 * lock closes its attempts itself, so a client's "lock" on an attempt still open is its own
 * submit; a time-out is one only once the server's deadline has passed.
 */
function checkedReason(attempt: Attempt, claimed: SubmitBody['reason'], now: number): SubmitBody['reason'] {
	if (claimed !== 'timeout' || attempt.status !== 'running') return 'candidate';
	const deadline = attemptDeadline(attempt);
	// A device's estimate of the server's clock may be a little ahead of it.
	return deadline !== null && now >= deadline - CLOCK_ESTIMATE_MS ? 'timeout' : 'candidate';
}

/** How far ahead of the server a device's clock estimate may be (a round trip or two). */
const CLOCK_ESTIMATE_MS = 5_000;

/**
 * Ends an attempt at `now` (capped at its deadline), records what each device may still
 * deliver, and grades it. `submitter` is the device whose submit closes it; without one the
 * server closes it (time-out, or the lock when venue.ts passes status 'locked'). `facts`: the
 * round's and room's, when the caller closes many attempts of one room (grade.ts RoundFacts).
 */
export async function closeAttempt(
	tx: Db,
	attempt: Attempt,
	reason: string,
	now: number,
	status: 'submitted' | 'locked' = 'submitted',
	submitter?: { deviceId: string; lastSeq: number },
	facts?: RoundFacts
): Promise<Attempt> {
	const closed = await markClosed(tx, attempt, reason, now, status, submitter, facts);
	return closed.mine ? gradeAttempt(tx, closed.attempt, now, facts) : closed.attempt;
}

/**
 * closeAttempt without the grading: the proctor's lock closes a whole room in one transaction
 * and grades it after (venue/actions/clock.ts `gradeLocked`). `mine`: this call closed it
 * (false: another request had, and `attempt` is its version).
 */
export async function markClosed(
	tx: Db,
	attempt: Attempt,
	reason: string,
	now: number,
	status: 'submitted' | 'locked',
	submitter?: { deviceId: string; lastSeq: number },
	facts?: Pick<RoundFacts, 'kind'>
): Promise<{ attempt: Attempt; mine: boolean }> {
	const deadline = attemptDeadline(attempt) ?? now;
	const submittedAt = Math.min(now, deadline);
	const closed: Attempt = {
		...attempt,
		status,
		submitted_at: now,
		submit_reason: reason,
		paused_since: null,
		time_used_ms: homeTimeUsedMs(attempt.started_at ?? now, submittedAt, deadline)
	};
	// Fixed text, prepared once: the lock runs this for each attempt of the room. paused_ms as
	// the caller has it: the row it read, or (the lock) brought up to its room's pauses.
	const changed = await runWrite(
		tx,
		`UPDATE attempt SET status = ?, submitted_at = ?, submit_reason = ?, time_used_ms = ?, paused_ms = ?, paused_since = NULL
 WHERE id = ? AND status IN ('running', 'paused', 'waiting')`,
		[closed.status, closed.submitted_at, reason, closed.time_used_ms, closed.paused_ms, attempt.id]
	);
	if (changed === 0) {
		// Another process closed it first; take its version.
		const theirs = await tx
			.selectFrom('attempt')
			.selectAll()
			.where('id', '=', attempt.id)
			.executeTakeFirstOrThrow();
		return { attempt: theirs, mine: false };
	}
	if (submitter) await recordSubmitter(tx, attempt.id, submitter, now);
	else await recordServerClose(tx, attempt, now, facts?.kind ?? (await roundKind(tx, attempt.round_id)));
	return { attempt: closed, mine: true };
}

/** Closed by the lock and not graded since (the lock grades after its commit: clock.ts). */
export const awaitsGrading = (a: Pick<Attempt, 'status' | 'submitted_at' | 'graded_at'>): boolean =>
	a.status === 'locked' && (a.graded_at === null || a.graded_at < (a.submitted_at ?? 0));

/** The submitting device: its seq ≤ lastSeq count; every other device keeps what was held. */
async function recordSubmitter(
	tx: Db,
	attemptId: string,
	s: { deviceId: string; lastSeq: number },
	now: number
): Promise<void> {
	await tx
		.insertInto('attempt_device')
		.values({
			attempt_id: attemptId,
			device_id: s.deviceId,
			acked_seq: 0,
			head_hash: attemptId,
			chain_ok: 1,
			last_seen_at: now,
			moved_at_elapsed_ms: null,
			close_rule: 'submitted',
			close_seq: s.lastSeq,
			close_head: null
		})
		.onConflict((oc) =>
			oc.columns(['attempt_id', 'device_id']).doUpdateSet({ close_rule: 'submitted', close_seq: s.lastSeq })
		)
		.execute();
	await tx
		.updateTable('attempt_device')
		.set({ close_rule: 'held' })
		.where('attempt_id', '=', attemptId)
		.where('device_id', '!=', s.deviceId)
		.execute();
}

/**
 * Closed by the server. At home, every device keeps what was held. At the venue (lock or
 * time-out), each tablet serving the attempt is judged by whether it was online at the
 * close: online (a heartbeat or a sync batch within ONLINE_AT_LOCK_MS), what it reported in
 * its last heartbeat or what the server held, whichever is higher; offline, its active time bounded by the
 * lock. Practice is never ranked and may be sent days later: judged by active time too.
 */
async function recordServerClose(tx: Db, attempt: Attempt, now: number, kind: RoundKind): Promise<void> {
	const held = await run<{ device_id: string; acked_seq: number; last_seen_at: number }>(
		tx,
		'SELECT device_id, acked_seq, last_seen_at FROM attempt_device WHERE attempt_id = ?',
		[attempt.id]
	);
	if (kind === 'practice') {
		await tx
			.updateTable('attempt_device')
			.set({ close_rule: 'offline' })
			.where('attempt_id', '=', attempt.id)
			.execute();
		return;
	}
	if (attempt.mode !== 'venue') {
		await tx
			.updateTable('attempt_device')
			.set({ close_rule: 'held' })
			.where('attempt_id', '=', attempt.id)
			.execute();
		return;
	}
	// The tablets that may post for the attempt: those that did, and the one serving it now.
	const [finalist] = await run<{ device_id: string | null; seat_device_id: string | null }>(tx, SERVING_SQL, [
		attempt.id
	]);
	const serving = finalist?.device_id ?? finalist?.seat_device_id ?? null;
	const ackedBy = new Map(held.map((d) => [d.device_id, d.acked_seq]));
	const syncedAt = new Map(held.map((d) => [d.device_id, Number(d.last_seen_at)]));
	const ids = [...new Set([...ackedBy.keys(), ...(serving ? [serving] : [])])];
	if (ids.length === 0) return;
	const tablets = await run<Pick<Device, 'id' | 'last_seen_at' | 'readiness' | 'report'>>(
		tx,
		`SELECT id, last_seen_at, readiness, report FROM device WHERE id IN ${inList(ids)}`,
		ids
	);
	// With the presence this process heard and has not written yet (presence.ts).
	const seen = new Map(tablets.map((t) => [t.id, newerPresence(tx, t)]));
	for (const id of ids) {
		const t = seen.get(id);
		// In touch by its heartbeats, or by its sync batches (a tablet that stops its heartbeats is
		// not offline while its answers keep arriving).
		const heard = Math.max(t?.last_seen_at ?? -Infinity, syncedAt.get(id) ?? -Infinity);
		const online = now - heard <= ONLINE_AT_LOCK_MS;
		await runWrite(tx, CLOSE_RULE_UPSERT, [
			attempt.id,
			id,
			0,
			attempt.id,
			1,
			now,
			...(online ? onlineRule(t?.report ?? '{}', attempt.id, ackedBy.get(id) ?? 0) : ['offline', null, null])
		]);
	}
}

/** A tablet's rule at the close: its row's, or a first row carrying it. */
const CLOSE_RULE_UPSERT = `INSERT INTO attempt_device
 (attempt_id, device_id, acked_seq, head_hash, chain_ok, last_seen_at, moved_at_elapsed_ms, close_rule, close_seq, close_head)
 VALUES (?, ?, ?, ?, ?, ?, NULL, ?, ?, ?)
 ON CONFLICT (attempt_id, device_id) DO UPDATE SET close_rule = excluded.close_rule, close_seq = excluded.close_seq,
 close_head = excluded.close_head`;

/**
 * The tablet a finalist was moved to, and the one at its seat: by index (finalist_attempt,
 * device_seat), once per attempt at the lock. Fixed text, prepared once (hot-sql.ts).
 */
export const SERVING_SQL = `SELECT finalist.device_id, device.id AS seat_device_id FROM finalist
 LEFT JOIN device ON device.room_id = finalist.room_id AND device.seat_id = finalist.seat_id
 WHERE finalist.attempt_id = ?`;

/**
 * The rule of a tablet online at the close: what the server held, or the seq it reported in its
 * last heartbeat with the chain's hash there, when that is higher. A seq reported without a
 * hash cannot be checked later (grade.ts `reportHolds`), so it does not raise the cut-off.
 */
function onlineRule(report: string, attemptId: string, held: number): [string, number, string | null] {
	let seq: unknown;
	let head: unknown;
	try {
		const r = JSON.parse(report) as { lastSeqs?: Record<string, unknown>; heads?: Record<string, unknown> };
		seq = r.lastSeqs?.[attemptId];
		head = r.heads?.[attemptId];
	} catch {
		// A report that is not JSON raises nothing.
	}
	return typeof seq === 'number' && Number.isInteger(seq) && seq > held && typeof head === 'string'
		? ['online', seq, head]
		: ['online', held, null];
}

/**
 * Whether the server closes this attempt now: running, past its deadline and grace. A paused
 * attempt has no deadline yet; at the venue, the lock usually comes first.
 */
export function isExpired(a: Omit<Attempt, 'paper'>, now: number): boolean {
	return a.status === 'running' && now > (attemptDeadline(a) ?? Infinity) + a.grace_ms;
}

/**
 * How long a batch may have been on its way at home. A batch says what its device held when it
 * was sent, not when it arrives, and an answer made meanwhile waits behind it (the page sends one
 * request at a time). A phone's uplink can hold a request for seconds; a review held a heartbeat
 * sent 1.5 s before the deadline for 6.6 s and lost the answer made after it under a 5 s bound.
 */
export const HANDIN_SLACK_MS = 30_000;

/**
 * At home, whether this batch hands in the last of what its device will send in time: the
 * server's clock is the candidate's deadline and an honest device submits at zero, so a device
 * heard well past the deadline (HANDIN_SLACK_MS) with nothing left unsent has no answer made in
 * time still to come. The attempt closes after the batch's events, as at deadline + grace, and
 * the rest of the grace stays for what a device offline at the deadline brings back at once:
 * answers a bent client goes on making in it, sent later, are kept and do not count.
 */
export function handsInLate(a: Omit<Attempt, 'paper'>, events: readonly unknown[], now: number): boolean {
	if (a.mode !== 'home' || a.status !== 'running') return false;
	return now > (attemptDeadline(a) ?? Infinity) + HANDIN_SLACK_MS && !mayBeCut(events);
}

/** Closes one attempt if its deadline + grace has passed; returns it when it did. */
export async function closeIfExpired(db: Db, attemptId: string, now: number): Promise<Attempt | null> {
	return db.transaction().execute(async (tx) => {
		// Locked on PostgreSQL as the submit's and the ingest's reads are: the close writes the
		// paused_ms it read, which a proctor's resume must not change in between.
		const q = tx.selectFrom('attempt').selectAll().where('id', '=', attemptId);
		const a = await lockedRead(tx, q).executeTakeFirst();
		if (!a || !isExpired(a, now)) return null;
		return closeAttempt(tx, a, 'server_close', now);
	});
}

/**
 * The server closes every attempt nobody submitted, at deadline + grace, so a lost or
 * abandoned device never leaves one running. Safe to run on every process at once.
 */
export async function closeExpiredAttempts(db: Db, now = Date.now()): Promise<number> {
	const candidates = await db
		.selectFrom('attempt')
		.select(['id', 'started_at', 'duration_ms', 'extension_ms', 'paused_ms', 'grace_ms'])
		.where('status', '=', 'running')
		.execute();
	let closed = 0;
	for (const a of candidates) {
		if (now > (attemptDeadline(a) ?? Infinity) + a.grace_ms && (await closeIfExpired(db, a.id, now)))
			closed++;
	}
	return closed;
}
