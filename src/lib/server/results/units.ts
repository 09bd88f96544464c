// The collective results page: the sub-units of one unit ranked by the organiser's rule,
// with the unit's own totals, a path back up, and collective prize places.
import type { Db } from '../db';
import { ensureStanding } from './standing-read';
import {
	pathTo,
	unitPrize,
	rankUnits,
	unitFigures,
	UNIT_RULES,
	type PrizeLevel,
	type RankedUnit,
	type UnitFigures,
	type UnitInfo,
	type UnitRule
} from '$lib/exam/collective';
import { unitInfos } from './individual';
import { resultRound, type ResultRound } from './publication';
import { tallyMap } from './stats';

export interface UnitResults {
	round: ResultRound;
	builtAt: number;
	rule: UnitRule;
	bestN: number;
	/** Units with fewer participants are unranked and win no prize (at least 1). */
	minParticipants: number;
	fullMarks: number;
	/** The unit whose sub-units are listed; null at the top. */
	parent: UnitInfo | null;
	path: UnitInfo[];
	total: UnitFigures | null;
	rows: (RankedUnit & { prize: PrizeLevel | null })[];
}

export function isUnitRule(v: string | null): v is UnitRule {
	return v !== null && (UNIT_RULES as readonly string[]).includes(v);
}

/**
 * `parentId` null lists the top level: the children of the one root unit (the province), or
 * the roots themselves when there are several. Prizes go to the top level only: collective
 * prizes are for districts, towns and departments.
 */
export async function unitResults(
	db: Db,
	roundId: string,
	opts: { parentId?: string | null; rule?: UnitRule; bestN?: number } = {}
): Promise<UnitResults | null> {
	const round = await resultRound(db, roundId);
	if (!round) return null;
	const snapshot = await ensureStanding(db, roundId);
	if (!snapshot) return null;
	const units = await unitInfos(db);
	const roots = units.filter((u) => u.parentId === null);
	const top = roots.length === 1 ? roots[0] : null;
	const parent = (opts.parentId && units.find((u) => u.id === opts.parentId)) || top;
	const rule = opts.rule ?? round.settings.unitRule;
	const bestN = opts.bestN ?? round.settings.bestN;
	const tallies = tallyMap(snapshot.summary);
	const atTop = parent === top;
	const minParticipants = round.settings.unitMinParticipants;
	const rows = rankUnits(units, tallies, parent?.id ?? null, rule, bestN, minParticipants).map((r) => ({
		...r,
		prize: atTop ? unitPrize(r, round.settings.unitPrizes) : null
	}));
	return {
		round,
		builtAt: snapshot.builtAt,
		rule,
		bestN,
		minParticipants,
		fullMarks: snapshot.summary.fullMarks,
		parent,
		path: parent ? pathTo(units, parent.id) : [],
		total: parent ? unitFigures(units, tallies, parent.id, bestN) : null,
		rows
	};
}
