// Voiding a question found wrong, or correcting its key, and re-grading the round: every
// closed attempt whose paper has the question is graded again by gradeAttempt (so the same
// counting and merge rules apply). At 100,000 attempts that takes half a minute or more, so
// it runs as a job over a queue of attempt ids, 50 ms of grading per transaction, in the
// background of the request that asked for it; job and queue are in the database, so any
// process continues the job if this one stops.
// Refused once the round is finalised (final scores stay final), and finalising waits for it.
import { sql } from 'kysely';
import type { Db } from '../db';
import { gradeAttempt } from '../attempts';
import { audit } from '../audit';
import { invalidateStanding, RANKED_STATUSES } from './standing';
import { lockRound, type DecisionResult } from './publication';
import { readKey, readOptions } from '../db/stored';
import { failure } from '../failure';
import { lockedRead } from '../attempts/wire';
import { yieldToServer } from '../turns';

/** Attempts a chunk reads at most. */
const BATCH = 100;
/**
 * A chunk's transaction ends once it has graded this long, whatever is left of its attempts:
 * on SQLite every other request's query waits for it (one connection), the hall's answer syncs
 * with them, and the requests that arrived run between chunks (`yieldToServer`). Before, chunks
 * of 250 (160-225 ms each on SQLite) ran back to back: re-grading 63,080 attempts, a read due
 * every 20 ms answered 137 ms late at the median, 260 ms at p99 (a review, 73,327 attempts:
 * syncs p99 1.18 s); now 33 ms and 57 ms, for 40.4 s against 37.7 s of grading in all.
 */
const SLICE_MS = 50;
/** A worker renews its lease after every chunk; a lease this old belongs to a stopped process. */
const LEASE_MS = 60_000;
/** In a job's question list: every attempt of the round, whatever its paper. */
const ALL_QUESTIONS = '*';

export interface RegradeReport {
	attempts: number;
	changed: number;
}

/** Closed attempts of the round whose paper has one of `questionIds` ('*': every attempt). */
export function affectedQuery(db: Db, roundId: string, questionIds: readonly string[]) {
	const all = questionIds.includes(ALL_QUESTIONS);
	return db
		.selectFrom('attempt')
		.leftJoin('attempt_outcome as o', 'o.attempt_id', 'attempt.id')
		.where('attempt.round_id', '=', roundId)
		.where('attempt.status', 'in', [...RANKED_STATUSES])
		.where((eb) =>
			// Outcomes are JSON objects keyed by question id: `"id":` appears exactly when the
			// paper has it. Attempts graded before outcomes were recorded are graded again too.
			all
				? eb.lit(true)
				: eb.or([
						eb('o.outcomes', 'is', null),
						...questionIds.map((id) => eb('o.outcomes', 'like', `%${JSON.stringify(id)}:%`))
					])
		);
}

/** The job's queue, a chunk at a time. */
export function queueQuery(db: Db, roundId: string) {
	return db.selectFrom('regrade_item').where('round_id', '=', roundId);
}

/**
 * Records, in the caller's transaction, that the round must be re-graded for `questionId`; a
 * running job takes it on.
 */
async function requestRegrade(
	tx: Db,
	roundId: string,
	questionId: string,
	actorId: string,
	now: number
): Promise<void> {
	const job = await tx
		.selectFrom('regrade_job')
		.selectAll()
		.where('round_id', '=', roundId)
		.executeTakeFirst();
	const running = job && job.finished_at === null;
	const ids = running ? [...new Set([...readKey(job.question_ids), questionId])] : [questionId];
	const row = {
		requested_at: now,
		question_ids: JSON.stringify(ids),
		actor_id: actorId,
		finished_at: null,
		...(running ? {} : { done: 0, changed: 0, lease_until: null })
	};
	await tx
		.insertInto('regrade_job')
		.values({ round_id: roundId, done: 0, changed: 0, lease_until: null, ...row })
		.onConflict((oc) => oc.column('round_id').doUpdateSet(row))
		.execute();
	// One pass over the round's attempts now, so the chunks never search for work.
	await tx
		.insertInto('regrade_item')
		.columns(['round_id', 'attempt_id'])
		.expression(
			affectedQuery(tx, roundId, [questionId]).select([
				sql<string>`cast(${roundId} as text)`.as('round_id'),
				'attempt.id'
			])
		)
		.onConflict((oc) => oc.columns(['round_id', 'attempt_id']).doNothing())
		.execute();
}

export interface RegradeProgress {
	pending: number;
	done: number;
	changed: number;
	finishedAt: number | null;
	requestedAt: number;
}

/** How far the round's re-grading is; null when it was never re-graded. */
export async function regradeProgress(db: Db, roundId: string): Promise<RegradeProgress | null> {
	const job = await db
		.selectFrom('regrade_job')
		.selectAll()
		.where('round_id', '=', roundId)
		.executeTakeFirst();
	if (!job) return null;
	const pending =
		job.finished_at === null
			? Number(
					(
						await queueQuery(db, roundId)
							.select(sql<number>`count(*)`.as('n'))
							.executeTakeFirstOrThrow()
					).n
				)
			: 0;
	return {
		pending,
		done: job.done,
		changed: job.changed,
		finishedAt: job.finished_at,
		requestedAt: job.requested_at
	};
}

/**
 * Works the round's job until no attempt is left, chunk by chunk, each chunk one
 * transaction; then rebuilds nothing itself but drops the standing so the next page ranks
 * the new scores, and audits how many scores changed. Returns null when another process
 * holds the job (or there is none). `clock` is for tests.
 */
export async function runRegrade(
	db: Db,
	roundId: string,
	clock: () => number = Date.now
): Promise<RegradeReport | null> {
	const t0 = clock();
	const claimed = await db
		.updateTable('regrade_job')
		.set({ lease_until: t0 + LEASE_MS })
		.where('round_id', '=', roundId)
		.where('finished_at', 'is', null)
		.where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', t0)]))
		.executeTakeFirst();
	if (Number(claimed.numUpdatedRows) === 0) return null;
	for (;;) {
		const ids = (await queueQuery(db, roundId).select('attempt_id').limit(BATCH).execute()).map(
			(r) => r.attempt_id
		);
		if (ids.length === 0) {
			const now = clock();
			// Ended under the job's row lock, the queue read again: a correction adding to the job
			// meanwhile (requestRegrade writes the job's row, then its queue) is worked, not left
			// queued under a job marked finished, which finalising would take as done.
			const report = await db.transaction().execute(async (tx) => {
				const held = await lockedRead(
					tx,
					tx.selectFrom('regrade_job').selectAll().where('round_id', '=', roundId)
				).executeTakeFirstOrThrow();
				if (await queueQuery(tx, roundId).select('attempt_id').limit(1).executeTakeFirst()) return null;
				await tx
					.updateTable('regrade_job')
					.set({ finished_at: now, lease_until: null })
					.where('round_id', '=', roundId)
					.execute();
				await invalidateStanding(tx, roundId);
				const done = { attempts: held.done, changed: held.changed };
				await audit(
					tx,
					{
						actorId: held.actor_id,
						action: 'results.regraded',
						target: roundId,
						detail: { ...done, questions: JSON.parse(held.question_ids) }
					},
					now
				);
				return done;
			});
			if (report) return report;
			continue;
		}
		const at = clock();
		const { graded, changed } = await db.transaction().execute(async (tx) => {
			const started = performance.now();
			const done: string[] = [];
			let cut = false;
			let n = 0;
			const attempts = await tx.selectFrom('attempt').selectAll().where('id', 'in', ids).execute();
			for (const [i, a] of attempts.entries()) {
				const regraded = await gradeAttempt(tx, a, at);
				if (regraded.score !== a.score || regraded.max_score !== a.max_score) n += 1;
				done.push(a.id);
				cut = i < attempts.length - 1 && performance.now() - started >= SLICE_MS;
				if (cut) break;
			}
			// Cut short: what it graded leaves the queue. Else all of it, an attempt gone since included.
			const finished = cut ? done : ids;
			await tx
				.deleteFrom('regrade_item')
				.where('round_id', '=', roundId)
				.where('attempt_id', 'in', finished)
				.execute();
			return { graded: finished.length, changed: n };
		});
		await db
			.updateTable('regrade_job')
			.set((eb) => ({
				done: eb('done', '+', graded),
				changed: eb('changed', '+', changed),
				lease_until: clock() + LEASE_MS
			}))
			.where('round_id', '=', roundId)
			.execute();
		// The requests that arrived meanwhile (the hall's syncs, heartbeats) run before the next chunk.
		await yieldToServer();
	}
}

/**
 * Grades every closed attempt of the round again (after a change to the grading rules or
 * data outside any one question), waiting for the job to end. Audited when it ends.
 */
export async function regradeRound(
	db: Db,
	roundId: string,
	actorId: string,
	now = Date.now()
): Promise<RegradeReport> {
	await db.transaction().execute(async (tx) => {
		await lockRound(tx, roundId);
		await requestRegrade(tx, roundId, ALL_QUESTIONS, actorId, now);
	});
	return waitForRegrade(db, roundId);
}

async function waitForRegrade(db: Db, roundId: string): Promise<RegradeReport> {
	// Another process may hold the job: wait for it rather than report too early.
	for (;;) {
		const report = await runRegrade(db, roundId);
		if (report) return report;
		const job = await db
			.selectFrom('regrade_job')
			.select(['finished_at', 'done', 'changed'])
			.where('round_id', '=', roundId)
			.executeTakeFirstOrThrow();
		if (job.finished_at !== null) return { attempts: job.done, changed: job.changed };
		await new Promise((r) => setTimeout(r, 200));
	}
}

/** Continues a job whose process stopped; called by the results pages. Never throws. */
export function resumeRegrade(db: Db, roundId: string): void {
	runRegrade(db, roundId).catch((e) => console.error(`re-grading round ${roundId} failed`, e));
}

export interface CorrectionInput {
	questionId: string;
	kind: 'void' | 'key' | 'restore';
	/** For 'key': the option ids to accept. */
	correct?: string[];
	reason: string;
}

/** The options a question had on the round's papers, every version, by id. */
export async function questionOptions(db: Db, questionId: string): Promise<Map<string, string>> {
	const rows = await db
		.selectFrom('question_version')
		.select(['options'])
		.where('question_id', '=', questionId)
		.orderBy('version')
		.execute();
	const options = new Map<string, string>();
	for (const r of rows) for (const o of readOptions(r.options)) options.set(o.id, o.text);
	return options;
}

/**
 * Voids a question, corrects its key, or restores it as drawn; then re-grades the affected
 * attempts, waiting for it (`wait`, the default) or in the background. Audited: who, which
 * question, why; and, when the job ends, how many scores changed.
 */
export async function correctQuestion(
	db: Db,
	roundId: string,
	input: CorrectionInput,
	actorId: string,
	opts: { now?: number; wait?: boolean } = {}
): Promise<DecisionResult & { report?: RegradeReport }> {
	const now = opts.now ?? Date.now();
	// Checked and written under the round's lock (publication.ts lockRound), the job requested
	// with them: a finalisation sent at the same moment comes first and this is refused
	// (`finalised`), or it comes after and finds the job running (`regrading`).
	const done = await db.transaction().execute(async (tx): Promise<DecisionResult> => {
		const round = await lockRound(tx, roundId);
		if (!round || round.kind === 'practice') return failure('notFound');
		if (round.finalised_at !== null) return failure('finalised');
		const options = await questionOptions(tx, input.questionId);
		if (options.size === 0) return failure('unknownQuestion');
		const correct = [...new Set(input.correct ?? [])].sort();
		if (input.kind === 'key' && (correct.length === 0 || !correct.every((id) => options.has(id))))
			return failure('badKey');

		if (input.kind === 'restore') {
			await tx
				.deleteFrom('question_correction')
				.where('round_id', '=', roundId)
				.where('question_id', '=', input.questionId)
				.execute();
		} else {
			const row = {
				kind: input.kind,
				correct: input.kind === 'key' ? JSON.stringify(correct) : null,
				reason: input.reason,
				actor_id: actorId,
				at: now
			};
			await tx
				.insertInto('question_correction')
				.values({ round_id: roundId, question_id: input.questionId, ...row })
				.onConflict((oc) => oc.columns(['round_id', 'question_id']).doUpdateSet(row))
				.execute();
		}
		await audit(
			tx,
			{
				actorId,
				action:
					input.kind === 'void'
						? 'results.question_voided'
						: input.kind === 'key'
							? 'results.key_corrected'
							: 'results.question_restored',
				target: `${roundId}/${input.questionId}`,
				detail: { reason: input.reason, ...(input.kind === 'key' ? { correct } : {}) }
			},
			now
		);
		await requestRegrade(tx, roundId, input.questionId, actorId, now);
		return { ok: true };
	});
	if (!done.ok) return done;
	if (opts.wait === false) {
		resumeRegrade(db, roundId);
		return { ok: true };
	}
	return { ok: true, report: await waitForRegrade(db, roundId) };
}

export interface CorrectionView {
	questionId: string;
	kind: 'void' | 'key';
	correct: string[];
	reason: string;
	at: number;
	actorName: string | null;
}

export async function roundCorrections(db: Db, roundId: string): Promise<CorrectionView[]> {
	const rows = await db
		.selectFrom('question_correction as c')
		.leftJoin('app_user as u', 'u.id', 'c.actor_id')
		.select(['c.question_id', 'c.kind', 'c.correct', 'c.reason', 'c.at', 'u.full_name'])
		.where('c.round_id', '=', roundId)
		.orderBy('c.at')
		.execute();
	return rows.map((r) => ({
		questionId: r.question_id,
		kind: r.kind,
		correct: r.correct ? readKey(r.correct) : [],
		reason: r.reason,
		at: r.at,
		actorName: r.full_name
	}));
}

/**
 * What the results pages show above every tab: the re-grading in progress, if any. A job
 * whose process stopped (its lease ran out) is taken up again here.
 */
export async function regradeBanner(db: Db, roundId: string): Promise<RegradeProgress | null> {
	const progress = await regradeProgress(db, roundId);
	if (!progress || progress.finishedAt !== null) return null;
	resumeRegrade(db, roundId);
	return progress;
}
