// A round's standing: every candidate's best attempt ranked by rankRound, kept in
// round_standing so pages of 20,000 candidates are index ranges, not a re-ranking of 100,000
// attempts per request. The snapshot carries a stamp of the graded attempts it was built
// from; a page compares it with the current stamp (one covered aggregate) and rebuilds when
// they differ. Once a round is finalised its snapshot is frozen: finaliseRound builds or
// stamps it at finalisation. When a reader may use the snapshot as it is, and when it is
// rebuilt (at once, or in the background), is standing-read.ts.
import { sql } from 'kysely';
import type { Db } from '../db';
import { isPostgres } from '../attempts/wire';
import { rankRound, type RoundAttempt } from '$lib/exam/ranking';
import { parseRoundSettings } from '../round-settings';
import { normalisedPoints } from '$lib/exam/collective';
import { foldForSearch } from '$lib/exam/names';

/** Attempts that are ranked: closed and graded. */
export const RANKED_STATUSES = ['submitted', 'locked'] as const;

export interface DayTally {
	/** Vietnamese calendar date, YYYY-MM-DD. */
	date: string;
	attempts: number;
	/** Candidates with at least one attempt started that day. */
	participants: number;
}

export interface RoundSummary {
	participants: number;
	attempts: number;
	/** The largest maximum of any best attempt: the scale averages are shown on. */
	fullMarks: number;
	/** histogram[p] = participants whose best score (on the full-marks scale) rounds down to p. */
	histogram: number[];
	days: DayTally[];
	/** Per unit (its own candidates only): participants, attempts, best scores high to low. */
	units: Record<string, { participants: number; attempts: number; points: number[] }>;
}

export interface Snapshot {
	roundId: string;
	stamp: string;
	builtAt: number;
	summary: RoundSummary;
}

interface StampRow {
	n: number | string;
	graded: number | string;
	score: number | string;
	time: number | string;
}

function stampOf(r: StampRow): string {
	return `${Number(r.n)}:${Number(r.graded)}:${Number(r.score)}:${Number(r.time)}`;
}

/** The query behind the stamp; exported so the query-plan tests can EXPLAIN it. */
export function stampQuery(db: Db, roundId: string) {
	return db
		.selectFrom('attempt')
		.select([
			sql<number>`count(*)`.as('n'),
			sql<number>`coalesce(max(graded_at), 0)`.as('graded'),
			sql<number>`coalesce(sum(score), 0)`.as('score'),
			sql<number>`coalesce(sum(time_used_ms), 0)`.as('time')
		])
		.where('round_id', '=', roundId)
		.where('status', 'in', [...RANKED_STATUSES])
		.where('score', 'is not', null);
}

/**
 * What changes whenever a ranked attempt appears or is graded again (gradeAttempt always
 * moves graded_at) or its time is set: count, latest grading, and two sums.
 */
export async function roundStamp(db: Db, roundId: string): Promise<string> {
	return stampOf((await stampQuery(db, roundId).executeTakeFirstOrThrow()) as StampRow);
}

/** The ranked attempts of a round, read from the covering index attempt_round_ranking. */
export function rankedAttemptsQuery(db: Db, roundId: string) {
	return db
		.selectFrom('attempt')
		.select([
			'id',
			'user_id',
			'score',
			'max_score',
			'time_used_ms',
			'tiebreak',
			'submitted_at',
			'started_at',
			'graded_at'
		])
		.where('round_id', '=', roundId)
		.where('status', 'in', [...RANKED_STATUSES])
		.where('score', 'is not', null);
}

/** A ranked attempt (a row of `rankedAttemptsQuery`) as the ranking compares it. */
export function roundAttemptOf(r: {
	id: string;
	user_id: string;
	score: number | null;
	max_score: number | null;
	time_used_ms: number | null;
	tiebreak: number | null;
	submitted_at: number | null;
}): RoundAttempt {
	return {
		candidateId: r.user_id,
		attemptId: r.id,
		score: r.score ?? 0,
		maxScore: r.max_score ?? 0,
		timeUsedMs: r.time_used_ms ?? 0,
		tiebreak: r.tiebreak,
		submittedAt: r.submitted_at ?? 0
	};
}

export function readSnapshot(row: {
	round_id: string;
	stamp: string;
	built_at: number;
	summary: string;
}): Snapshot {
	return {
		roundId: row.round_id,
		stamp: row.stamp,
		builtAt: row.built_at,
		summary: JSON.parse(row.summary) as RoundSummary
	};
}

/** Drops the snapshot so the next page rebuilds it (after a regrade). */
export async function invalidateStanding(db: Db, roundId: string): Promise<void> {
	await db
		.updateTable('round_snapshot')
		.set({ stamp: '', built_at: 0, questions: null })
		.where('round_id', '=', roundId)
		.execute();
}

/** `buildStanding` unless another process is building it (PostgreSQL): then null, at once. */
export async function buildStandingIfFree(db: Db, roundId: string, now: number): Promise<Snapshot | null> {
	return build(db, roundId, now, true);
}

const INSERT_CHUNK = 2000;

/**
 * Ranks the round and writes its standing and summary in one transaction. Builders of one
 * round queue on the snapshot row (a row lock in PostgreSQL, the single writer in SQLite),
 * and one that finds the snapshot already current after waiting only stamps it as checked
 * at `now`: so finalising freezes the snapshot whether or not anything changed.
 */
export async function buildStanding(db: Db, roundId: string, now = Date.now()): Promise<Snapshot> {
	return (await build(db, roundId, now, false))!;
}

/** The snapshot row locked for this transaction; with `ifFree`, null when another holds it. */
async function lockSnapshotRow(tx: Db, roundId: string, ifFree: boolean): Promise<boolean> {
	const locked = () =>
		tx
			.selectFrom('round_snapshot')
			.select('round_id')
			.where('round_id', '=', roundId)
			.forUpdate()
			.skipLocked()
			.executeTakeFirst();
	if (ifFree && isPostgres(tx)) {
		if (await locked()) return true;
		// Held by another builder, or not there yet (an insert would wait on a builder's row).
		const there = await tx
			.selectFrom('round_snapshot')
			.select('round_id')
			.where('round_id', '=', roundId)
			.executeTakeFirst();
		if (there) return false;
	}
	await tx
		.insertInto('round_snapshot')
		.values({ round_id: roundId, stamp: '', built_at: 0, summary: '{}', questions: null })
		.onConflict((oc) => oc.column('round_id').doNothing())
		.execute();
	if (ifFree && isPostgres(tx)) return !!(await locked());
	// Takes the row lock in PostgreSQL; in SQLite the insert above already made this the writer.
	await tx.updateTable('round_snapshot').set({ round_id: roundId }).where('round_id', '=', roundId).execute();
	return true;
}

async function build(db: Db, roundId: string, now: number, ifFree: boolean): Promise<Snapshot | null> {
	return db.transaction().execute(async (tx) => {
		if (!(await lockSnapshotRow(tx, roundId, ifFree))) return null;

		const round = await tx
			.selectFrom('round')
			.select(['settings', 'finalised_at'])
			.where('id', '=', roundId)
			.executeTakeFirstOrThrow();
		// Never before finalisation: a snapshot of a finalised round built at `now` is its frozen one.
		const at = Math.max(now, round.finalised_at ?? 0);
		const truth = parseRoundSettings(round.settings).tiebreak?.truth ?? null;
		const rows = await rankedAttemptsQuery(tx, roundId).execute();
		// The stamp of exactly the rows read, so a grading that lands meanwhile is seen as a change.
		const stamp = stampOf({
			n: rows.length,
			graded: rows.reduce((m, r) => Math.max(m, r.graded_at ?? 0), 0),
			score: rows.reduce((s, r) => s + (r.score ?? 0), 0),
			time: rows.reduce((s, r) => s + (r.time_used_ms ?? 0), 0)
		});
		const held = await tx
			.selectFrom('round_snapshot')
			.select(['round_id', 'stamp', 'built_at', 'summary'])
			.where('round_id', '=', roundId)
			.executeTakeFirstOrThrow();
		if (held.built_at > 0 && held.stamp === stamp) {
			// Current: stamped as checked at `at`, so that readers (and the frozen check) know.
			const builtAt = Math.max(held.built_at, at);
			if (builtAt !== held.built_at) {
				await tx
					.updateTable('round_snapshot')
					.set({ built_at: builtAt })
					.where('round_id', '=', roundId)
					.execute();
			}
			return readSnapshot({ ...held, built_at: builtAt });
		}

		const people = await tx
			.selectFrom('candidate_profile')
			.innerJoin('app_user', 'app_user.id', 'candidate_profile.user_id')
			.select(['candidate_profile.user_id', 'candidate_profile.unit_id', 'app_user.full_name'])
			.execute();
		const person = new Map(people.map((p) => [p.user_id, p]));

		const attemptsOf = new Map<string, number>();
		for (const r of rows) attemptsOf.set(r.user_id, (attemptsOf.get(r.user_id) ?? 0) + 1);
		const ranked = rankRound(rows.map(roundAttemptOf), truth);
		const summary = summarise(rows, ranked, person);

		await tx.deleteFrom('round_standing').where('round_id', '=', roundId).execute();
		const values = ranked.map((r, i) => {
			const p = person.get(r.candidateId);
			return {
				round_id: roundId,
				user_id: r.candidateId,
				attempt_id: r.attemptId,
				position: i + 1,
				rank: r.rank,
				score: r.score,
				max_score: r.maxScore ?? 0,
				time_used_ms: r.timeUsedMs,
				tiebreak: r.tiebreak,
				submitted_at: r.submittedAt,
				attempts: attemptsOf.get(r.candidateId) ?? 1,
				unit_id: p?.unit_id ?? '',
				search: foldForSearch(p?.full_name ?? '')
			};
		});
		for (let i = 0; i < values.length; i += INSERT_CHUNK) {
			await tx
				.insertInto('round_standing')
				.values(values.slice(i, i + INSERT_CHUNK))
				.execute();
		}
		await tx
			.updateTable('round_snapshot')
			.set({ stamp, built_at: at, summary: JSON.stringify(summary), questions: null })
			.where('round_id', '=', roundId)
			.execute();
		return { roundId, stamp, builtAt: at, summary };
	});
}

const VIETNAM_OFFSET_MS = 7 * 3600 * 1000;

/**
 * The Vietnamese calendar date of an instant. Vietnam keeps UTC+7 all year; this is
 * vietnamDate (eligibility.ts) without an Intl formatter per call, which over 100,000
 * attempts costs a second.
 */
export function vietnamDay(epochMs: number): string {
	return new Date(epochMs + VIETNAM_OFFSET_MS).toISOString().slice(0, 10);
}

function summarise(
	rows: { id: string; user_id: string; started_at: number | null; submitted_at: number | null }[],
	ranked: { candidateId: string; score: number; maxScore?: number }[],
	person: Map<string, { unit_id: string }>
): RoundSummary {
	const fullMarks = ranked.reduce((m, r) => Math.max(m, r.maxScore ?? 0), 1);
	const histogram = new Array<number>(fullMarks + 1).fill(0);
	const units: RoundSummary['units'] = {};
	for (const r of ranked) {
		const points = normalisedPoints(r.score, r.maxScore ?? 0, fullMarks);
		histogram[Math.min(fullMarks, Math.floor(points + 1e-9))] += 1;
		const unitId = person.get(r.candidateId)?.unit_id ?? '';
		const u = (units[unitId] ??= { participants: 0, attempts: 0, points: [] });
		u.participants += 1;
		u.points.push(Math.round(points * 1000) / 1000);
	}
	const days = new Map<string, { attempts: number; people: Set<string> }>();
	for (const a of rows) {
		const unitId = person.get(a.user_id)?.unit_id ?? '';
		(units[unitId] ??= { participants: 0, attempts: 0, points: [] }).attempts += 1;
		const date = vietnamDay(a.started_at ?? a.submitted_at ?? 0);
		const d = days.get(date) ?? { attempts: 0, people: new Set<string>() };
		d.attempts += 1;
		d.people.add(a.user_id);
		days.set(date, d);
	}
	for (const u of Object.values(units)) u.points.sort((a, b) => b - a);
	return {
		participants: ranked.length,
		attempts: rows.length,
		fullMarks,
		histogram,
		days: [...days.entries()]
			.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
			.map(([date, d]) => ({ date, attempts: d.attempts, participants: d.people.size })),
		units
	};
}
