// Grading: which stored events count (the rule is src/lib/exam/counting.ts), the answers
// that count, and the score with the round's corrections.
import type { Db } from '../db';
import type { Attempt, AttemptDeviceTable, StoredEvent } from '../db/tables-exam';
import type { AnswerEvent } from '$lib/exam/events';
import { eventCounts, type CountingRules, type DeviceCutoff, type DeviceRules } from '$lib/exam/counting';
import { mergeAnswers, tiebreakAnswer, type DeviceEvent } from '$lib/exam/merge';
import { activeElapsed, type PauseInterval } from '$lib/exam/timer';
import { cameToRoom } from '$lib/exam/attendance';
import { attemptPauses, pausesOf, type RoomPause } from './pauses';
import { gradeWithCorrections, loadCorrections, type Corrections } from '../results/corrections';
import type { RoundKind } from '../db/schema';
import { audit } from '../audit';
import { attemptDeadline, isClosed } from './wire';
import { readChoice } from '../db/stored';
import { paperOf } from './papers';
import { run, runWrite } from './hot-sql';
import { believer, type Presence } from './claimed-time';

import { AFTER_CLOSE, AFTER_MOVE, CHAIN_BREAK, CONFLICT, flagged } from './flags';
export { AFTER_CLOSE, AFTER_MOVE, IN_PAUSE, REVIEW } from './flags';

/** The attempt's rules that need no query: all of home, venue without its lock. */
export function baseRules(a: Omit<Attempt, 'paper'>, practice: boolean): CountingRules {
	const allowedMs = a.duration_ms + a.extension_ms;
	// Practice is never ranked, and may be taken offline and sent days later: trust elapsed time.
	if (practice || a.mode === 'venue') return { mode: 'venue', allowedMs };
	return { mode: 'home', allowedMs, deadline: attemptDeadline(a) ?? 0, graceMs: a.grace_ms };
}

/**
 * What grading reads of an attempt's round and room, the same for every attempt of a room:
 * the proctor's lock closes a room's attempts in one transaction and reads them once
 * (venue/actions/clock.ts). Without them, gradeAttempt and closeAttempt read their own.
 */
export interface RoundFacts {
	kind: RoundKind;
	corrections: Corrections;
	/** The room's lock, and its pauses (`pausesOf` picks an attempt's own). */
	room: { lockedAt: number; pauses: readonly RoomPause[] };
}

/** A venue attempt's room clock: its lock, if locked, and the pauses that count for it. */
interface RoomClock {
	lockedAt: number | null;
	pauses: PauseInterval[];
}

function countingRules(a: Attempt, practice: boolean, clock: RoomClock | null): CountingRules {
	const rules = baseRules(a, practice);
	if (rules.mode !== 'venue' || !clock || clock.lockedAt === null || a.started_at === null) return rules;
	return { ...rules, lockedAtElapsedMs: activeElapsed(a.started_at, clock.lockedAt, clock.pauses) };
}

/** A started venue attempt's room clock (null for any other attempt). */
async function roomClockOf(tx: Db, a: Attempt, facts?: RoundFacts): Promise<RoomClock | null> {
	if (a.mode !== 'venue' || a.started_at === null) return null;
	if (facts) return { lockedAt: facts.room.lockedAt, pauses: pausesOf(facts.room.pauses, a.id) };
	const room = await tx
		.selectFrom('finalist')
		.innerJoin('venue_room', 'venue_room.room_id', 'finalist.room_id')
		.select(['venue_room.room_id', 'venue_room.locked_at'])
		.where('finalist.attempt_id', '=', a.id)
		.executeTakeFirst();
	if (!room) return null;
	return { lockedAt: room.locked_at, pauses: await attemptPauses(tx, room.room_id, a.id) };
}

/**
 * A device's standing from its attempt_device row (null: it never posted). `reportHeld` false:
 * the seq an online tablet reported at the close is not borne out by its chain (`reportHolds`),
 * so nothing it sends after the close counts.
 */
export function deviceRules(
	row: Pick<AttemptDeviceTable, 'close_rule' | 'close_seq' | 'moved_at_elapsed_ms'> | undefined,
	reportHeld = true
): DeviceRules {
	if (!row) return {};
	const rules: DeviceRules = {};
	if (row.moved_at_elapsed_ms !== null) rules.movedAtElapsedMs = row.moved_at_elapsed_ms;
	const cutoff = cutoffOf(row.close_rule, reportHeld ? row.close_seq : 0);
	if (cutoff) rules.cutoff = cutoff;
	return rules;
}

/**
 * Whether the seq a tablet online at the close reported beyond what the server held is borne
 * out: its chain, held up to that seq without a break, ends there in the hash it reported
 * before the close. Then the answers up to that seq were fixed before the close, whenever they
 * arrive; otherwise the report is not evidence of anything (it may name answers not made yet).
 */
export function reportHolds(
	device: Pick<AttemptDeviceTable, 'device_id' | 'acked_seq' | 'close_seq' | 'close_head'>,
	rows: readonly Pick<StoredEvent, 'device_id' | 'seq' | 'hash' | 'flags'>[]
): boolean {
	const { close_seq: seq, close_head: head } = device;
	if (head === null) return true; // the cut-off is what the server held
	if (seq === null || device.acked_seq < seq) return false;
	let endsInHead = false;
	for (const r of rows) {
		if (r.device_id !== device.device_id || r.seq > seq) continue;
		if (flagged(r.flags, CONFLICT)) continue; // outside the chain
		if (flagged(r.flags, CHAIN_BREAK)) return false;
		if (r.seq === seq) endsInHead = r.hash === head;
	}
	return endsInHead;
}

function cutoffOf(rule: string | null, seq: number | null): DeviceCutoff | undefined {
	switch (rule) {
		case 'submitted':
		case 'online':
			return { kind: rule, lastSeq: seq ?? 0 };
		case 'held':
		case 'offline':
			return { kind: rule };
		default:
			return undefined;
	}
}

export function parseChoice(choice: string | null): AnswerEvent['choice'] {
	return readChoice(choice);
}

/** The stored event as counting.ts sees it. */
export function countedEvent(row: Pick<StoredEvent, 'seq' | 'elapsed_ms' | 'received_at' | 'flags'>) {
	return {
		seq: row.seq,
		elapsedMs: row.elapsed_ms,
		receivedAt: row.received_at,
		afterClose: flagged(row.flags, AFTER_CLOSE),
		afterMove: flagged(row.flags, AFTER_MOVE)
	};
}

// Grading's statements as fixed text (hot-sql.ts): a lock grades a whole hall at once, and a
// submit grades its attempt, while a thousand tablets submit.
const EVENTS_OF = 'SELECT * FROM answer_event WHERE attempt_id = ?';
// With the device's presence, where it is a tablet (claimed-time.ts).
const DEVICES_OF = `SELECT ad.device_id, ad.acked_seq, ad.moved_at_elapsed_ms, ad.close_rule, ad.close_seq,
 ad.close_head, d.last_seen_at AS seen_at, d.readiness, d.report
 FROM attempt_device ad LEFT JOIN device d ON d.id = ad.device_id WHERE ad.attempt_id = ?`;
type DeviceRead = Pick<
	AttemptDeviceTable,
	'device_id' | 'acked_seq' | 'moved_at_elapsed_ms' | 'close_rule' | 'close_seq' | 'close_head'
> &
	Presence;
const SET_COUNTS = 'UPDATE answer_event SET counts = ?, reason = ? WHERE id = ?';
const SET_GRADE = 'UPDATE attempt SET score = ?, max_score = ?, answered = ?, tiebreak = ?, graded_at = ?';

/** Recomputes which events count and the attempt's score; returns the updated attempt. */
export async function gradeAttempt(
	tx: Db,
	attempt: Attempt,
	now: number,
	facts?: RoundFacts
): Promise<Attempt> {
	const kind = facts?.kind ?? (await roundKind(tx, attempt.round_id));
	const clock = kind === 'practice' ? null : await roomClockOf(tx, attempt, facts);
	const rules = countingRules(attempt, kind === 'practice', clock);
	const rows = await run<StoredEvent>(tx, EVENTS_OF, [attempt.id]);
	if (rows.length === 0 && (await isAbsent(tx, attempt))) return gradeAbsent(tx, attempt, now);
	const devices = await run<DeviceRead>(tx, DEVICES_OF, [attempt.id]);
	const byDevice = new Map(devices.map((d) => [d.device_id, deviceRules(d, reportHolds(d, rows))]));
	// At the venue, each answer at the time its tablet's heartbeats allow (claimed-time.ts).
	const believed =
		clock && attempt.started_at !== null
			? await believer(tx, { id: attempt.id, started_at: attempt.started_at }, clock.pauses, rows, devices)
			: (row: StoredEvent) => row.elapsed_ms;

	const deviceEvents: DeviceEvent[] = [];
	const claimed: number[] = [];
	for (const row of rows) {
		let counts = false;
		let reason: string | null = 'conflict';
		const elapsedMs = believed(row);
		if (!flagged(row.flags, CONFLICT)) {
			const verdict = eventCounts(
				countedEvent({ ...row, elapsed_ms: elapsedMs }),
				rules,
				byDevice.get(row.device_id)
			);
			counts = verdict.counts;
			reason = verdict.counts ? null : verdict.reason;
		}
		if ((row.counts === 1) !== counts || row.reason !== reason) {
			await runWrite(tx, SET_COUNTS, [counts ? 1 : 0, reason, row.id]);
		}
		if (counts) claimed.push(row.elapsed_ms);
		deviceEvents.push({
			deviceId: row.device_id,
			counts,
			event: {
				seq: row.seq,
				questionId: row.question_id,
				choice: parseChoice(row.choice),
				at: row.at,
				elapsedMs,
				hash: row.hash
			}
		});
	}
	const { paper } = await paperOf(tx, attempt.id);
	const answers = mergeAnswers(deviceEvents);
	// With the round's corrections (voided questions, corrected keys); records each question's outcome.
	const grade = await gradeWithCorrections(
		tx,
		attempt,
		paper.questions,
		answers,
		facts?.corrections ?? (await loadCorrections(tx, attempt.round_id))
	);
	const update: Pick<Attempt, 'score' | 'max_score' | 'answered' | 'tiebreak' | 'graded_at'> &
		Partial<Pick<Attempt, 'time_used_ms' | 'time_claimed_ms'>> = {
		score: grade.score,
		max_score: grade.max,
		answered: grade.answered,
		tiebreak: tiebreakAnswer(answers),
		graded_at: now
	};
	if (
		attempt.mode === 'venue' &&
		attempt.status !== 'running' &&
		attempt.status !== 'waiting' &&
		attempt.status !== 'paused'
	) {
		// At the venue time used is the active time of the last answer that counts, by the
		// tablet's monotonic clock as its heartbeats bear it out, within the allowed time; what
		// the tablet claimed is kept beside it.
		const counted = deviceEvents.filter((e) => e.counts).map((e) => e.event.elapsedMs);
		const latest = (times: number[]) => Math.min(rules.allowedMs, times.length ? Math.max(...times) : 0);
		update.time_used_ms = latest(counted);
		update.time_claimed_ms = latest(claimed);
	}
	const set = [update.score, update.max_score, update.answered, update.tiebreak, update.graded_at];
	await runWrite(
		tx,
		update.time_used_ms === undefined
			? `${SET_GRADE} WHERE id = ?`
			: `${SET_GRADE}, time_used_ms = ?, time_claimed_ms = ? WHERE id = ?`,
		update.time_used_ms === undefined
			? [...set, attempt.id]
			: [...set, update.time_used_ms, update.time_claimed_ms, attempt.id]
	);
	return { ...attempt, ...update };
}

/**
 * A finalist who never came (`cameToRoom`, as the console shows them absent), their room's
 * attempt closed with nothing received; called only when no event is held. Graded as no score at
 * all, not 0: the ranking, its prizes and the statistics count only scores, and a 0 with no time
 * used would tie ahead of everyone who sat the paper and scored 0.
 */
async function isAbsent(tx: Db, attempt: Attempt): Promise<boolean> {
	if (attempt.mode !== 'venue' || !isClosed(attempt)) return false;
	const [finalist] = await run<{ signed_in_at: number | null }>(
		tx,
		'SELECT signed_in_at FROM finalist WHERE attempt_id = ?',
		[attempt.id]
	);
	return finalist !== undefined && !cameToRoom(finalist.signed_in_at, false);
}

/** An attempt gradeAbsent graded: closed and graded, with no score (any other grading gives one). */
export const gradedAbsent = (a: Pick<Attempt, 'status' | 'score' | 'graded_at'>): boolean =>
	isClosed(a) && a.graded_at !== null && a.score === null;

async function gradeAbsent(tx: Db, attempt: Attempt, now: number): Promise<Attempt> {
	const update = {
		score: null,
		max_score: null,
		answered: 0,
		tiebreak: null,
		graded_at: now,
		time_used_ms: null,
		time_claimed_ms: null
	};
	await runWrite(tx, `${SET_GRADE}, time_used_ms = NULL, time_claimed_ms = NULL WHERE id = ?`, [
		update.score,
		update.max_score,
		update.answered,
		update.tiebreak,
		update.graded_at,
		attempt.id
	]);
	await runWrite(tx, 'DELETE FROM attempt_outcome WHERE attempt_id = ?', [attempt.id]);
	return { ...attempt, ...update };
}

export async function roundKind(tx: Db, roundId: string): Promise<RoundKind> {
	const round = await tx
		.selectFrom('round')
		.select('kind')
		.where('id', '=', roundId)
		.executeTakeFirstOrThrow();
	return round.kind;
}

/**
 * A late event that counts (a tablet offline at the lock) changes a provisional score:
 * audited. Only such tablets' late events can count; the caller asks only for them.
 */
export async function regradeAfterLateEvents(tx: Db, attempt: Attempt, now: number): Promise<Attempt> {
	const round = await tx
		.selectFrom('round')
		.select('finalised_at')
		.where('id', '=', attempt.round_id)
		.executeTakeFirstOrThrow();
	if (round.finalised_at !== null) return attempt;
	const graded = await gradeAttempt(tx, attempt, now);
	if (graded.score !== attempt.score) {
		await audit(
			tx,
			{
				actorId: null,
				action: 'attempt.rescored',
				target: attempt.id,
				detail: { from: attempt.score, to: graded.score }
			},
			now
		);
	}
	return graded;
}
