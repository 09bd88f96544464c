// Storing a sync batch (DESIGN.md "Sync contract"): idempotent by (attempt, device, seq),
// odd events stored and flagged, the hash chain verified. What the server knew when each
// event arrived (the attempt closed, the finalist moved away) is decided here, in the same
// transaction that reads the attempt, and stored with the event.
import { createHash } from 'node:crypto';
import type { Db } from '../db';
import type { Insertable } from 'kysely';
import type { AnswerEventTable, Attempt, AttemptDeviceTable, StoredEvent } from '../db/tables-exam';
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
import { closeAttempt, isExpired } from './close';
import {
	failure,
	isClosed,
	isPostgres,
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

/** The attempt, locked against a concurrent close, with this device's row: one read. */
async function attemptAndDevice(
	tx: Db,
	attemptId: string,
	deviceId: string
): Promise<{ attempt: Attempt; device: DeviceRow | null } | undefined> {
	const q = tx
		.selectFrom('attempt')
		.leftJoin('attempt_device as d', (j) =>
			j.onRef('d.attempt_id', '=', 'attempt.id').on('d.device_id', '=', deviceId)
		)
		.selectAll('attempt')
		.select([
			'd.device_id as d_device_id',
			'd.acked_seq as d_acked_seq',
			'd.head_hash as d_head_hash',
			'd.chain_ok as d_chain_ok',
			'd.last_seen_at as d_last_seen_at',
			'd.moved_at_elapsed_ms as d_moved_at_elapsed_ms',
			'd.close_rule as d_close_rule',
			'd.close_seq as d_close_seq'
		])
		.where('attempt.id', '=', attemptId);
	// PostgreSQL locks the attempt's row (not the outer join's nullable side); SQLite has one writer.
	const row = await (isPostgres(tx) ? q.forUpdate('attempt') : q).executeTakeFirst();
	if (!row) return undefined;
	const {
		d_device_id,
		d_acked_seq,
		d_head_hash,
		d_chain_ok,
		d_last_seen_at,
		d_moved_at_elapsed_ms,
		d_close_rule,
		d_close_seq,
		...attempt
	} = row;
	const device =
		d_device_id === null
			? null
			: {
					attempt_id: attemptId,
					device_id: d_device_id,
					acked_seq: d_acked_seq!,
					head_hash: d_head_hash!,
					chain_ok: d_chain_ok!,
					last_seen_at: d_last_seen_at!,
					moved_at_elapsed_ms: d_moved_at_elapsed_ms,
					close_rule: d_close_rule,
					close_seq: d_close_seq
				};
	return { attempt: attempt as Attempt, device };
}

/**
 * Stores a batch in one transaction, idempotently by (attempt, device, seq, hash): a replay
 * writes nothing. A different event under a seq already held is stored and flagged
 * `conflict`; odd events are stored and flagged; the chain is verified as far as it is
 * contiguous. Returns the highest seq up to which every event of the device is held. The
 * caller has checked that the batch's device is the token's (access.ts).
 *
 * Per batch: one read of the attempt and the device, one read of the device's events the
 * batch touches or the chain has not reached yet, one multi-row insert, one write of the
 * device's row; and, in the same transaction, the close of an attempt past its deadline.
 */
export async function ingestBatch(
	db: Db,
	attemptId: string,
	batch: EventBatch,
	now = Date.now()
): Promise<IngestResult | Failure> {
	return db.transaction().execute(async (tx) => {
		// Locked against a concurrent close: an event is either held before it or after it.
		const read = await attemptAndDevice(tx, attemptId, batch.deviceId);
		if (!read) return failure(404, 'attemptNotFound', 'Không tìm thấy bài thi.');
		const { attempt } = read;
		const known = read.device !== null;
		const device: DeviceRow = read.device ?? {
			attempt_id: attemptId,
			device_id: batch.deviceId,
			acked_seq: 0,
			head_hash: attemptId,
			chain_ok: 1,
			last_seen_at: now,
			moved_at_elapsed_ms: null,
			close_rule: null,
			close_seq: null
		};
		const held = known ? await heldEvents(tx, device, batch) : [];
		const fresh = batch.events.length > 0 ? newRows(attempt, device, batch, held, now) : [];
		const chain = advanceChain(device, held, fresh);
		for (const id of chain.brokenHeld) {
			const row = held.find((h) => h.id === id)!;
			await tx
				.updateTable('answer_event')
				.set({ flags: [row.flags, 'chain_break'].filter(Boolean).join(' ') })
				.where('id', '=', id)
				.execute();
		}
		let stored = 0;
		if (fresh.length > 0) {
			const inserted = await tx
				.insertInto('answer_event')
				.values(fresh)
				.onConflict((oc) => oc.columns(['attempt_id', 'device_id', 'seq', 'digest']).doNothing())
				.executeTakeFirst();
			stored = Number(inserted.numInsertedOrUpdatedRows ?? fresh.length);
		}
		const progress = {
			acked_seq: chain.acked,
			head_hash: chain.head,
			chain_ok: chain.chainOk,
			last_seen_at: now
		};
		if (known) {
			await tx
				.updateTable('attempt_device')
				.set(progress)
				.where('attempt_id', '=', attemptId)
				.where('device_id', '=', batch.deviceId)
				.execute();
		} else {
			await tx
				.insertInto('attempt_device')
				.values({ ...device, ...progress })
				.onConflict((oc) => oc.columns(['attempt_id', 'device_id']).doUpdateSet(progress))
				.execute();
		}
		let current = attempt;
		const cutoff = device.close_rule;
		// After the close, only a tablet's lock rule can let a late event count.
		if (stored > 0 && isClosed(attempt) && (cutoff === 'online' || cutoff === 'offline')) {
			current = await regradeAfterLateEvents(tx, attempt, now);
		}
		// Past its deadline and grace, nobody submitted: closed here, after these events, which
		// were received before the close (what closeIfExpired did in a second transaction).
		if (isExpired(current, now)) current = await closeAttempt(tx, current, 'server_close', now);
		return { ok: true as const, acked: chain.acked, state: stateOf(current), now, stored };
	});
}

type HeldEvent = Pick<
	StoredEvent,
	'id' | 'seq' | 'digest' | 'question_id' | 'choice' | 'at' | 'elapsed_ms' | 'hash' | 'flags' | 'reason'
>;

/** The device's stored events under the batch's seqs or past its acknowledged seq. */
async function heldEvents(tx: Db, device: DeviceRow, batch: EventBatch): Promise<HeldEvent[]> {
	const seqs = [...new Set(batch.events.map((e) => e.seq))];
	return tx
		.selectFrom('answer_event')
		.select(['id', 'seq', 'digest', 'question_id', 'choice', 'at', 'elapsed_ms', 'hash', 'flags', 'reason'])
		.where('attempt_id', '=', device.attempt_id)
		.where('device_id', '=', device.device_id)
		.where((eb) =>
			seqs.length > 0
				? eb.or([eb('seq', '>', device.acked_seq), eb('seq', 'in', seqs)])
				: eb('seq', '>', device.acked_seq)
		)
		.orderBy('seq')
		.orderBy('id')
		.execute();
}

type NewRow = Insertable<AnswerEventTable>;

/** The batch's events not held yet, with their flags and provisional verdicts. */
function newRows(
	attempt: Attempt,
	device: DeviceRow,
	batch: EventBatch,
	held: HeldEvent[],
	now: number
): NewRow[] {
	const questions = questionIdsOf(JSON.parse(attempt.paper) as Paper);
	const rules = baseRules(attempt, false);
	const standing = deviceRules(device);
	const receipt = [
		...(isClosed(attempt) ? [AFTER_CLOSE] : []),
		...(device.moved_at_elapsed_ms !== null ? [AFTER_MOVE] : [])
	];
	if (needsReview({ afterClose: isClosed(attempt) }, standing)) receipt.push(REVIEW);

	const heldBySeq = new Map<number, Set<string>>();
	for (const h of held) heldBySeq.set(h.seq, (heldBySeq.get(h.seq) ?? new Set()).add(h.digest));
	const rows: NewRow[] = [];
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
	return rows;
}

/**
 * Moves the device's acknowledged seq over every contiguous event now held (those stored
 * before and this batch's, in seq then arrival order, conflicts aside), verifying each link
 * of the hash chain; a link that does not verify is flagged `chain_break` (a new row before
 * it is inserted, a held one by the ids returned).
 */
function advanceChain(
	device: DeviceRow,
	held: HeldEvent[],
	fresh: NewRow[]
): { acked: number; head: string; chainOk: number; brokenHeld: number[] } {
	type Link = {
		seq: number;
		question_id: string;
		choice: string | null;
		at: number;
		elapsed_ms: number;
		hash: string;
	};
	const links: { row: Link; heldId: number | null }[] = [];
	for (const h of held)
		if (h.seq > device.acked_seq && h.reason !== 'conflict') links.push({ row: h, heldId: h.id });
	for (const f of fresh)
		if (f.seq > device.acked_seq && f.reason !== 'conflict') links.push({ row: f as Link, heldId: null });
	// Stable: held rows (older ids) stay before this batch's under the same seq.
	links.sort((a, b) => a.row.seq - b.row.seq);
	let acked = device.acked_seq;
	let head = device.head_hash;
	let chainOk = device.chain_ok;
	const brokenHeld: number[] = [];
	for (const { row, heldId } of links) {
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
			if (heldId !== null) brokenHeld.push(heldId);
			else (row as NewRow).flags = [(row as NewRow).flags, 'chain_break'].filter(Boolean).join(' ');
		}
		acked = row.seq;
		head = row.hash;
	}
	return { acked, head, chainOk, brokenHeld };
}
