// The dispute view of one attempt: every event of every device as the server received it,
// whether it counted and why not, its flags, and how each question came out. Read-only: the
// counting was decided when the attempt was graded (gradeAttempt stores counts and reason).
import type { Db } from '../db';
import { TIEBREAK_ID } from '$lib/exam/events';
import { mergeAnswers, winningEvents, type DeviceEvent } from '$lib/exam/merge';
import { gradePaper, type QuestionOutcome } from '$lib/exam/scoring';
import { attemptDeadline, IN_PAUSE, REVIEW } from '../attempts';
import { loadCorrections, withCorrectedKeys } from './corrections';
import { readChoice, readPaper } from '../db/stored';
import { readPaperText } from '../attempts/hot-sql';

/** More events than any honest attempt makes; the view says when it stops short. */
const MAX_EVENTS = 5000;

export interface DisputeEvent {
	id: number;
	deviceId: string;
	seq: number;
	/** 1-based place on the paper; null for the tie-break or a question not on it. */
	questionNo: number | null;
	questionId: string;
	/** The option's letter on the candidate's paper and its text, or the tie-break number. */
	choice: string;
	at: number;
	elapsedMs: number;
	receivedAt: number;
	counts: boolean;
	/** This event is the answer that counts for its question. */
	decides: boolean;
	reason: string | null;
	flags: string[];
}

export interface DisputeQuestion {
	no: number;
	questionId: string;
	text: string;
	chosen: string | null;
	correct: string[];
	outcome: QuestionOutcome;
	corrected: 'void' | 'key' | null;
}

export interface DisputeView {
	attempt: {
		id: string;
		roundId: string;
		status: string;
		mode: string;
		startedAt: number | null;
		deadline: number | null;
		submittedAt: number | null;
		submitReason: string | null;
		timeUsedMs: number | null;
		/** At the venue, what the tablet claimed where its heartbeats did not bear it out. */
		timeClaimedMs: number | null;
		score: number | null;
		max: number | null;
		answered: number | null;
		tiebreak: number | null;
		gradedAt: number | null;
	};
	candidate: { id: string; fullName: string; unitName: string; phone: string | null };
	otherAttempts: {
		id: string;
		status: string;
		score: number | null;
		max: number | null;
		startedAt: number | null;
	}[];
	devices: {
		deviceId: string;
		ackedSeq: number;
		chainOk: boolean;
		lastSeenAt: number;
		movedAtElapsedMs: number | null;
		/** What the close let this device still deliver (counting.ts DeviceCutoff), once closed. */
		closeRule: string | null;
		events: number;
		notCounted: number;
		/** Late arrivals from a tablet offline at the lock, for the organiser to review. */
		toReview: number;
		/** Made while the room or seat was paused, before the tablet heard so (flag in_pause). */
		inPause: number;
	}[];
	events: DisputeEvent[];
	truncated: boolean;
	questions: DisputeQuestion[];
}

const letter = (i: number) => String.fromCharCode(65 + i);

export async function disputeView(db: Db, roundId: string, attemptId: string): Promise<DisputeView | null> {
	const a = await db
		.selectFrom('attempt')
		.selectAll()
		.where('id', '=', attemptId)
		.where('round_id', '=', roundId)
		.executeTakeFirst();
	if (!a) return null;
	const person = await db
		.selectFrom('app_user as u')
		.leftJoin('candidate_profile as p', 'p.user_id', 'u.id')
		.leftJoin('unit', 'unit.id', 'p.unit_id')
		.select(['u.id', 'u.full_name', 'u.phone', 'unit.name as unit_name'])
		.where('u.id', '=', a.user_id)
		.executeTakeFirstOrThrow();
	const others = await db
		.selectFrom('attempt')
		.select(['id', 'status', 'score', 'max_score', 'started_at'])
		.where('round_id', '=', roundId)
		.where('user_id', '=', a.user_id)
		.orderBy('created_at')
		.execute();
	const devices = await db
		.selectFrom('attempt_device')
		.selectAll()
		.where('attempt_id', '=', attemptId)
		.orderBy('device_id')
		.execute();
	const rows = await db
		.selectFrom('answer_event')
		.selectAll()
		.where('attempt_id', '=', attemptId)
		.orderBy('device_id')
		.orderBy('seq')
		.orderBy('id')
		.limit(MAX_EVENTS + 1)
		.execute();
	const truncated = rows.length > MAX_EVENTS;
	if (truncated) rows.length = MAX_EVENTS;

	const paper = readPaper(await readPaperText(db, a.id));
	const place = new Map(paper.questions.map((q, i) => [q.id, i]));
	const optionLabel = new Map<string, string>();
	for (const q of paper.questions)
		q.options.forEach((o, i) => optionLabel.set(`${q.id}\n${o.id}`, `${letter(i)}. ${o.text}`));

	const corrections = await loadCorrections(db, roundId);
	const deviceEvents: DeviceEvent[] = rows.map((r) => ({
		deviceId: r.device_id,
		counts: r.counts === 1,
		event: {
			seq: r.seq,
			questionId: r.question_id,
			choice: readChoice(r.choice),
			at: r.at,
			elapsedMs: r.elapsed_ms,
			hash: r.hash
		}
	}));
	const winners = new Set(
		[...winningEvents(deviceEvents).values()].map((w) => `${w.deviceId}\n${w.event.seq}\n${w.event.hash}`)
	);
	const events: DisputeEvent[] = rows.map((r) => {
		const choice = readChoice(r.choice);
		const label =
			choice === null
				? '—'
				: typeof choice === 'number'
					? String(choice)
					: (optionLabel.get(`${r.question_id}\n${choice}`) ?? choice);
		const at = place.get(r.question_id);
		return {
			id: r.id,
			deviceId: r.device_id,
			seq: r.seq,
			questionNo: r.question_id === TIEBREAK_ID || at === undefined ? null : at + 1,
			questionId: r.question_id,
			choice: label,
			at: r.at,
			elapsedMs: r.elapsed_ms,
			receivedAt: r.received_at,
			counts: r.counts === 1,
			decides: winners.has(`${r.device_id}\n${r.seq}\n${r.hash}`),
			reason: r.reason,
			flags: r.flags.split(' ').filter(Boolean)
		};
	});

	const keyed = withCorrectedKeys(paper.questions, corrections);
	const grade = gradePaper(keyed, mergeAnswers(deviceEvents), corrections.voided);
	const questions: DisputeQuestion[] = paper.questions.map((q, i) => {
		const r = grade.questions[i];
		const labelOf = (id: string) => {
			const k = q.options.findIndex((o) => o.id === id);
			return k >= 0 ? `${letter(k)}. ${q.options[k].text}` : id;
		};
		return {
			no: i + 1,
			questionId: q.id,
			text: q.text,
			chosen: r.choice === null ? null : typeof r.choice === 'number' ? String(r.choice) : labelOf(r.choice),
			correct: keyed[i].correct.map(labelOf),
			outcome: r.outcome,
			corrected: corrections.voided.has(q.id) ? 'void' : corrections.keys.has(q.id) ? 'key' : null
		};
	});

	const perDevice = new Map<
		string,
		{ events: number; notCounted: number; toReview: number; inPause: number }
	>();
	for (const e of events) {
		const d = perDevice.get(e.deviceId) ?? { events: 0, notCounted: 0, toReview: 0, inPause: 0 };
		d.events += 1;
		if (!e.counts) d.notCounted += 1;
		if (e.flags.includes(REVIEW)) d.toReview += 1;
		if (e.flags.includes(IN_PAUSE)) d.inPause += 1;
		perDevice.set(e.deviceId, d);
	}

	return {
		attempt: {
			id: a.id,
			roundId: a.round_id,
			status: a.status,
			mode: a.mode,
			startedAt: a.started_at,
			deadline: attemptDeadline(a),
			submittedAt: a.submitted_at,
			submitReason: a.submit_reason,
			timeUsedMs: a.time_used_ms,
			timeClaimedMs: a.time_claimed_ms !== a.time_used_ms ? a.time_claimed_ms : null,
			score: a.score,
			max: a.max_score,
			answered: a.answered,
			tiebreak: a.tiebreak,
			gradedAt: a.graded_at
		},
		candidate: {
			id: person.id,
			fullName: person.full_name,
			unitName: person.unit_name ?? '',
			phone: person.phone
		},
		otherAttempts: others.map((o) => ({
			id: o.id,
			status: o.status,
			score: o.score,
			max: o.max_score,
			startedAt: o.started_at
		})),
		devices: devices.map((d) => ({
			deviceId: d.device_id,
			ackedSeq: d.acked_seq,
			chainOk: d.chain_ok === 1,
			lastSeenAt: d.last_seen_at,
			movedAtElapsedMs: d.moved_at_elapsed_ms,
			closeRule: d.close_rule,
			...(perDevice.get(d.device_id) ?? { events: 0, notCounted: 0, toReview: 0, inPause: 0 })
		})),
		events,
		truncated,
		questions
	};
}

export interface ReviewItem {
	attemptId: string;
	fullName: string;
	deviceId: string;
	/** Late arrivals of this tablet, and how many of them counted. */
	events: number;
	counted: number;
	firstReceivedAt: number;
}

/**
 * The attempts of a round with late arrivals to review: events that reached the server
 * after the lock from a tablet that was offline then (DESIGN.md "Closed means closed").
 * Each is judged by the tablet's active time; the organiser checks them in the dispute view.
 */
export async function lateArrivalsToReview(db: Db, roundId: string): Promise<ReviewItem[]> {
	const rows = await db
		.selectFrom('answer_event as e')
		.innerJoin('attempt as a', 'a.id', 'e.attempt_id')
		.innerJoin('app_user as u', 'u.id', 'a.user_id')
		.select(['e.attempt_id', 'e.device_id', 'e.counts', 'e.received_at', 'e.flags', 'u.full_name'])
		.where('a.round_id', '=', roundId)
		.where('e.flags', 'like', `%${REVIEW}%`)
		.orderBy('e.received_at')
		.execute();
	const items = new Map<string, ReviewItem>();
	for (const r of rows) {
		if (!r.flags.split(' ').includes(REVIEW)) continue;
		const key = `${r.attempt_id}\n${r.device_id}`;
		const item = items.get(key) ?? {
			attemptId: r.attempt_id,
			fullName: r.full_name,
			deviceId: r.device_id,
			events: 0,
			counted: 0,
			firstReceivedAt: r.received_at
		};
		item.events += 1;
		item.counted += r.counts;
		items.set(key, item);
	}
	return [...items.values()];
}
