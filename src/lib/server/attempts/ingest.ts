// Storing a sync batch (DESIGN.md "Sync contract"): idempotent by (attempt, device, seq),
// odd events stored and flagged, the hash chain verified. What the server knew when each
// event arrived (the attempt closed, the finalist moved away) is decided here, in the same
// transaction that reads the attempt, and stored with the event.
import { hash } from 'node:crypto';
import type { Db } from '../db';
import type { Insertable } from 'kysely';
import type { AnswerEventTable, Attempt } from '../db/tables-exam';
import { canonicalEvent, chainInput, linkText, TIEBREAK_ID, type AnswerEvent } from '$lib/exam/events';
import { eventCounts, needsReview } from '$lib/exam/counting';
import { baseRules, countedEvent, deviceRules, parseChoice, regradeAfterLateEvents } from './grade';
import { AFTER_CLOSE, AFTER_MOVE, CHAIN_BREAK, CONFLICT, IN_PAUSE, REVIEW } from './flags';
import { madeInPause } from './pauses';
import { closeAttempt, handsInLate, isExpired } from './close';
import {
	countDevices,
	insertEvents,
	readAttemptAndDevice,
	readHeldEvents,
	writeDevice,
	type AttemptRead,
	type HeldEvent,
	type IngestDevice
} from './hot-sql';
import { isClosed, stateOf, type AttemptState, type EventBatch } from './wire';
import { failure, type Failure } from '../failure';
import { MAX_ATTEMPT_DEVICES, MAX_DEVICE_SEQ, MAX_SEQ_AHEAD, MAX_SEQ_VERSIONS } from '$lib/exam/batch';
import { paperOf } from './papers';

export interface IngestResult {
	ok: true;
	acked: number;
	state: AttemptState;
	now: number;
	/** Rows actually written by this batch (0 for a replay). */
	stored: number;
}

type DeviceRow = IngestDevice;

function sha256(text: string): string {
	// One call, no Hash object: two of these per event stored (its digest and its chain link).
	return hash('sha256', text, 'hex');
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

/**
 * Stores a batch in one transaction, idempotently by (attempt, device, seq, hash): a replay
 * writes nothing. A different event under a seq already held is stored and flagged
 * `conflict`; odd events are stored and flagged; the chain is verified as far as it is
 * contiguous. Returns the highest seq up to which every event of the device is held. The
 * caller has checked that the batch's device is the token's (access.ts).
 *
 * Per batch: one read of the attempt and the device, one read of the device's events the
 * batch touches or the chain has not reached yet, one multi-row insert, one write of the
 * device's row; and, in the same transaction, the close of an attempt past its deadline. A
 * device's first batch also counts the attempt's devices.
 */
/** Who may post to the attempt, judged on the row read in the batch's own transaction. */
export type Authorise = (tx: Db, read: AttemptRead | undefined) => Promise<true | Failure>;

export async function ingestBatch(
	db: Db,
	attemptId: string,
	batch: EventBatch,
	now = Date.now(),
	authorise?: Authorise
): Promise<IngestResult | Failure> {
	return db.transaction().execute(async (tx) => {
		// Locked against a concurrent close: an event is either held before it or after it.
		const read = await readAttemptAndDevice(tx, attemptId, batch.deviceId);
		if (authorise) {
			const allowed = await authorise(tx, read);
			if (allowed !== true) return allowed;
		}
		if (!read) return failure('attemptNotFound');
		const { attempt } = read;
		const known = read.device !== null;
		// What one attempt can make the server store is bounded: devices × seqs × versions
		// (batch.ts). Beyond a bound the whole batch is refused and nothing of it is written (nor
		// the device's row, which even an empty batch from a new device would make). A device
		// the attempt has a row for pays nothing here. At the venue the tablets are the room's,
		// enrolled and approved by its proctor, and each swap on a seat leaves the attempt a row.
		if (!known && attempt.mode === 'home' && (await countDevices(tx, attemptId)) >= MAX_ATTEMPT_DEVICES)
			return failure('tooManyDevices', { n: MAX_ATTEMPT_DEVICES });
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
		const seqs = [...new Set(batch.events.map((e) => e.seq))];
		let highest = 0;
		for (const seq of seqs) if (seq > highest) highest = seq;
		// First: a device past its last seq can never send it, whatever it sends before.
		if (highest > MAX_DEVICE_SEQ) return failure('seqTooHigh', { n: MAX_DEVICE_SEQ });
		// Nothing is held past the window, so what a batch reads of the device's events stays bounded.
		if (highest > device.acked_seq + MAX_SEQ_AHEAD) return failure('seqTooFarAhead', { n: MAX_SEQ_AHEAD });
		// What the device holds past its acknowledged seq matters only to a batch that moves the
		// chain (it holds the next seq); any other batch reads only its own seqs, an empty one nothing.
		const moves = seqs.includes(device.acked_seq + 1);
		const held =
			known && seqs.length > 0
				? await readHeldEvents(tx, attemptId, batch.deviceId, moves ? device.acked_seq : null, seqs)
				: [];
		const fresh =
			batch.events.length > 0
				? newRows(attempt, (await paperOf(tx, attemptId)).options, device, batch, held, now)
				: [];
		if (!Array.isArray(fresh)) return fresh;
		const chain = advanceChain(device, held, fresh);
		for (const id of chain.brokenHeld) {
			const row = held.find((h) => h.id === id)!;
			await tx
				.updateTable('answer_event')
				.set({ flags: [row.flags, CHAIN_BREAK].filter(Boolean).join(' ') })
				.where('id', '=', id)
				.execute();
		}
		const rows = fresh.map((f) => f.row);
		// Only a venue attempt that has had a pause reads the room's pauses.
		if (
			rows.length > 0 &&
			attempt.mode === 'venue' &&
			(attempt.paused_ms > 0 || attempt.paused_since !== null)
		) {
			const inPause = await madeInPause(tx, attemptId, batch.deviceId, rows);
			rows.forEach((r, i) => {
				if (inPause[i]) r.flags = [r.flags, IN_PAUSE].filter(Boolean).join(' ');
			});
		}
		const stored = rows.length > 0 ? await insertEvents(tx, rows) : 0;
		await writeDevice(
			tx,
			{
				...device,
				acked_seq: chain.acked,
				head_hash: chain.head,
				chain_ok: chain.chainOk,
				last_seen_at: now
			},
			known
		);
		let current: Attempt = attempt;
		const cutoff = device.close_rule;
		// After the close, only a tablet's lock rule can let a late event count.
		if (stored > 0 && isClosed(attempt) && (cutoff === 'online' || cutoff === 'offline')) {
			current = await regradeAfterLateEvents(tx, attempt, now);
		}
		// Past its deadline and grace, nobody submitted: closed here, after these events, which
		// were received before the close (what closeIfExpired did in a second transaction). At
		// home, a device that handed in all it holds past the deadline has timed out.
		if (isExpired(current, now)) current = await closeAttempt(tx, current, 'server_close', now);
		else if (handsInLate(current, batch.events, now))
			current = await closeAttempt(tx, current, 'timeout', now);
		return { ok: true as const, acked: chain.acked, state: stateOf(current), now, stored };
	});
}

type NewRow = Insertable<AnswerEventTable>;
/** A row to insert, with its event's canonical text: made once, hashed for its digest and its link. */
type Fresh = { row: NewRow; canonical: string };

/**
 * The batch's events not held yet, with their flags and provisional verdicts; refused whole when
 * one would be a seq's version beyond MAX_SEQ_VERSIONS.
 */
function newRows(
	attempt: Attempt,
	questions: Map<string, Set<string>>,
	device: DeviceRow,
	batch: EventBatch,
	held: HeldEvent[],
	now: number
): Fresh[] | Failure {
	const rules = baseRules(attempt, false);
	const standing = deviceRules(device);
	const receipt = [
		...(isClosed(attempt) ? [AFTER_CLOSE] : []),
		...(device.moved_at_elapsed_ms !== null ? [AFTER_MOVE] : [])
	];
	if (needsReview({ afterClose: isClosed(attempt) }, standing)) receipt.push(REVIEW);

	const heldBySeq = new Map<number, Set<string>>();
	for (const h of held) heldBySeq.set(h.seq, (heldBySeq.get(h.seq) ?? new Set()).add(h.digest));
	const rows: Fresh[] = [];
	for (const e of batch.events) {
		const canonical = canonicalEvent(e);
		// What makes a replay recognisable: the event's content and its hash.
		const digest = sha256(linkText(e.hash, canonical));
		const same = heldBySeq.get(e.seq);
		if (same?.has(digest)) continue; // replay
		const flags = [...oddities(e, questions), ...receipt];
		const conflict = same !== undefined && same.size > 0;
		if (conflict && same.size >= MAX_SEQ_VERSIONS) return failure('tooManyVersions', { n: MAX_SEQ_VERSIONS });
		if (conflict) flags.push(CONFLICT);
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
		const row: NewRow = {
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
		};
		rows.push({ row, canonical });
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
	fresh: Fresh[]
): { acked: number; head: string; chainOk: number; brokenHeld: number[] } {
	type Link = {
		seq: number;
		question_id: string;
		choice: string | null;
		at: number;
		elapsed_ms: number;
		hash: string;
	};
	// A fresh row's canonical text was made from the event as received; a held row's is made again.
	const links: { row: Link; heldId: number | null; canonical: string | null }[] = [];
	for (const h of held)
		if (h.seq > device.acked_seq && h.reason !== 'conflict')
			links.push({ row: h, heldId: h.id, canonical: null });
	for (const { row, canonical } of fresh)
		if (row.seq > device.acked_seq && row.reason !== 'conflict')
			links.push({ row: row as Link, heldId: null, canonical });
	// Stable: held rows (older ids) stay before this batch's under the same seq.
	links.sort((a, b) => a.row.seq - b.row.seq);
	let acked = device.acked_seq;
	let head = device.head_hash;
	let chainOk = device.chain_ok;
	const brokenHeld: number[] = [];
	for (const { row, heldId, canonical } of links) {
		if (row.seq !== acked + 1) {
			if (row.seq === acked) continue;
			break;
		}
		// node:crypto, synchronously: WebCrypto's per-call thread-pool round trip, awaited inside
		// the transaction, held up every other request (bench/results.md).
		const expected = sha256(
			canonical !== null
				? linkText(head, canonical)
				: chainInput(head, {
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
			else (row as NewRow).flags = [(row as NewRow).flags, CHAIN_BREAK].filter(Boolean).join(' ');
		}
		acked = row.seq;
		head = row.hash;
	}
	return { acked, head, chainOk, brokenHeld };
}
