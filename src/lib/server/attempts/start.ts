// Starting (or resuming) an attempt at home: the paper drawn from the round's bank, the
// attempt limits held under concurrent starts, and a token bound to (attempt, device).
import { randomBytes, randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Db } from '../db';
import type { Attempt } from '../db/tables-exam';
import type { Round } from '../db/schema';
import { drawPaper, stripKey, type Paper, type PublicPaper } from '$lib/exam/paper';
import { ageOn, vietnamDate } from '$lib/exam/eligibility';
import { vietnamWeekStart } from '$lib/exam/calendar';
import { parseRoundSettings } from '../round-settings';
import { loadBank } from '../papers';
import { issueToken } from '../tokens';
import { attemptDeadline, deviceIdSchema, isPostgres, lockedRead } from './wire';
import { failure, type Failure } from '../failure';
import { readPaper } from '../db/stored';
import { readPaperText, run } from './hot-sql';
import { exclusionOf } from '../exclusions';

/** The start body: the device the token will speak for. Omitted, the server makes one up. */
export const startBody = z.object({ deviceId: deviceIdSchema }).strict();

/** A device id for a start that named none; the response returns it. */
export const newDeviceId = () => `d-${randomUUID()}`;

/** A new attempt's row: nothing submitted, graded, extended or paused yet. */
export function newAttemptRow(
	a: Pick<
		Attempt,
		| 'id'
		| 'round_id'
		| 'user_id'
		| 'seed'
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
		time_claimed_ms: null,
		score: null,
		max_score: null,
		answered: null,
		tiebreak: null,
		graded_at: null
	};
}

/**
 * Stores a new attempt and its paper (kept apart, migration 0015), both or neither: `tx` is a
 * transaction. `ifAbsent`: an attempt id already held is left as it is (a device's retry).
 */
export async function insertAttempt(tx: Db, row: Attempt, paper: string, ifAbsent = false): Promise<void> {
	const attempt = tx.insertInto('attempt').values(row);
	await (ifAbsent ? attempt.onConflict((oc) => oc.column('id').doNothing()) : attempt).execute();
	const stored = tx.insertInto('attempt_paper').values({ attempt_id: row.id, paper });
	await (ifAbsent ? stored.onConflict((oc) => oc.column('attempt_id').doNothing()) : stored).execute();
}

export interface StartedAttempt {
	ok: true;
	attemptId: string;
	token: string;
	/** The device the token speaks for: the one the start named, or one made for it. */
	deviceId: string;
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

/** Attempts a candidate has started in a round, in all and this Vietnamese week (counted, not listed). */
export async function attemptCounts(
	db: Db,
	roundId: string,
	userId: string,
	now: number
): Promise<AttemptCounts> {
	const weekStart = vietnamWeekStart(now);
	const row = await db
		.selectFrom('attempt')
		.select((eb) => [
			eb.fn.countAll().as('total'),
			eb.fn.count(eb.case().when('created_at', '>=', weekStart).then(1).end()).as('thisWeek')
		])
		.where('round_id', '=', roundId)
		.where('user_id', '=', userId)
		.executeTakeFirstOrThrow();
	return { total: Number(row.total), thisWeek: Number(row.thisWeek) };
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

async function runningAttempt(db: Db, roundId: string, userId: string, now: number) {
	const running = await db
		.selectFrom('attempt')
		.selectAll()
		.where('round_id', '=', roundId)
		.where('user_id', '=', userId)
		.where('status', '=', 'running')
		.executeTakeFirst();
	return running && now <= (attemptDeadline(running) ?? 0) ? running : undefined;
}

/** A round's window: open from `opens_at` until just before `closes_at`. */
export function roundOpen(round: Pick<Round, 'opens_at' | 'closes_at'>, now: number): boolean {
	return round.opens_at <= now && now < round.closes_at;
}

/**
 * Whether the account may take part in the round: a candidate, not on the exclusion list (the
 * rules keep organisers, judges and helpers out of the contest; practising is not taking part,
 * so a practice round stays open to them), old enough on its first day.
 */
export async function eligibility(
	db: Db,
	round: Pick<Round, 'kind' | 'opens_at' | 'min_age'>,
	userId: string
): Promise<Failure | null> {
	const profile = await db
		.selectFrom('candidate_profile')
		.select('birth_date')
		.where('user_id', '=', userId)
		.executeTakeFirst();
	if (!profile) return failure('notCandidate');
	if (round.kind !== 'practice' && (await exclusionOf(db, userId)) !== null) return failure('excluded');
	if (ageOn(profile.birth_date, vietnamDate(round.opens_at)) < round.min_age) {
		return failure('tooYoung', { age: round.min_age });
	}
	return null;
}

/**
 * Serialises the starts of one candidate: the check of their running attempt and their
 * limits, and the insert, happen as one. PostgreSQL locks the candidate's profile row for
 * the transaction; SQLite has a single writer, and Kysely runs a SQLite transaction on its
 * one connection from start to end.
 */
async function lockCandidate(tx: Db, userId: string): Promise<boolean> {
	const q = tx.selectFrom('candidate_profile').select('user_id').where('user_id', '=', userId);
	return (await lockedRead(tx, q).executeTakeFirst()) !== undefined;
}

/**
 * Attempts one account may open in an hour, whatever its rounds allow (a practice round may
 * allow any number). Each holds its paper and what up to MAX_ATTEMPT_DEVICES devices send
 * ($lib/exam/batch.ts), so a script on one account could otherwise fill the disk. A practice
 * takes minutes: one a minute is more than anyone practising opens.
 */
export const ATTEMPTS_PER_HOUR = 60;
const HOUR_MS = 3600_000;
const OPENED_SINCE =
	'SELECT COUNT(*) AS n, MIN(created_at) AS oldest FROM attempt WHERE user_id = ? AND created_at > ?';

/**
 * Whether the round is still as `read` saw it. Read with FOR KEY SHARE on PostgreSQL: an
 * organiser's save holds the row FOR UPDATE (rounds.ts updateRound), so this waits for it and
 * reads what it wrote; SQLite has one writer. Once this transaction stores an attempt the round
 * keeps its rules, so a start that read the round before the save draws again (`roundChanged`).
 */
async function roundUnchanged(tx: Db, read: Round): Promise<boolean> {
	const q = tx.selectFrom('round').selectAll().where('id', '=', read.id);
	const now = await (isPostgres(tx) ? q.forKeyShare() : q).executeTakeFirst();
	return (
		now !== undefined && Object.entries(read).every(([k, v]) => String(now[k as keyof Round]) === String(v))
	);
}

/** Tries `start` again while a save changed its round under it (a few times; saves are rare). */
export async function retriedOnRoundChange<T>(start: () => Promise<T | Failure>): Promise<T | Failure> {
	for (let tries = 1; ; tries++) {
		const result = await start();
		const changed = (result as Failure).ok === false && (result as Failure).code === 'roundChanged';
		if (!changed || tries === 3) return result;
	}
}

/**
 * Stores a new attempt if the round's limits leave one: the one place they are applied, for a
 * start the server draws and a practice paper a device drew alike. In one transaction, under
 * the candidate's lock: first `held` may answer with an attempt already there (a running one
 * to resume, an attempt id sent again), and only otherwise are the limits counted and `row`
 * stored, which `opened` then answers with (and the account's hourly bound, ATTEMPTS_PER_HOUR).
 * `round` is the row the paper and `row` were made from: changed since, nothing is stored
 * (`roundChanged`). An id another account took meanwhile is left as it is (`ifAbsent`), so a
 * caller whose ids come from a device reads back what was stored.
 */
export async function openWithinLimits<T>(
	db: Db,
	round: Round,
	row: Attempt,
	paper: string,
	steps: { held: (tx: Db) => Promise<T | undefined>; opened: (row: Attempt) => T }
): Promise<T | Failure> {
	return db.transaction().execute(async (tx): Promise<T | Failure> => {
		if (!(await lockCandidate(tx, row.user_id))) return failure('notCandidate');
		if (!(await roundUnchanged(tx, round))) return failure('roundChanged');
		const held = await steps.held(tx);
		if (held !== undefined) return held;
		const left = attemptsLeft(round, await attemptCounts(tx, round.id, row.user_id, row.created_at));
		if (left === 0) return failure('noAttemptsLeft');
		const [recent] = await run<{ n: number | string; oldest: number | string | null }>(tx, OPENED_SINCE, [
			row.user_id,
			row.created_at - HOUR_MS
		]);
		if (Number(recent.n) >= ATTEMPTS_PER_HOUR)
			return failure('tooManyAttempts', { retryAfterMs: Number(recent.oldest) + HOUR_MS - row.created_at });
		await insertAttempt(tx, row, paper, true);
		return steps.opened(row);
	});
}

export async function startAttempt(
	db: Db,
	secret: Buffer,
	input: { userId: string; roundId: string; deviceId?: string },
	now = Date.now()
): Promise<StartedAttempt | Failure> {
	return retriedOnRoundChange(() => startOnce(db, secret, input, now));
}

async function startOnce(
	db: Db,
	secret: Buffer,
	input: { userId: string; roundId: string; deviceId?: string },
	now: number
): Promise<StartedAttempt | Failure> {
	const round = await db.selectFrom('round').selectAll().where('id', '=', input.roundId).executeTakeFirst();
	if (!round) return failure('roundNotFound');
	if (round.kind === 'final') return failure('venueOnly');
	if (!roundOpen(round, now)) return failure('roundClosed');
	const settings = parseRoundSettings(round.settings);
	const deviceId = input.deviceId ?? newDeviceId();
	const started = (a: Attempt, paper: Paper, resumed: boolean): StartedAttempt => ({
		ok: true,
		attemptId: a.id,
		token: issueToken(secret, { kind: 'attempt', attemptId: a.id, userId: input.userId, deviceId }),
		deviceId,
		paper: round.kind === 'practice' ? paper : stripKey(paper),
		startedAt: a.started_at!,
		deadline: attemptDeadline(a)!,
		durationMs: a.duration_ms,
		graceMs: a.grace_ms,
		now,
		round: {
			id: round.id,
			name: round.name,
			kind: round.kind,
			tiebreakPrompt: settings.tiebreak?.prompt ?? null,
			review: round.review_after === 1
		},
		resumed
	});

	// Resume on this or another device: same attempt, same paper, same deadline.
	const running = await runningAttempt(db, round.id, input.userId, now);
	if (running) return started(running, readPaper(await readPaperText(db, running.id)), true);

	const refused = await eligibility(db, round, input.userId);
	if (refused) return refused;

	// Drawn before taking the lock: reading the bank is the slow part.
	const seed = randomBytes(12).toString('hex');
	let paper: Paper;
	try {
		paper = drawPaper({ bank: await loadBank(db, settings.poolIds), blueprint: settings.blueprint, seed });
	} catch {
		return failure('bankTooSmall');
	}
	const row = newAttemptRow({
		id: randomUUID(),
		round_id: round.id,
		user_id: input.userId,
		seed,
		mode: 'home',
		status: 'running',
		created_at: now,
		started_at: now,
		duration_ms: round.duration_s * 1000,
		grace_ms: round.grace_s * 1000
	});
	return openWithinLimits(db, round, row, JSON.stringify(paper), {
		// A start that raced this one opened an attempt meanwhile: resume it.
		held: async (tx) => {
			const raced = await runningAttempt(tx, round.id, input.userId, now);
			return raced && started(raced, readPaper(await readPaperText(tx, raced.id)), true);
		},
		opened: (row) => started(row, paper, false)
	});
}
