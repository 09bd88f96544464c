// Storing a sync batch (DESIGN.md "Sync contract"): idempotent by (attempt, device, seq),
// odd events stored and flagged, the hash chain verified. What the server knew when each
// event arrived (the attempt closed, the finalist moved away) is decided here, in the same
// transaction that reads the attempt, and stored with the event.
import { createHash } from 'node:crypto';
import type { Db } from '../db';
import type { Attempt, AttemptDeviceTable } from '../db/tables-exam';
import type { Paper } from '$lib/exam/paper';
import { canonicalEvent, chainInput, TIEBREAK_ID, type AnswerEvent } from '$lib/exam/events';
import { eventCounts, needsReview } from '$lib/exam/counting';
import {
	AFTER_CLOSE,
	AFTER_MOVE,
	REVIEW,
	baseRules,
	countedEvent,
	deviceRules,
	parseChoice,
	regradeAfterLateEvents
} from './grade';
import { closeIfExpired } from './close';
import {
	attemptForUpdate,
	failure,
	isClosed,
	stateOf,
	type AttemptState,
	type EventBatch,
	type Failure
} from './wire';

export interface IngestResult {
	ok: true;
	acked: number;
	state: AttemptState;
	now: number;
	/** Rows actually written by this batch (0 for a replay). */
	stored: number;
}

type DeviceRow = AttemptDeviceTable;

function questionIdsOf(paper: Paper): Map<string, Set<string>> {
	return new Map(paper.questions.map((q) => [q.id, new Set(q.options.map((o) => o.id))]));
}

function sha256(text: string): string {
	return createHash('sha256').update(text).digest('hex');
}

function eventDigest(e: AnswerEvent): string {
	return sha256(`${e.hash}\n${canonicalEvent(e)}`);
}

/** Flags for an odd but well-formed event; it is stored either way. */
function oddities(e: AnswerEvent, questions: Map<string, Set<string>>): string[] {
	if (e.questionId === TIEBREAK_ID) return typeof e.choice === 'string' ? ['bad_choice'] : [];
	const options = questions.get(e.questionId);
	if (!options) return ['unknown_question'];
	if (typeof e.choice === 'number' || (typeof e.choice === 'string' && !options.has(e.choice)))
		return ['bad_choice'];
	return [];
}

async function deviceRow(tx: Db, attemptId: string, deviceId: string, now: number): Promise<DeviceRow> {
	const held = await tx
		.selectFrom('attempt_device')
		.selectAll()
		.where('attempt_id', '=', attemptId)
		.where('device_id', '=', deviceId)
		.executeTakeFirst();
	if (held) return held;
	const row: DeviceRow = {
		attempt_id: attemptId,
		device_id: deviceId,
		acked_seq: 0,
		head_hash: attemptId,
		chain_ok: 1,
		last_seen_at: now,
		moved_at_elapsed_ms: null,
		close_rule: null,
		close_seq: null
	};
	await tx
		.insertInto('attempt_device')
		.values(row)
		.onConflict((oc) => oc.columns(['attempt_id', 'device_id']).doNothing())
		.execute();
	return row;
}

/**
 * Stores a batch in one transaction, idempotently by (attempt, device, seq, hash): a replay
 * writes nothing. A different event under a seq already held is stored and flagged
 * `conflict`; odd events are stored and flagged; the chain is verified as far as it is
 * contiguous. Returns the highest seq up to which every event of the device is held. The
 * caller has checked that the batch's device is the token's (access.ts).
 */
export async function ingestBatch(
	db: Db,
	attemptId: string,
	batch: EventBatch,
	now = Date.now()
): Promise<IngestResult | Failure> {
	const result = await db.transaction().execute(async (tx) => {
		// Locked against a concurrent close: an event is either held before it or after it.
		const attempt = await attemptForUpdate(tx, attemptId);
		if (!attempt) return failure(404, 'attemptNotFound', 'Không tìm thấy bài thi.');
		const device = await deviceRow(tx, attemptId, batch.deviceId, now);
		const stored = batch.events.length > 0 ? await storeEvents(tx, attempt, device, batch, now) : 0;
		const acked = await advanceChain(tx, device, now);
		let current = attempt;
		const cutoff = device.close_rule;
		// After the close, only a tablet's lock rule can let a late event count.
		if (stored > 0 && isClosed(attempt) && (cutoff === 'online' || cutoff === 'offline')) {
			current = await regradeAfterLateEvents(tx, attempt, now);
		}
		return { ok: true as const, acked, state: stateOf(current), now, stored };
	});
	if (!result.ok) return result;
	const closed = await closeIfExpired(db, attemptId, now);
	return closed ? { ...result, state: stateOf(closed) } : result;
}

async function storeEvents(
	tx: Db,
	attempt: Attempt,
	device: DeviceRow,
	batch: EventBatch,
	now: number
): Promise<number> {
	const questions = questionIdsOf(JSON.parse(attempt.paper) as Paper);
	const rules = baseRules(attempt, false);
	const standing = deviceRules(device);
	const receipt = [
		...(isClosed(attempt) ? [AFTER_CLOSE] : []),
		...(device.moved_at_elapsed_ms !== null ? [AFTER_MOVE] : [])
	];
	if (needsReview({ afterClose: isClosed(attempt) }, standing)) receipt.push(REVIEW);

	const seqs = [...new Set(batch.events.map((e) => e.seq))];
	const held = await tx
		.selectFrom('answer_event')
		.select(['seq', 'digest'])
		.where('attempt_id', '=', attempt.id)
		.where('device_id', '=', batch.deviceId)
		.where('seq', 'in', seqs)
		.execute();
	const heldBySeq = new Map<number, Set<string>>();
	for (const h of held) heldBySeq.set(h.seq, (heldBySeq.get(h.seq) ?? new Set()).add(h.digest));
	const rows = [];
	for (const e of batch.events) {
		const digest = eventDigest(e);
		const same = heldBySeq.get(e.seq);
		if (same?.has(digest)) continue; // replay
		const flags = [...oddities(e, questions), ...receipt];
		const conflict = same !== undefined && same.size > 0;
		if (conflict) flags.push('conflict');
		heldBySeq.set(e.seq, (same ?? new Set()).add(digest));
		// Provisional until graded (the lock's bound needs the room); final for a closed attempt
		// whose rule for this device lets nothing late count.
		const verdict = conflict
			? ({ counts: false, reason: 'conflict' } as const)
			: eventCounts(
					countedEvent({ seq: e.seq, elapsed_ms: e.elapsedMs, received_at: now, flags: flags.join(' ') }),
					rules,
					standing
				);
		rows.push({
			attempt_id: attempt.id,
			device_id: batch.deviceId,
			seq: e.seq,
			question_id: e.questionId,
			choice: JSON.stringify(e.choice),
			at: e.at,
			elapsed_ms: e.elapsedMs,
			hash: e.hash,
			digest,
			received_at: now,
			flags: flags.join(' '),
			counts: verdict.counts ? 1 : 0,
			reason: verdict.counts ? null : verdict.reason
		});
	}
	if (rows.length === 0) return 0;
	const inserted = await tx
		.insertInto('answer_event')
		.values(rows)
		.onConflict((oc) => oc.columns(['attempt_id', 'device_id', 'seq', 'digest']).doNothing())
		.returning('id')
		.execute();
	return inserted.length;
}

/**
 * Moves the device's acknowledged seq over every contiguous event now held, verifying each
 * link of the hash chain; a link that does not verify is flagged `chain_break`.
 */
async function advanceChain(tx: Db, device: DeviceRow, now: number): Promise<number> {
	const next = await tx
		.selectFrom('answer_event')
		.select(['id', 'seq', 'question_id', 'choice', 'at', 'elapsed_ms', 'hash', 'flags'])
		.where('attempt_id', '=', device.attempt_id)
		.where('device_id', '=', device.device_id)
		.where('seq', '>', device.acked_seq)
		.where('reason', 'is distinct from', 'conflict')
		.orderBy('seq')
		.orderBy('id')
		.execute();
	let acked = device.acked_seq;
	let head = device.head_hash;
	let chainOk = device.chain_ok;
	for (const row of next) {
		if (row.seq !== acked + 1) {
			if (row.seq === acked) continue;
			break;
		}
		// node:crypto, synchronously: WebCrypto's per-call thread-pool round trip, awaited inside
		// the transaction, held up every other request (bench/results.md).
		const expected = sha256(
			chainInput(head, {
				seq: row.seq,
				questionId: row.question_id,
				choice: parseChoice(row.choice),
				at: row.at,
				elapsedMs: row.elapsed_ms
			})
		);
		if (expected !== row.hash) {
			chainOk = 0;
			await tx
				.updateTable('answer_event')
				.set({ flags: [row.flags, 'chain_break'].filter(Boolean).join(' ') })
				.where('id', '=', row.id)
				.execute();
		}
		acked = row.seq;
		head = row.hash;
	}
	await tx
		.updateTable('attempt_device')
		.set({ acked_seq: acked, head_hash: head, chain_ok: chainOk, last_seen_at: now })
		.where('attempt_id', '=', device.attempt_id)
		.where('device_id', '=', device.device_id)
		.execute();
	return acked;
}
