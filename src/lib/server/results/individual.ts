// Individual results: the organiser's paged, searchable listing, the public listing (no
// private data, names only with consent) and a candidate's own rank. All read the standing
// kept by standing.ts.
import { sql, type ExpressionBuilder } from 'kysely';
import type { Db } from '../db';
import type { Database } from '../db/schema';
import { bestAttempts, rankRound, type Ranked, type RoundAttempt } from '$lib/exam/ranking';
import { normalisePhone } from '$lib/exam/eligibility';
import { containsPattern, foldForSearch, initials } from '$lib/exam/names';
import { rankedAttemptsQuery, roundAttemptOf, type Snapshot } from './standing';
import { ensureStanding, standingAsItIs } from './standing-read';
import { parseRoundSettings } from '../round-settings';
import { descendantIds, personalPrize, type PrizeLevel, type UnitInfo } from '$lib/exam/collective';
import { resultRound, type ResultRound } from './publication';
import { excludedAccounts } from '../exclusions';

export const PAGE_SIZE = 50;

export interface ListFilter {
	page: number;
	/** A name (any case, with or without diacritics), or for organisers a phone or national id. */
	q: string;
	/** The unit and everything below it. */
	unitId: string | null;
}

export async function unitInfos(db: Db): Promise<UnitInfo[]> {
	const rows = await db
		.selectFrom('unit')
		.select(['id', 'parent_id', 'name', 'kind', 'headcount', 'sort'])
		.orderBy('sort')
		.execute();
	return rows.map((u) => ({
		id: u.id,
		parentId: u.parent_id,
		name: u.name,
		kind: u.kind,
		headcount: u.headcount,
		sort: u.sort
	}));
}

type Audience = 'organiser' | 'public';

interface Search {
	kind: 'none' | 'name' | 'nationalId' | 'phone';
	value: string;
}

function searchOf(q: string, audience: Audience): Search {
	const text = q.trim().slice(0, 100);
	if (!text) return { kind: 'none', value: '' };
	// The public may look up names only: a phone or id typed there must find nothing.
	if (audience === 'organiser') {
		if (/^\d{12}$/.test(text)) return { kind: 'nationalId', value: text };
		const phone = normalisePhone(text);
		if (phone) return { kind: 'phone', value: phone };
	}
	return { kind: 'name', value: foldForSearch(text) };
}

type StandingEb = ExpressionBuilder<Database & { s: Database['round_standing'] }, 's'>;

/**
 * The rows of a round's standing that match a filter, in listing order. Exported for the
 * query-plan tests: every shape of it must be served by an index.
 */
export function standingQuery(
	db: Db,
	roundId: string,
	f: { unitIds?: string[] | null; search?: Search; audience: Audience }
) {
	let qb = db.selectFrom('round_standing as s').where('s.round_id', '=', roundId);
	if (f.unitIds) qb = qb.where('s.unit_id', 'in', f.unitIds.length ? f.unitIds : ['']);
	const search = f.search ?? { kind: 'none', value: '' };
	if (search.kind === 'name') {
		qb = qb.where(sql<boolean>`s.search like ${containsPattern(search.value)} escape '\\'`);
	} else if (search.kind === 'nationalId' || search.kind === 'phone') {
		const column = search.kind === 'nationalId' ? 'national_id' : 'phone';
		qb = qb.where('s.user_id', 'in', (eb: StandingEb) =>
			eb.selectFrom('app_user').select('app_user.id').where(`app_user.${column}`, '=', search.value)
		);
	}
	if (f.audience === 'public' && search.kind === 'name') {
		// Only names published with consent may be found by name.
		qb = qb.where((eb) =>
			eb.exists(
				eb
					.selectFrom('candidate_profile as consent')
					.select('consent.user_id')
					.whereRef('consent.user_id', '=', 's.user_id')
					.where('consent.publish_name', '=', 1)
			)
		);
	}
	return qb;
}

function rowsQuery(db: Db, roundId: string, f: Parameters<typeof standingQuery>[2]) {
	return standingQuery(db, roundId, f)
		.innerJoin('app_user as u', 'u.id', 's.user_id')
		.leftJoin('candidate_profile as p', 'p.user_id', 's.user_id')
		.leftJoin('unit', 'unit.id', 's.unit_id')
		.select([
			's.position',
			's.rank',
			's.user_id',
			's.attempt_id',
			's.score',
			's.max_score',
			's.time_used_ms',
			's.tiebreak',
			's.submitted_at',
			's.attempts',
			's.unit_id',
			'unit.name as unit_name',
			'u.full_name',
			'p.publish_name'
		])
		.orderBy('s.position');
}

/** One page: a position range when unfiltered (an index range, whatever the page), else offset. */
export function pageQuery(db: Db, roundId: string, f: Parameters<typeof standingQuery>[2], page: number) {
	const filtered = !!f.unitIds || (f.search?.kind ?? 'none') !== 'none';
	const from = (page - 1) * PAGE_SIZE;
	const q = rowsQuery(db, roundId, f);
	return filtered
		? q.limit(PAGE_SIZE).offset(from)
		: q.where('s.position', '>', from).where('s.position', '<=', from + PAGE_SIZE);
}

async function countMatching(
	db: Db,
	roundId: string,
	f: Parameters<typeof standingQuery>[2],
	snapshot: Snapshot
): Promise<number> {
	if (!f.unitIds && (f.search?.kind ?? 'none') === 'none') return snapshot.summary.participants;
	const row = await standingQuery(db, roundId, f)
		.select(sql<number>`count(*)`.as('n'))
		.executeTakeFirstOrThrow();
	return Number(row.n);
}

export interface OrganiserRow {
	rank: number;
	position: number;
	userId: string;
	attemptId: string;
	fullName: string;
	unitName: string;
	score: number;
	max: number;
	timeUsedMs: number;
	tiebreak: number | null;
	submittedAt: number;
	attempts: number;
	publishName: boolean;
	prize: PrizeLevel | null;
	/** The reason the exclusion list gives, for a candidate listed after taking part: flagged, not hidden. */
	excluded: string | null;
}

export interface Listing<R> {
	round: ResultRound;
	builtAt: number;
	participants: number;
	total: number;
	page: number;
	pages: number;
	rows: R[];
	units: { id: string; name: string; depth: number }[];
}

/** The unit filter's choices, indented by depth. */
function unitChoices(units: UnitInfo[]): { id: string; name: string; depth: number }[] {
	const out: { id: string; name: string; depth: number }[] = [];
	const walk = (parent: string | null, depth: number) => {
		for (const u of units.filter((x) => x.parentId === parent)) {
			out.push({ id: u.id, name: u.name, depth });
			walk(u.id, depth + 1);
		}
	};
	walk(null, 0);
	return out;
}

async function listing(db: Db, roundId: string, filter: ListFilter, audience: Audience) {
	const round = await resultRound(db, roundId);
	if (!round) return null;
	const snapshot = await ensureStanding(db, roundId);
	if (!snapshot) return null;
	const units = await unitInfos(db);
	const unitIds =
		filter.unitId && units.some((u) => u.id === filter.unitId) ? descendantIds(units, filter.unitId) : null;
	const f = { unitIds, search: searchOf(filter.q, audience), audience };
	const total = await countMatching(db, roundId, f, snapshot);
	const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
	const page = Math.min(Math.max(1, Math.floor(filter.page) || 1), pages);
	const rows = await pageQuery(db, roundId, f, page).execute();
	return { round, snapshot, rows, total, page, pages, units: unitChoices(units) };
}

type Found = NonNullable<Awaited<ReturnType<typeof listing>>>;

/** A listing with its rows shaped for one audience. */
function shaped<R>(l: Found, row: (r: Found['rows'][number]) => R): Listing<R> {
	const { snapshot } = l;
	return {
		round: l.round,
		builtAt: snapshot.builtAt,
		participants: snapshot.summary.participants,
		total: l.total,
		page: l.page,
		pages: l.pages,
		units: l.units,
		rows: l.rows.map(row)
	};
}

export async function organiserResults(
	db: Db,
	roundId: string,
	filter: ListFilter
): Promise<Listing<OrganiserRow> | null> {
	const l = await listing(db, roundId, filter, 'organiser');
	const excluded = l && (await excludedAccounts(db));
	return (
		l &&
		shaped(l, (r) => ({
			rank: r.rank,
			position: r.position,
			userId: r.user_id,
			attemptId: r.attempt_id,
			fullName: r.full_name,
			unitName: r.unit_name ?? '',
			score: r.score,
			max: r.max_score,
			timeUsedMs: r.time_used_ms,
			tiebreak: r.tiebreak,
			submittedAt: r.submitted_at,
			attempts: r.attempts,
			publishName: r.publish_name === 1,
			prize: personalPrize(r.rank, r.score, l.round.settings.prizes),
			excluded: excluded?.get(r.user_id)?.reason ?? null
		}))
	);
}

/** What the public page shows of a candidate: nothing that identifies them beyond consent. */
export interface PublicRow {
	rank: number;
	name: string;
	unitName: string;
	score: number;
	max: number;
	timeUsedMs: number;
	prize: PrizeLevel | null;
}

/** The public listing of a published round; null when the round is not published. */
export async function publicResults(
	db: Db,
	roundId: string,
	filter: ListFilter
): Promise<Listing<PublicRow> | null> {
	const round = await resultRound(db, roundId);
	if (!round || round.state !== 'published') return null;
	const l = await listing(db, roundId, filter, 'public');
	return (
		l &&
		shaped(l, (r) => ({
			rank: r.rank,
			name: r.publish_name === 1 ? r.full_name : initials(r.full_name),
			unitName: r.unit_name ?? '',
			score: r.score,
			max: r.max_score,
			timeUsedMs: r.time_used_ms,
			prize: personalPrize(r.rank, r.score, l.round.settings.prizes)
		}))
	);
}

/**
 * Whether `other` ranks strictly above `me`: rankRound's own comparison (the ranking's one
 * rule), asked of the two alone. Equal merit is not above: it shares the rank.
 */
export function ranksAbove(other: RoundAttempt, me: RoundAttempt, truth: number | null): boolean {
	const two = rankRound(
		[
			{ ...other, candidateId: 'other' },
			{ ...me, candidateId: 'me' }
		],
		truth
	);
	return two.find((r) => r.candidateId === 'me')!.rank === 2;
}

/**
 * How many rows of the round's standing (positions 1…n) rank strictly above `me`. The standing
 * is in ranking order, so they are a prefix of the positions: found by a binary search, about
 * log2(n) reads of one row each through the position index (15 for 20,000), not a re-ranking.
 */
export async function countRankedAbove(
	db: Db,
	roundId: string,
	me: RoundAttempt,
	truth: number | null,
	n: number
): Promise<number> {
	let above = 0; // positions 1…above rank above me
	let below = n + 1; // positions below…n do not
	while (below - above > 1) {
		const mid = Math.floor((above + below) / 2);
		const r = await db
			.selectFrom('round_standing')
			.select(['user_id', 'attempt_id', 'score', 'max_score', 'time_used_ms', 'tiebreak', 'submitted_at'])
			.where('round_id', '=', roundId)
			.where('position', '=', mid)
			.executeTakeFirst();
		if (r && ranksAbove(attemptOfStanding(r), me, truth)) above = mid;
		else below = mid;
	}
	return above;
}

export interface CandidateRank {
	rank: number;
	total: number;
	/** When the standing it was read from was built or last found current (0: never built). */
	asOf: number;
}

/**
 * A candidate's rank for their dashboard and result screen, read from the snapshot as it is:
 * never a build nor a count over the round's attempts (a stale snapshot is refreshed in the
 * background, see standingAsItIs). When the snapshot predates the candidate's own latest
 * grading (or leaves them out), their best attempt is placed among the others' standing rows
 * by counting those that rank above it (countRankedAbove), so they see their last attempt.
 */
export async function candidateRankAsOf(
	db: Db,
	roundId: string,
	userId: string,
	now = Date.now()
): Promise<CandidateRank | null> {
	const round = await db.selectFrom('round').select('settings').where('id', '=', roundId).executeTakeFirst();
	if (!round) return null;
	const held = await standingAsItIs(db, roundId, { maxAgeMs: 60_000, now });
	if (!held) return null;
	const mine = await rankedAttemptsQuery(db, roundId).where('user_id', '=', userId).execute();
	if (mine.length === 0) return null;
	const latest = mine.reduce((m, a) => Math.max(m, a.graded_at ?? 0), 0);
	const row = await db
		.selectFrom('round_standing')
		.select(['rank', 'position'])
		.where('round_id', '=', roundId)
		.where('user_id', '=', userId)
		.executeTakeFirst();
	if (row && latest <= held.builtAt) return { rank: row.rank, total: held.participants, asOf: held.builtAt };
	const truth = parseRoundSettings(round.settings).tiebreak?.truth ?? null;
	const best = bestAttempts(mine.map(roundAttemptOf), truth)[0];
	let above = await countRankedAbove(db, roundId, best, truth, held.participants);
	// The candidate's own row, from an older snapshot, is not someone above them.
	if (row && row.position <= above) above -= 1;
	return { rank: above + 1, total: held.participants + (row ? 0 : 1), asOf: held.builtAt };
}

/** candidateRankAsOf without the time (the dashboard's overview and history). */
export async function candidateRank(
	db: Db,
	roundId: string,
	userId: string,
	now = Date.now()
): Promise<{ rank: number; total: number } | null> {
	const r = await candidateRankAsOf(db, roundId, userId, now);
	return r && { rank: r.rank, total: r.total };
}

/** A standing row as the ranking compares attempts. */
function attemptOfStanding(r: {
	user_id: string;
	attempt_id: string;
	score: number;
	max_score: number;
	time_used_ms: number;
	tiebreak: number | null;
	submitted_at: number;
}) {
	return {
		candidateId: r.user_id,
		attemptId: r.attempt_id,
		score: r.score,
		maxScore: r.max_score,
		timeUsedMs: r.time_used_ms,
		tiebreak: r.tiebreak,
		submittedAt: r.submitted_at
	};
}

/** The whole ranking of a round, best attempt per candidate, in order. */
export async function fullRanking(db: Db, roundId: string): Promise<Ranked<RoundAttempt>[]> {
	if (!(await ensureStanding(db, roundId))) return [];
	const rows = await db
		.selectFrom('round_standing')
		.selectAll()
		.where('round_id', '=', roundId)
		.orderBy('position')
		.execute();
	return rows.map((r) => ({ ...attemptOfStanding(r), rank: r.rank }));
}
