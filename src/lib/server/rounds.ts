// The organiser's rounds: create, edit and validate them against the contest and the bank.
// A round is saved only when the active bank can satisfy its blueprint, so it can never
// open short of questions; bank changes that would leave an open round short are refused
// (checkOpenRounds). A round candidates have sat keeps what they sat it under (round-lock.ts).
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { Db } from './db';
import type { Round, RoundKind } from './db/schema';
import { audit } from './audit';
import { currentContest } from './contest';
import { loadBank } from './papers';
import { parseRoundSettings, type RoundSettings } from './round-settings';
import { blueprintShortfall, type Shortfall } from '$lib/exam/paper';
import { isCalendarDate } from '$lib/exam/eligibility';
import { refuse } from './failure';
import { invalidateStanding } from './results/standing';
import { isPostgres } from './attempts/wire';
import { FREE_FIELD_PROBLEMS, lockedChanges } from './round-lock';

const VN_OFFSET_MS = 7 * 3600 * 1000;

/** "2026-11-21T08:00" in Vietnam time → epoch ms; null when not such a string. */
export function vietnamLocalToMs(s: string): number | null {
	const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(s.trim());
	if (!m) return null;
	const [, y, mo, d, h, mi, sec] = m.map(Number);
	const ms = Date.UTC(y, mo - 1, d, h, mi, sec || 0) - VN_OFFSET_MS;
	const back = new Date(ms + VN_OFFSET_MS);
	if (back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d || h > 23 || mi > 59) return null;
	return ms;
}

export function msToVietnamLocal(ms: number): string {
	return new Date(ms + VN_OFFSET_MS).toISOString().slice(0, 16);
}

const count = z.number().int().min(0).max(200);

export const roundInput = z.object({
	name: z.string().max(200),
	kind: z.enum(['practice', 'qualifying', 'final']),
	opensAt: z.number().int(),
	closesAt: z.number().int(),
	questionCount: z.number().int().min(1).max(200),
	durationS: z.number().int(),
	graceS: z
		.number()
		.int()
		.min(0)
		.max(24 * 3600),
	minAge: z.number().int().min(0).max(120),
	maxAttempts: z.number().int().min(1).max(1000).nullable(),
	maxAttemptsPerWeek: z.number().int().min(1).max(1000).nullable(),
	reviewAfter: z.boolean(),
	poolIds: z.array(z.string().max(60)).max(50),
	blueprint: z
		.array(z.object({ topic: z.string().max(60), difficulty: z.number().int().min(1).max(3), count }))
		.max(300),
	tiebreak: z.object({ prompt: z.string().max(1000), truth: z.number().nullable() }).nullable()
});
export type RoundInput = z.infer<typeof roundInput>;

export interface RoundProblem {
	code: string;
	params?: Record<string, string | number>;
}

/** What a new round of a kind starts with: 30 questions in 25 minutes, as the rules say. */
export function roundDefaults(kind: RoundKind, contestMinAge: number, now: number): RoundInput {
	const day = 24 * 3600 * 1000;
	return {
		name: '',
		kind,
		opensAt: now + 7 * day,
		closesAt: now + 37 * day,
		questionCount: 30,
		durationS: 25 * 60,
		graceS: 120,
		minAge: contestMinAge,
		maxAttempts: kind === 'practice' ? null : kind === 'final' ? 1 : 3,
		maxAttemptsPerWeek: kind === 'qualifying' ? 1 : null,
		reviewAfter: kind === 'practice',
		poolIds: [],
		blueprint: [],
		tiebreak: null
	};
}

export function inputOf(round: Round): RoundInput {
	const s = parseRoundSettings(round.settings);
	return {
		name: round.name,
		kind: round.kind,
		opensAt: round.opens_at,
		closesAt: round.closes_at,
		questionCount: round.question_count,
		durationS: round.duration_s,
		graceS: round.grace_s,
		minAge: round.min_age,
		maxAttempts: round.max_attempts,
		maxAttemptsPerWeek: round.max_attempts_per_week,
		reviewAfter: round.review_after === 1,
		poolIds: s.poolIds,
		blueprint: s.blueprint,
		tiebreak: s.tiebreak
	};
}

/** Cells a bank of the given pools is short of; empty when a paper can be drawn. */
export async function roundShortfall(
	db: Db,
	settings: Pick<RoundSettings, 'blueprint' | 'poolIds'>
): Promise<Shortfall[]> {
	const bank = await loadBank(db, settings.poolIds);
	return blueprintShortfall(bank, settings.blueprint);
}

/** The contest's graded rounds other than `exceptId`, with the pools each draws from. */
async function otherGradedRounds(db: Db, contestId: string, exceptId: string | null) {
	let q = db
		.selectFrom('round')
		.select(['id', 'name', 'settings'])
		.where('contest_id', '=', contestId)
		.where('kind', '!=', 'practice');
	if (exceptId !== null) q = q.where('id', '!=', exceptId);
	const rows = await q.orderBy('opens_at').orderBy('id').execute();
	return rows.map((r) => ({ name: r.name, poolIds: parseRoundSettings(r.settings).poolIds }));
}

/**
 * Every rule a round must meet before it is saved, the bank's shortfall included. `saved` is
 * the round as stored when an existing round is edited or shown (it is not "another" round).
 */
export async function validateRound(
	db: Db,
	input: RoundInput,
	saved: Pick<Round, 'id' | 'contest_id'> | null = null
): Promise<{ problems: RoundProblem[]; shortfall: Shortfall[] }> {
	const problems: RoundProblem[] = [];
	const contest = await currentContest(db);
	if (!input.name.trim()) problems.push({ code: 'required' });
	if (input.closesAt <= input.opensAt) problems.push({ code: 'closesBeforeOpens' });
	if (input.durationS < 1 || input.durationS > 24 * 3600) problems.push({ code: 'badDuration' });
	const contestAge = contest?.min_age ?? 0;
	if (input.minAge < contestAge) problems.push({ code: 'minAgeLower', params: { age: contestAge } });

	const cells = input.blueprint.filter((c) => c.count > 0);
	const sum = cells.reduce((s, c) => s + c.count, 0);
	if (cells.length === 0) problems.push({ code: 'emptyBlueprint' });
	else if (sum !== input.questionCount)
		problems.push({ code: 'countMismatch', params: { sum, count: input.questionCount } });
	const topics = new Set((await db.selectFrom('topic').select('id').execute()).map((t) => t.id));
	for (const c of cells)
		if (!topics.has(c.topic)) problems.push({ code: 'unknownTopic', params: { topic: c.topic } });

	const poolIds = [...new Set(input.poolIds)];
	if (poolIds.length === 0) problems.push({ code: 'noPools' });
	const pools = poolIds.length
		? await db.selectFrom('pool').selectAll().where('id', 'in', poolIds).execute()
		: [];
	const contestId = saved?.contest_id ?? contest?.id;
	const others =
		input.kind !== 'practice' && contestId && pools.some((p) => p.visibility === 'secret')
			? await otherGradedRounds(db, contestId, saved?.id ?? null)
			: [];
	for (const id of poolIds) {
		const pool = pools.find((p) => p.id === id);
		if (!pool) problems.push({ code: 'unknownPool', params: { pool: id } });
		// Practice sends the key to the browser: a secret pool there would leak it.
		else if (input.kind === 'practice' && pool.visibility !== 'public')
			problems.push({ code: 'practiceSecret', params: { pool: pool.name } });
		else if (input.kind !== 'practice' && pool.visibility === 'public' && pool.published !== 1)
			problems.push({ code: 'gradedPublic', params: { pool: pool.name } });
		// A graded round shows the exact score on submission, so throwaway accounts can learn
		// its key one answer at a time; a second graded round on the same secret pool (the
		// final after the qualifying round, even a finalised one) would be answered in advance.
		else if (input.kind !== 'practice' && pool.visibility === 'secret')
			for (const other of others.filter((r) => r.poolIds.includes(id)))
				problems.push({ code: 'poolShared', params: { pool: pool.name, round: other.name } });
	}
	const shortfall =
		cells.length && poolIds.length ? await roundShortfall(db, { blueprint: cells, poolIds }) : [];
	if (shortfall.length) problems.push({ code: 'shortfall' });
	return { problems, shortfall };
}

function rowOf(input: RoundInput, settingsJson: string | null) {
	// Keys other areas may have added to settings are kept.
	const previous = settingsJson ? (JSON.parse(settingsJson) as Record<string, unknown>) : {};
	const practice = input.kind === 'practice';
	const tiebreak =
		input.tiebreak && input.tiebreak.prompt.trim()
			? { prompt: input.tiebreak.prompt.trim(), truth: input.tiebreak.truth }
			: null;
	const settings = {
		...previous,
		blueprint: input.blueprint.filter((c) => c.count > 0),
		poolIds: [...new Set(input.poolIds)],
		tiebreak
	};
	return {
		kind: input.kind,
		name: input.name.trim(),
		opens_at: input.opensAt,
		closes_at: input.closesAt,
		question_count: input.questionCount,
		duration_s: input.durationS,
		grace_s: input.graceS,
		min_age: input.minAge,
		max_attempts: practice ? null : input.maxAttempts,
		max_attempts_per_week: practice ? null : input.maxAttemptsPerWeek,
		review_after: input.reviewAfter ? 1 : 0,
		settings: JSON.stringify(settings)
	};
}

export type SaveResult =
	{ ok: true; id: string } | { ok: false; problems: RoundProblem[]; shortfall: Shortfall[] };

export async function createRound(
	db: Db,
	input: RoundInput,
	actorId: string | null,
	now = Date.now()
): Promise<SaveResult> {
	const contest = await currentContest(db);
	if (!contest) return { ok: false, problems: [{ code: 'noContest' }], shortfall: [] };
	const { problems, shortfall } = await validateRound(db, input);
	if (problems.length) return { ok: false, problems, shortfall };
	const id = `r-${randomBytes(5).toString('hex')}`;
	await db.transaction().execute(async (tx) => {
		await tx
			.insertInto('round')
			.values({ id, contest_id: contest.id, finalised_at: null, ...rowOf(input, null) })
			.execute();
		await audit(
			tx,
			{ actorId, action: 'round.create', target: id, detail: { name: input.name, kind: input.kind } },
			now
		);
	});
	return { ok: true, id };
}

export async function updateRound(
	db: Db,
	id: string,
	input: RoundInput,
	actorId: string | null,
	now = Date.now()
): Promise<SaveResult> {
	// The check and the write in one transaction, the round's row locked first. An attempt's
	// insert checks its round's key (FOR KEY SHARE), which FOR UPDATE waits for on PostgreSQL; SQLite
	// has one writer. So an attempt stored meanwhile is counted here, or is stored after this save.
	return db.transaction().execute(async (tx): Promise<SaveResult> => {
		const read = tx.selectFrom('round').selectAll().where('id', '=', id);
		const round = await (isPostgres(tx) ? read.forUpdate() : read).executeTakeFirst();
		if (!round) return { ok: false, problems: [{ code: 'notFound' }], shortfall: [] };
		if (round.finalised_at !== null) return { ok: false, problems: [{ code: 'finalised' }], shortfall: [] };
		const { n } = await tx
			.selectFrom('attempt')
			.select((eb) => eb.fn.countAll().as('n'))
			.where('round_id', '=', id)
			.executeTakeFirstOrThrow();
		const locked = lockedChanges(inputOf(round), input, Number(n), now);
		const valid = await validateRound(tx, input, round);
		// A graded round candidates have sat keeps their paper (lockedChanges): what the bank says
		// of it since (a question retired, a pool an older version let two rounds share) does not
		// stop a save of what stays free. It would not change, and the name or close could not.
		const sat = Number(n) > 0 && round.kind !== 'practice';
		const problems = sat ? valid.problems.filter((p) => FREE_FIELD_PROBLEMS.has(p.code)) : valid.problems;
		const shortfall = sat ? [] : valid.shortfall;
		if (locked.length || problems.length) return { ok: false, problems: [...locked, ...problems], shortfall };
		await tx.updateTable('round').set(rowOf(input, round.settings)).where('id', '=', id).execute();
		// The standing's stamp follows the attempts only: a new tie-break value reorders ties, so
		// the ranking is built again (and finalising freezes the order the value gives).
		if ((parseRoundSettings(round.settings).tiebreak?.truth ?? null) !== (input.tiebreak?.truth ?? null))
			await invalidateStanding(tx, id);
		await audit(
			tx,
			{ actorId, action: 'round.update', target: id, detail: { name: input.name, kind: input.kind } },
			now
		);
		return { ok: true, id };
	});
}

export async function getRound(db: Db, id: string) {
	return db.selectFrom('round').selectAll().where('id', '=', id).executeTakeFirst();
}

/**
 * The contest's rounds, each with the cells its pools are short of right now and the rules it
 * breaks as saved (a round saved before a rule existed, or a pool unpublished since).
 */
export async function roundsOverview(db: Db, contestId: string) {
	const rounds = await db
		.selectFrom('round')
		.selectAll()
		.where('contest_id', '=', contestId)
		.orderBy('opens_at')
		.execute();
	return Promise.all(
		rounds.map(async (r) => {
			const s = parseRoundSettings(r.settings);
			const { problems, shortfall } = await validateRound(db, inputOf(r), r);
			return { round: r, settings: s, shortfall, problems };
		})
	);
}

/**
 * Refuses (by throwing, so the caller's transaction rolls back) a bank change that leaves a
 * round open now short of questions for its blueprint.
 */
export async function checkOpenRounds(db: Db, now: number): Promise<void> {
	const open = await db
		.selectFrom('round')
		.selectAll()
		.where('opens_at', '<=', now)
		.where('closes_at', '>', now)
		.where('finalised_at', 'is', null)
		.execute();
	for (const r of open) {
		const shortfall = await roundShortfall(db, parseRoundSettings(r.settings));
		if (shortfall.length) {
			const cells = shortfall.map((s) => `${s.topic}/${s.difficulty}: ${s.have}/${s.need}`).join('; ');
			throw refuse('retireBreaksRound', { round: r.name, cells });
		}
	}
}

export const contestInput = z.object({
	name: z.string().trim().min(1).max(300),
	startsOn: z.string().refine(isCalendarDate),
	minAge: z.number().int().min(0).max(120)
});

export async function updateContest(
	db: Db,
	input: z.infer<typeof contestInput>,
	actorId: string | null,
	now = Date.now()
) {
	const contest = await currentContest(db);
	if (!contest) throw refuse('noContest');
	await db.transaction().execute(async (tx) => {
		await tx
			.updateTable('contest')
			.set({ name: input.name, starts_on: input.startsOn, min_age: input.minAge })
			.where('id', '=', contest.id)
			.execute();
		// A round may raise the contest's age, never lower it.
		await tx
			.updateTable('round')
			.set({ min_age: input.minAge })
			.where('contest_id', '=', contest.id)
			.where('min_age', '<', input.minAge)
			.execute();
		await audit(tx, { actorId, action: 'contest.update', target: contest.id, detail: input }, now);
	});
}

/** What the round form needs besides the round: topics, pools and how many questions each cell has. */
export async function roundFormData(db: Db) {
	const [topics, pools, counts, contest] = await Promise.all([
		db.selectFrom('topic').select(['id', 'name']).orderBy('name').execute(),
		db.selectFrom('pool').selectAll().orderBy('name').execute(),
		db
			.selectFrom('question')
			.select((eb) => ['pool_id', 'topic_id', 'difficulty', eb.fn.countAll<number>().as('n')])
			.where('status', '=', 'active')
			.groupBy(['pool_id', 'topic_id', 'difficulty'])
			.execute(),
		currentContest(db)
	]);
	return {
		topics,
		pools: pools.map((p) => ({
			id: p.id,
			name: p.name,
			visibility: p.visibility,
			published: p.published === 1
		})),
		counts: counts.map((c) => ({
			poolId: c.pool_id,
			topicId: c.topic_id,
			difficulty: c.difficulty,
			n: Number(c.n)
		})),
		contestMinAge: contest?.min_age ?? 0
	};
}
