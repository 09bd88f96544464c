// Attempts: starting one (drawing its paper), storing answer events as they arrive from
// devices, submitting, grading, and closing attempts nobody submitted. Rules come from
// src/lib/exam; this module stores and fetches.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Db } from './db';
import type { Attempt, AttemptStatus } from './db/tables-exam';
import { drawPaper, stripKey, type Paper, type PublicPaper } from '$lib/exam/paper';
import { canonicalEvent, chainInput, TIEBREAK_ID, type AnswerEvent } from '$lib/exam/events';
import { eventCounts, type CountingRules } from '$lib/exam/counting';
import { mergeAnswers, tiebreakAnswer, type DeviceEvent } from '$lib/exam/merge';
import { gradeWithCorrections } from './results/corrections';
import { activeElapsed, deadline as deadlineOf, homeTimeUsedMs } from '$lib/exam/timer';
import { ageOn, vietnamDate } from '$lib/exam/eligibility';
import { vietnamWeekStart } from '$lib/exam/calendar';
import { parseRoundSettings } from './round-settings';
import { loadBank, practiceBank, publicVersions } from './papers';
import { issueToken, receiptFor } from './tokens';
import { audit } from './audit';

// ---------------------------------------------------------------- wire formats (zod)

/** Limits of one sync batch (DESIGN.md "Sync contract"). */
export const MAX_BATCH_EVENTS = 200;
export const MAX_BATCH_BYTES = 64 * 1024;

const id = z
	.string()
	.min(1)
	.max(64)
	.regex(/^[\w.:-]+$/);

export const wireEvent = z.object({
	seq: z.number().int().min(1).max(1_000_000),
	questionId: z.string().min(1).max(64),
	choice: z.union([z.string().min(1).max(64), z.number().finite(), z.null()]),
	at: z.number().int().min(0).max(8.64e15),
	elapsedMs: z
		.number()
		.int()
		.min(0)
		.max(7 * 24 * 3600 * 1000),
	hash: z.string().regex(/^[0-9a-f]{64}$/)
});

export const eventBatch = z.object({
	deviceId: id,
	events: z.array(wireEvent).max(MAX_BATCH_EVENTS)
});
export type EventBatch = z.infer<typeof eventBatch>;

export const submitBody = z.object({
	deviceId: id,
	lastSeq: z.number().int().min(0).max(1_000_000),
	reason: z.enum(['candidate', 'timeout', 'lock']).default('candidate')
});
export type SubmitBody = z.infer<typeof submitBody>;

// ---------------------------------------------------------------- state

/** DESIGN.md's `{status, deadline, pausedSince?}`, plus what a tablet needs to count down. */
export interface AttemptState {
	status: AttemptStatus;
	deadline: number | null;
	pausedSince?: number;
	/** Duration plus extensions: the active time the candidate may use. */
	allowedMs: number;
	startedAt: number | null;
}

export function attemptDeadline(
	a: Pick<Attempt, 'started_at' | 'duration_ms' | 'extension_ms' | 'paused_ms'>
): number | null {
	if (a.started_at === null) return null;
	return deadlineOf({
		startedAt: a.started_at,
		durationMs: a.duration_ms,
		extensionsMs: a.extension_ms,
		pausedMs: a.paused_ms
	});
}

export function stateOf(a: Attempt): AttemptState {
	const state: AttemptState = {
		status: a.status,
		deadline: attemptDeadline(a),
		allowedMs: a.duration_ms + a.extension_ms,
		startedAt: a.started_at
	};
	if (a.paused_since !== null) state.pausedSince = a.paused_since;
	return state;
}

// ---------------------------------------------------------------- failures

export type Failure = {
	ok: false;
	status: number;
	code: string;
	message: string;
	extra?: Record<string, unknown>;
};
export const failure = (
	status: number,
	code: string,
	message: string,
	extra?: Record<string, unknown>
): Failure => ({
	ok: false,
	status,
	code,
	message,
	extra
});

// ---------------------------------------------------------------- starting

/** A new attempt's row: nothing submitted, graded, extended or paused yet. */
export function newAttemptRow(
	a: Pick<
		Attempt,
		| 'id'
		| 'round_id'
		| 'user_id'
		| 'seed'
		| 'paper'
		| 'mode'
		| 'status'
		| 'created_at'
		| 'started_at'
		| 'duration_ms'
		| 'grace_ms'
	>
): Attempt {
	return {
		...a,
		extension_ms: 0,
		paused_ms: 0,
		paused_since: null,
		submitted_at: null,
		submit_reason: null,
		time_used_ms: null,
		score: null,
		max_score: null,
		answered: null,
		tiebreak: null,
		graded_at: null
	};
}

export interface StartedAttempt {
	ok: true;
	attemptId: string;
	token: string;
	paper: Paper | PublicPaper;
	startedAt: number;
	deadline: number;
	durationMs: number;
	graceMs: number;
	now: number;
	round: { id: string; name: string; kind: string; tiebreakPrompt: string | null; review: boolean };
	resumed: boolean;
}

export interface AttemptCounts {
	total: number;
	thisWeek: number;
}

/** Attempts a candidate has started in a round, in all and this Vietnamese week. */
export async function attemptCounts(
	db: Db,
	roundId: string,
	userId: string,
	now: number
): Promise<AttemptCounts> {
	const weekStart = vietnamWeekStart(now);
	const rows = await db
		.selectFrom('attempt')
		.select('created_at')
		.where('round_id', '=', roundId)
		.where('user_id', '=', userId)
		.execute();
	return { total: rows.length, thisWeek: rows.filter((r) => r.created_at >= weekStart).length };
}

export function attemptsLeft(
	round: { max_attempts: number | null; max_attempts_per_week: number | null },
	counts: AttemptCounts
): number | null {
	const limits: number[] = [];
	if (round.max_attempts !== null) limits.push(round.max_attempts - counts.total);
	if (round.max_attempts_per_week !== null) limits.push(round.max_attempts_per_week - counts.thisWeek);
	return limits.length ? Math.max(0, Math.min(...limits)) : null;
}

export async function startAttempt(
	db: Db,
	secret: Buffer,
	input: { userId: string; roundId: string },
	now = Date.now()
): Promise<StartedAttempt | Failure> {
	const round = await db.selectFrom('round').selectAll().where('id', '=', input.roundId).executeTakeFirst();
	if (!round) return failure(404, 'roundNotFound', 'Không tìm thấy vòng thi.');
	if (round.kind === 'final') return failure(403, 'venueOnly', 'Vòng chung kết chỉ thi tại địa điểm thi.');
	if (now < round.opens_at || now >= round.closes_at)
		return failure(409, 'roundClosed', 'Vòng thi không mở vào lúc này.');
	const settings = parseRoundSettings(round.settings);
	const roundInfo = {
		id: round.id,
		name: round.name,
		kind: round.kind,
		tiebreakPrompt: settings.tiebreak?.prompt ?? null,
		review: round.review_after === 1
	};

	const running = await db
		.selectFrom('attempt')
		.selectAll()
		.where('round_id', '=', round.id)
		.where('user_id', '=', input.userId)
		.where('status', '=', 'running')
		.executeTakeFirst();
	if (running && now <= (attemptDeadline(running) ?? 0)) {
		// Resume on this or another device: same attempt, same paper, same deadline.
		const paper = JSON.parse(running.paper) as Paper;
		return {
			ok: true,
			attemptId: running.id,
			token: issueToken(secret, { kind: 'attempt', attemptId: running.id, userId: input.userId }),
			paper: round.kind === 'practice' ? paper : stripKey(paper),
			startedAt: running.started_at!,
			deadline: attemptDeadline(running)!,
			durationMs: running.duration_ms,
			graceMs: running.grace_ms,
			now,
			round: roundInfo,
			resumed: true
		};
	}

	const profile = await db
		.selectFrom('candidate_profile')
		.select('birth_date')
		.where('user_id', '=', input.userId)
		.executeTakeFirst();
	if (!profile) return failure(403, 'notCandidate', 'Chỉ thí sinh mới được làm bài thi.');
	const onDate = vietnamDate(round.opens_at);
	if (ageOn(profile.birth_date, onDate) < round.min_age) {
		return failure(403, 'tooYoung', `Vòng thi này dành cho thí sinh từ đủ ${round.min_age} tuổi.`);
	}

	const left = attemptsLeft(round, await attemptCounts(db, round.id, input.userId, now));
	if (left === 0)
		return failure(
			409,
			'noAttemptsLeft',
			'Bạn đã dùng hết số lượt thi của vòng này (trong tuần hoặc tổng cộng).'
		);

	const bank = await loadBank(db, settings.poolIds);
	const seed = randomBytes(12).toString('hex');
	let paper: Paper;
	try {
		paper = drawPaper({ bank, blueprint: settings.blueprint, seed });
	} catch {
		return failure(409, 'bankTooSmall', 'Ngân hàng câu hỏi chưa đủ để tạo đề cho vòng thi này.');
	}
	const attemptId = randomUUID();
	const durationMs = round.duration_s * 1000;
	const graceMs = round.grace_s * 1000;
	await db
		.insertInto('attempt')
		.values(
			newAttemptRow({
				id: attemptId,
				round_id: round.id,
				user_id: input.userId,
				seed,
				paper: JSON.stringify(paper),
				mode: 'home',
				status: 'running',
				created_at: now,
				started_at: now,
				duration_ms: durationMs,
				grace_ms: graceMs
			})
		)
		.execute();
	return {
		ok: true,
		attemptId,
		token: issueToken(secret, { kind: 'attempt', attemptId, userId: input.userId }),
		paper: round.kind === 'practice' ? paper : stripKey(paper),
		startedAt: now,
		deadline: now + durationMs,
		durationMs,
		graceMs,
		now,
		round: roundInfo,
		resumed: false
	};
}

// ---------------------------------------------------------------- practice drawn on a device

/** A practice paper the device drew itself from the round's public bank (maybe offline). */
export const devicePracticeBody = z.object({
	attemptId: z.string().uuid(),
	seed: z.string().min(1).max(64),
	startedAt: z.number().int().min(0),
	questions: z
		.array(
			z.object({
				id: z.string().min(1).max(64),
				version: z.number().int().min(1),
				options: z.array(z.string().min(1).max(64)).max(6)
			})
		)
		.min(1)
		.max(200)
});
export type DevicePracticeBody = z.infer<typeof devicePracticeBody>;

export async function practiceRound(db: Db, roundId: string, now = Date.now()) {
	const round = await db.selectFrom('round').selectAll().where('id', '=', roundId).executeTakeFirst();
	if (!round || round.kind !== 'practice')
		return failure(404, 'notPractice', 'Không tìm thấy vòng thi thử này.');
	if (now >= round.closes_at) return failure(409, 'roundClosed', 'Vòng thi thử đã đóng.');
	const settings = parseRoundSettings(round.settings);
	return {
		ok: true as const,
		round: {
			id: round.id,
			name: round.name,
			durationMs: round.duration_s * 1000,
			graceMs: round.grace_s * 1000,
			review: round.review_after === 1,
			opensAt: round.opens_at,
			closesAt: round.closes_at
		},
		blueprint: settings.blueprint,
		questions: await practiceBank(db, settings.poolIds)
	};
}

/**
 * Records a practice attempt drawn on the device: the server snapshots the same question
 * versions in the device's order, from its own rows, so the key it grades with is its own.
 * Idempotent: registering the same attempt again returns a fresh token for it.
 */
export async function registerDevicePractice(
	db: Db,
	secret: Buffer,
	input: { userId: string; roundId: string; body: DevicePracticeBody },
	now = Date.now()
): Promise<StartedAttempt | Failure> {
	const p = await practiceRound(db, input.roundId, now);
	if (!p.ok) return p;
	const { body } = input;
	const held = await db
		.selectFrom('attempt')
		.select(['user_id', 'round_id', 'paper', 'started_at'])
		.where('id', '=', body.attemptId)
		.executeTakeFirst();
	if (held && (held.user_id !== input.userId || held.round_id !== input.roundId)) {
		return failure(409, 'attemptIdTaken', 'Mã bài thi đã được dùng.');
	}
	const round = await db
		.selectFrom('round')
		.select(['settings', 'duration_s', 'grace_s'])
		.where('id', '=', input.roundId)
		.executeTakeFirstOrThrow();
	let paper: Paper;
	if (held) {
		paper = JSON.parse(held.paper) as Paper;
	} else {
		const versions = await publicVersions(db, parseRoundSettings(round.settings).poolIds, body.questions);
		const questions = [];
		for (const ref of body.questions) {
			const q = versions.get(ref.id);
			const ids = q ? new Set(q.options.map((o) => o.id)) : null;
			if (!q || !ids || ref.options.length !== ids.size || !ref.options.every((o) => ids.has(o))) {
				return failure(
					422,
					'unknownQuestion',
					'Đề thi thử có câu hỏi không thuộc ngân hàng công khai của vòng này.'
				);
			}
			questions.push({ ...q, options: ref.options.map((o) => q.options.find((x) => x.id === o)!) });
		}
		paper = { seed: body.seed, questions };
		// A device clock may be off; a practice start is never later than now.
		const startedAt = Math.min(body.startedAt, now);
		await db
			.insertInto('attempt')
			.values(
				newAttemptRow({
					id: body.attemptId,
					round_id: input.roundId,
					user_id: input.userId,
					seed: body.seed,
					paper: JSON.stringify(paper),
					mode: 'home',
					status: 'running',
					created_at: now,
					started_at: startedAt,
					duration_ms: round.duration_s * 1000,
					grace_ms: round.grace_s * 1000
				})
			)
			.onConflict((oc) => oc.column('id').doNothing())
			.execute();
	}
	const stored = await db
		.selectFrom('attempt')
		.selectAll()
		.where('id', '=', body.attemptId)
		.executeTakeFirstOrThrow();
	return {
		ok: true,
		attemptId: stored.id,
		token: issueToken(secret, { kind: 'attempt', attemptId: stored.id, userId: input.userId }),
		paper,
		startedAt: stored.started_at!,
		deadline: attemptDeadline(stored)!,
		durationMs: stored.duration_ms,
		graceMs: stored.grace_ms,
		now,
		round: {
			id: p.round.id,
			name: p.round.name,
			kind: 'practice',
			tiebreakPrompt: null,
			review: p.round.review
		},
		resumed: held !== undefined
	};
}

// ---------------------------------------------------------------- ingest

export interface IngestResult {
	ok: true;
	acked: number;
	state: AttemptState;
	now: number;
	/** Rows actually written by this batch (0 for a replay). */
	stored: number;
}

function questionIdsOf(paper: Paper): Map<string, Set<string>> {
	return new Map(paper.questions.map((q) => [q.id, new Set(q.options.map((o) => o.id))]));
}

function sha256(text: string): string {
	return createHash('sha256').update(text).digest('hex');
}

function eventDigest(e: AnswerEvent): string {
	return createHash('sha256')
		.update(`${e.hash}\n${canonicalEvent(e)}`)
		.digest('hex');
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
 * contiguous. Returns the highest seq up to which every event of the device is held.
 */
export async function ingestBatch(
	db: Db,
	attemptId: string,
	batch: EventBatch,
	now = Date.now()
): Promise<IngestResult | Failure> {
	const result = await db.transaction().execute(async (tx) => {
		const attempt = await tx.selectFrom('attempt').selectAll().where('id', '=', attemptId).executeTakeFirst();
		if (!attempt) return failure(404, 'attemptNotFound', 'Không tìm thấy bài thi.');
		const paper = JSON.parse(attempt.paper) as Paper;
		const questions = questionIdsOf(paper);

		await tx
			.insertInto('attempt_device')
			.values({
				attempt_id: attemptId,
				device_id: batch.deviceId,
				acked_seq: 0,
				head_hash: attemptId,
				chain_ok: 1,
				last_seen_at: now
			})
			.onConflict((oc) => oc.columns(['attempt_id', 'device_id']).doNothing())
			.execute();

		let stored = 0;
		if (batch.events.length > 0) {
			const seqs = [...new Set(batch.events.map((e) => e.seq))];
			const held = await tx
				.selectFrom('answer_event')
				.select(['seq', 'digest'])
				.where('attempt_id', '=', attemptId)
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
				const flags = oddities(e, questions);
				const conflict = same !== undefined && same.size > 0;
				if (conflict) flags.push('conflict');
				heldBySeq.set(e.seq, (same ?? new Set()).add(digest));
				rows.push({
					attempt_id: attemptId,
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
					counts: conflict ? 0 : 1,
					reason: conflict ? 'conflict' : null
				});
			}
			if (rows.length > 0) {
				const inserted = await tx
					.insertInto('answer_event')
					.values(rows)
					.onConflict((oc) => oc.columns(['attempt_id', 'device_id', 'seq', 'digest']).doNothing())
					.returning('id')
					.execute();
				stored = inserted.length;
			}
		}

		const acked = await advanceChain(tx, attemptId, batch.deviceId, now);
		let current = attempt;
		if (stored > 0 && (attempt.status === 'submitted' || attempt.status === 'locked')) {
			current = await regradeAfterLateEvents(tx, attempt, now);
		}
		return { ok: true as const, acked, state: stateOf(current), now, stored };
	});
	if (!result.ok) return result;
	const closed = await closeIfExpired(db, attemptId, now);
	return closed ? { ...result, state: stateOf(closed) } : result;
}

/**
 * Moves the device's acknowledged seq over every contiguous event now held, verifying each
 * link of the hash chain; a link that does not verify is flagged `chain_break`.
 */
async function advanceChain(tx: Db, attemptId: string, deviceId: string, now: number): Promise<number> {
	const device = await tx
		.selectFrom('attempt_device')
		.selectAll()
		.where('attempt_id', '=', attemptId)
		.where('device_id', '=', deviceId)
		.executeTakeFirstOrThrow();
	const next = await tx
		.selectFrom('answer_event')
		.select(['id', 'seq', 'question_id', 'choice', 'at', 'elapsed_ms', 'hash', 'flags'])
		.where('attempt_id', '=', attemptId)
		.where('device_id', '=', deviceId)
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
				choice: row.choice === null ? null : (JSON.parse(row.choice) as AnswerEvent['choice']),
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
		.where('attempt_id', '=', attemptId)
		.where('device_id', '=', deviceId)
		.execute();
	return acked;
}

// ---------------------------------------------------------------- grading

async function countingRules(tx: Db, a: Attempt, practice: boolean): Promise<CountingRules> {
	const allowedMs = a.duration_ms + a.extension_ms;
	// Practice is never ranked, and may be taken offline and sent days later: trust elapsed time.
	if (practice) return { mode: 'venue', allowedMs };
	if (a.mode === 'venue') return { mode: 'venue', allowedMs, ...(await lockOf(tx, a)) };
	return { mode: 'home', allowedMs, deadline: attemptDeadline(a) ?? 0, graceMs: a.grace_ms };
}

/** When a venue attempt's room was locked, and the attempt's active time then, if it was. */
async function lockOf(tx: Db, a: Attempt): Promise<{ lockedAt?: number; lockedAtElapsedMs?: number }> {
	if (a.started_at === null) return {};
	const room = await tx
		.selectFrom('finalist')
		.innerJoin('venue_room', 'venue_room.room_id', 'finalist.room_id')
		.select(['venue_room.room_id', 'venue_room.locked_at'])
		.where('finalist.attempt_id', '=', a.id)
		.executeTakeFirst();
	if (!room || room.locked_at === null) return {};
	const pauses = await tx
		.selectFrom('pause')
		.select(['from_at', 'to_at'])
		.where('room_id', '=', room.room_id)
		.where((eb) => eb.or([eb('attempt_id', 'is', null), eb('attempt_id', '=', a.id)]))
		.execute();
	const lockedAtElapsedMs = activeElapsed(
		a.started_at,
		room.locked_at,
		pauses.map((p) => ({ from: p.from_at, to: p.to_at }))
	);
	return { lockedAt: room.locked_at, lockedAtElapsedMs };
}

function parseChoice(choice: string | null): AnswerEvent['choice'] {
	return choice === null ? null : (JSON.parse(choice) as AnswerEvent['choice']);
}

/** Recomputes which events count and the attempt's score; returns the updated attempt. */
export async function gradeAttempt(tx: Db, attempt: Attempt, now: number): Promise<Attempt> {
	const round = await tx
		.selectFrom('round')
		.select(['kind'])
		.where('id', '=', attempt.round_id)
		.executeTakeFirstOrThrow();
	const rules = await countingRules(tx, attempt, round.kind === 'practice');
	const rows = await tx.selectFrom('answer_event').selectAll().where('attempt_id', '=', attempt.id).execute();
	const devices = await tx
		.selectFrom('attempt_device')
		.select(['device_id', 'moved_at_elapsed_ms'])
		.where('attempt_id', '=', attempt.id)
		.execute();
	const movedAt = new Map(devices.map((d) => [d.device_id, d.moved_at_elapsed_ms]));

	const deviceEvents: DeviceEvent[] = [];
	for (const row of rows) {
		let counts = false;
		let reason: string | null = 'conflict';
		if (!row.flags.split(' ').includes('conflict')) {
			const moved = movedAt.get(row.device_id);
			const verdict = eventCounts(
				{ elapsedMs: row.elapsed_ms, receivedAt: row.received_at },
				rules.mode === 'venue' && moved != null ? { ...rules, movedAtElapsedMs: moved } : rules
			);
			counts = verdict.counts;
			reason = verdict.counts ? null : verdict.reason;
		}
		if ((row.counts === 1) !== counts || row.reason !== reason) {
			await tx
				.updateTable('answer_event')
				.set({ counts: counts ? 1 : 0, reason })
				.where('id', '=', row.id)
				.execute();
		}
		deviceEvents.push({
			deviceId: row.device_id,
			counts,
			event: {
				seq: row.seq,
				questionId: row.question_id,
				choice: parseChoice(row.choice),
				at: row.at,
				elapsedMs: row.elapsed_ms,
				hash: row.hash
			}
		});
	}
	const paper = JSON.parse(attempt.paper) as Paper;
	const answers = mergeAnswers(deviceEvents);
	// With the round's corrections (voided questions, corrected keys); records each question's outcome.
	const grade = await gradeWithCorrections(tx, attempt, paper.questions, answers);
	const update: Partial<Attempt> & { graded_at: number } = {
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
		// At the venue the tablet's monotonic clock is trusted: time used is the active time of
		// the last answer that counts, within the allowed time.
		const counted = deviceEvents.filter((e) => e.counts).map((e) => e.event.elapsedMs);
		update.time_used_ms = Math.min(rules.allowedMs, counted.length ? Math.max(...counted) : 0);
	}
	await tx.updateTable('attempt').set(update).where('id', '=', attempt.id).execute();
	return { ...attempt, ...update };
}

/** A counted event that arrives after submission changes a provisional score: audited. */
async function regradeAfterLateEvents(tx: Db, attempt: Attempt, now: number): Promise<Attempt> {
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

// ---------------------------------------------------------------- submitting and closing

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

export async function submitAttempt(
	db: Db,
	secret: Buffer,
	attemptId: string,
	body: SubmitBody,
	now = Date.now()
): Promise<SubmitResult | Failure> {
	const result = await db.transaction().execute(async (tx) => {
		let attempt = await tx.selectFrom('attempt').selectAll().where('id', '=', attemptId).executeTakeFirst();
		if (!attempt) return failure(404, 'attemptNotFound', 'Không tìm thấy bài thi.');
		const device = await tx
			.selectFrom('attempt_device')
			.select(['acked_seq', 'head_hash'])
			.where('attempt_id', '=', attemptId)
			.where('device_id', '=', body.deviceId)
			.executeTakeFirst();
		const acked = device?.acked_seq ?? 0;
		if (acked < body.lastSeq) {
			return failure(409, 'missingEvents', 'Máy chủ chưa nhận đủ câu trả lời; thiết bị sẽ gửi lại.', {
				missingFrom: acked + 1
			});
		}
		if (attempt.status === 'running' || attempt.status === 'paused') {
			attempt = await closeAttempt(tx, attempt, body.reason, now);
		}
		const round = await tx
			.selectFrom('round')
			.select('finalised_at')
			.where('id', '=', attempt.round_id)
			.executeTakeFirstOrThrow();
		const chainHead =
			body.lastSeq === 0
				? attemptId
				: ((
						await tx
							.selectFrom('answer_event')
							.select('hash')
							.where('attempt_id', '=', attemptId)
							.where('device_id', '=', body.deviceId)
							.where('seq', '=', body.lastSeq)
							.where('reason', 'is distinct from', 'conflict')
							.orderBy('id')
							.executeTakeFirst()
					)?.hash ?? attemptId);
		return {
			ok: true as const,
			status: attempt.status,
			score: attempt.score,
			max: attempt.max_score,
			provisional: round.finalised_at === null,
			receipt: receiptFor(secret, { attemptId, deviceId: body.deviceId, lastSeq: body.lastSeq, chainHead }),
			state: stateOf(attempt),
			now
		};
	});
	return result;
}

/** Ends an attempt at `now` (capped at its deadline) and grades it. */
export async function closeAttempt(
	tx: Db,
	attempt: Attempt,
	reason: string,
	now: number,
	status: 'submitted' | 'locked' = 'submitted'
): Promise<Attempt> {
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
	const changed = await tx
		.updateTable('attempt')
		.set({
			status: closed.status,
			submitted_at: closed.submitted_at,
			submit_reason: reason,
			time_used_ms: closed.time_used_ms,
			paused_since: null
		})
		.where('id', '=', attempt.id)
		.where('status', 'in', ['running', 'paused', 'waiting'])
		.executeTakeFirst();
	if (Number(changed.numUpdatedRows) === 0) {
		// Another process closed it first; take its version.
		return tx.selectFrom('attempt').selectAll().where('id', '=', attempt.id).executeTakeFirstOrThrow();
	}
	return gradeAttempt(tx, closed, now);
}

/** Closes one attempt if its deadline + grace has passed; returns it when it did. */
export async function closeIfExpired(db: Db, attemptId: string, now: number): Promise<Attempt | null> {
	return db.transaction().execute(async (tx) => {
		const a = await tx.selectFrom('attempt').selectAll().where('id', '=', attemptId).executeTakeFirst();
		// A paused attempt has no deadline yet; at the venue, lock usually comes first.
		if (!a || a.status !== 'running') return null;
		if (now <= (attemptDeadline(a) ?? Infinity) + a.grace_ms) return null;
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
