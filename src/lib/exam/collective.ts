// Collective results: each unit's figures rolled up over its sub-units, the ranking of units
// by the rule the organiser picked, and prize places. Pure: no database, no clock.

export const UNIT_RULES = ['bestN', 'average', 'rate', 'participants', 'attempts'] as const;
export type UnitRule = (typeof UNIT_RULES)[number];

export interface UnitInfo {
	id: string;
	parentId: string | null;
	name: string;
	kind: string;
	headcount: number;
	sort: number;
}

/** What a unit's own candidates (not its sub-units') did in a round. */
export interface UnitTally {
	participants: number;
	attempts: number;
	/** Each participant's best score on the round's scale (see normalisedPoints), any order. */
	points: readonly number[];
}

export interface UnitFigures {
	unit: UnitInfo;
	hasChildren: boolean;
	/** The unit's own headcount, or, when it has none, its sub-units' added up. */
	headcount: number;
	participants: number;
	/** participants / headcount; null when the headcount is unknown (0). */
	rate: number | null;
	attempts: number;
	/** Mean of the participants' best scores; null with no participant. */
	average: number | null;
	/**
	 * The best N participants' scores added up and divided by N: a unit with fewer than N
	 * participants counts the missing ones as 0, so a handful of strong entrants cannot
	 * outrank a unit that took part in numbers.
	 */
	bestN: number;
}

export interface RankedUnit extends UnitFigures {
	/**
	 * Competition rank by the rule among the units that took part enough (equal values share
	 * a place: 1, 2, 2, 4); null for a unit below the minimum, which is listed last, unranked.
	 */
	rank: number | null;
	/** The value ranked on; null sorts last. */
	value: number | null;
}

/** A best score on the round's scale: score / max × full marks (equal to score without voids). */
export function normalisedPoints(score: number, max: number, fullMarks: number): number {
	return max > 0 ? (score / max) * fullMarks : 0;
}

function childrenOf(units: readonly UnitInfo[]): Map<string | null, UnitInfo[]> {
	const children = new Map<string | null, UnitInfo[]>();
	for (const u of units) {
		const list = children.get(u.parentId) ?? [];
		list.push(u);
		children.set(u.parentId, list);
	}
	for (const list of children.values())
		list.sort((a, b) => a.sort - b.sort || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
	return children;
}

/** The unit and every unit below it. */
export function descendantIds(units: readonly UnitInfo[], unitId: string): string[] {
	const children = childrenOf(units);
	const out: string[] = [];
	const walk = (id: string) => {
		out.push(id);
		for (const c of children.get(id) ?? []) walk(c.id);
	};
	walk(unitId);
	return out;
}

/** The units from the top down to `unitId`, for a breadcrumb. */
export function pathTo(units: readonly UnitInfo[], unitId: string): UnitInfo[] {
	const byId = new Map(units.map((u) => [u.id, u]));
	const path: UnitInfo[] = [];
	for (let u = byId.get(unitId); u; u = u.parentId ? byId.get(u.parentId) : undefined) {
		path.unshift(u);
		if (path.length > units.length) break; // a cycle in bad data must not hang the page
	}
	return path;
}

function sumTop(points: number[], n: number): number {
	return [...points]
		.sort((a, b) => b - a)
		.slice(0, n)
		.reduce((s, p) => s + p, 0);
}

/** A unit's figures over itself and all its sub-units. */
export function unitFigures(
	units: readonly UnitInfo[],
	tallies: ReadonlyMap<string, UnitTally>,
	unitId: string,
	bestN: number
): UnitFigures {
	const children = childrenOf(units);
	const unit = units.find((u) => u.id === unitId);
	if (!unit) throw new RangeError(`unknown unit ${unitId}`);
	let participants = 0;
	let attempts = 0;
	const points: number[] = [];
	const walk = (id: string): number => {
		const t = tallies.get(id);
		if (t) {
			participants += t.participants;
			attempts += t.attempts;
			points.push(...t.points);
		}
		const own = units.find((u) => u.id === id)?.headcount ?? 0;
		const below = (children.get(id) ?? []).reduce((s, c) => s + walk(c.id), 0);
		return own > 0 ? own : below;
	};
	const headcount = walk(unitId);
	return {
		unit,
		hasChildren: (children.get(unitId) ?? []).length > 0,
		headcount,
		participants,
		rate: headcount > 0 ? participants / headcount : null,
		attempts,
		average: participants > 0 ? points.reduce((s, p) => s + p, 0) / participants : null,
		bestN: sumTop(points, Math.max(1, bestN)) / Math.max(1, bestN)
	};
}

export function ruleValue(f: UnitFigures, rule: UnitRule): number | null {
	switch (rule) {
		case 'participants':
			return f.participants;
		case 'attempts':
			return f.attempts;
		case 'rate':
			return f.rate;
		case 'average':
			return f.average;
		case 'bestN':
			return f.bestN;
	}
}

/** Averages are sums of fractions: values this close are the same value computed two ways. */
function same(a: number, b: number): boolean {
	return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
}

function compareValues(a: number | null, b: number | null): number {
	if (a === null || b === null) return a === b ? 0 : a === null ? 1 : -1;
	return same(a, b) ? 0 : b - a;
}

/**
 * Whether a unit is ranked (and so may win a collective prize): it needs at least
 * `minParticipants` participants, and never fewer than one. A unit nobody from took part in
 * has nothing to rank: without this, every unit of an empty round would share first place.
 */
export function isRanked(f: Pick<UnitFigures, 'participants'>, minParticipants: number): boolean {
	return f.participants >= Math.max(1, minParticipants);
}

/**
 * The sub-units of `parentId` (the top-level units when null), each rolled up, ranked by
 * `rule`, highest first. Units with no value (a rate without headcount) come last; equal
 * values share a rank; within a rank the units keep the organiser's order. Units with fewer
 * than `minParticipants` participants (at least one) follow, unranked, in the same order.
 */
export function rankUnits(
	units: readonly UnitInfo[],
	tallies: ReadonlyMap<string, UnitTally>,
	parentId: string | null,
	rule: UnitRule,
	bestN: number,
	minParticipants = 1
): RankedUnit[] {
	const children = childrenOf(units);
	const rows: RankedUnit[] = (children.get(parentId) ?? []).map((u) => {
		const f = unitFigures(units, tallies, u.id, bestN);
		return { ...f, value: ruleValue(f, rule), rank: null };
	});
	const order = new Map(rows.map((r, i) => [r.unit.id, i]));
	const ranked = (r: RankedUnit) => (isRanked(r, minParticipants) ? 0 : 1);
	rows.sort(
		(a, b) =>
			ranked(a) - ranked(b) ||
			compareValues(a.value, b.value) ||
			order.get(a.unit.id)! - order.get(b.unit.id)!
	);
	rows.forEach((r, i) => {
		if (ranked(r)) return;
		const prev = rows[i - 1];
		r.rank = prev && compareValues(prev.value, r.value) === 0 ? prev.rank : i + 1;
	});
	return rows;
}

// ---------------------------------------------------------------- prizes

export const PRIZE_LEVELS = ['first', 'second', 'third', 'consolation'] as const;
export type PrizeLevel = (typeof PRIZE_LEVELS)[number];
export type PrizeCounts = Partial<Record<PrizeLevel, number>>;

/**
 * The prize a rank wins: level by level, each covering the next `count` places. Places are
 * counted, not people: two candidates tied first both win the first prize and the next
 * rank, 3, is measured against first + second. An unranked unit (rank null) wins nothing.
 * Callers ask `personalPrize` (a candidate's) or `unitPrize` (a unit's): each also asks for a point.
 */
export function prizeFor(rank: number | null, counts: PrizeCounts): PrizeLevel | null {
	if (rank === null) return null;
	let upTo = 0;
	for (const level of PRIZE_LEVELS) {
		upTo += counts[level] ?? 0;
		if (rank <= upTo && (counts[level] ?? 0) > 0) return level;
	}
	return null;
}

/**
 * A candidate's prize: by rank, as prizeFor, and none for a score of zero. When a round has
 * more places than candidates who scored, the places left over go to nobody (a final of ten
 * with fifteen places would otherwise give a consolation prize for no correct answer).
 */
export function personalPrize(rank: number | null, score: number, counts: PrizeCounts): PrizeLevel | null {
	return score > 0 ? prizeFor(rank, counts) : null;
}

/**
 * A unit's collective prize: by rank, as prizeFor, and none for a value of 0. A unit ranked on
 * points (average, best N) whose entrants scored nothing wins nothing, as a candidate does.
 */
export function unitPrize(r: Pick<RankedUnit, 'rank' | 'value'>, counts: PrizeCounts): PrizeLevel | null {
	return (r.value ?? 0) > 0 ? prizeFor(r.rank, counts) : null;
}

/** The last rank that still wins a prize. */
export function lastPrizeRank(counts: PrizeCounts): number {
	return PRIZE_LEVELS.reduce((s, l) => s + (counts[l] ?? 0), 0);
}
