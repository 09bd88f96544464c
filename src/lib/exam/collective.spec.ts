import { describe, expect, it } from 'vitest';
import {
	descendantIds,
	isRanked,
	lastPrizeRank,
	normalisedPoints,
	pathTo,
	personalPrize,
	prizeFor,
	rankUnits,
	unitFigures,
	UNIT_RULES,
	type UnitInfo,
	type UnitTally
} from './collective';

const unit = (id: string, parentId: string | null, headcount: number, sort: number): UnitInfo => ({
	id,
	parentId,
	name: id,
	kind: 'district',
	headcount,
	sort
});

// A province with three districts; district B has two communes and no headcount of its own.
const units: UnitInfo[] = [
	unit('P', null, 0, 0),
	unit('A', 'P', 10, 1),
	unit('B', 'P', 0, 2),
	unit('B1', 'B', 4, 3),
	unit('B2', 'B', 6, 4),
	unit('C', 'P', 5, 5)
];

const tally = (points: number[], attempts: number): UnitTally => ({
	participants: points.length,
	attempts,
	points
});

// Hand-computed below, with best N = 2.
const tallies = new Map<string, UnitTally>([
	['A', tally([30, 20, 10, 20], 9)], //    4 of 10; avg 20; best 2 = (30+20)/2 = 25
	['B1', tally([25], 1)], //               B: 3 of 4+6=10; 6 attempts; avg 24; best 2 = 25
	['B2', tally([25, 22], 5)],
	['C', tally([26], 3)] //                 1 of 5 = 0.2; avg 26; best 2 = (26+0)/2 = 13
]);

const view = (rule: Parameters<typeof rankUnits>[3]) =>
	rankUnits(units, tallies, 'P', rule, 2).map((r) => [r.unit.id, r.rank, r.value]);

describe('unitFigures', () => {
	it('rolls sub-units up and takes their headcounts when the unit has none', () => {
		const b = unitFigures(units, tallies, 'B', 2);
		expect(b).toMatchObject({
			headcount: 10,
			participants: 3,
			attempts: 6,
			rate: 0.3,
			average: 24,
			bestN: 25,
			hasChildren: true
		});
	});
	it('counts missing participants as 0 in the best-N average', () => {
		expect(unitFigures(units, tallies, 'C', 2).bestN).toBe(13);
		expect(unitFigures(units, tallies, 'C', 1).bestN).toBe(26);
	});
	it('gives no average and no rate where there is nothing to divide by', () => {
		const none = unitFigures([unit('X', null, 0, 0)], new Map(), 'X', 3);
		expect(none).toMatchObject({ participants: 0, rate: null, average: null, bestN: 0 });
	});
	it('totals the whole province at the top', () => {
		expect(unitFigures(units, tallies, 'P', 2)).toMatchObject({
			headcount: 25,
			rate: 0.32,
			participants: 8,
			attempts: 18,
			average: 22.25,
			bestN: 28
		});
	});
});

describe('rankUnits', () => {
	it('ranks by the best-N average with ties sharing a place', () => {
		expect(view('bestN')).toEqual([
			['A', 1, 25],
			['B', 1, 25],
			['C', 3, 13]
		]);
	});
	it('ranks by average score', () => {
		expect(view('average')).toEqual([
			['C', 1, 26],
			['B', 2, 24],
			['A', 3, 20]
		]);
	});
	it('ranks by participation rate and by participants', () => {
		expect(view('rate')).toEqual([
			['A', 1, 0.4],
			['B', 2, 0.3],
			['C', 3, 0.2]
		]);
		expect(view('participants')).toEqual([
			['A', 1, 4],
			['B', 2, 3],
			['C', 3, 1]
		]);
		expect(view('attempts')).toEqual([
			['A', 1, 9],
			['B', 2, 6],
			['C', 3, 3]
		]);
	});
	it('drills down into a district: its communes', () => {
		expect(
			rankUnits(units, tallies, 'B', 'bestN', 1).map((r) => [r.unit.id, r.rank, r.value, r.rate])
		).toEqual([
			['B1', 1, 25, 0.25],
			['B2', 1, 25, 2 / 6]
		]);
	});
	it('puts units without a value last', () => {
		const flat = [unit('P', null, 0, 0), unit('X', 'P', 0, 1), unit('Y', 'P', 3, 2)];
		const t = new Map([
			['X', tally([10], 1)],
			['Y', tally([5], 1)]
		]);
		expect(rankUnits(flat, t, 'P', 'rate', 1).map((r) => [r.unit.id, r.rank, r.value])).toEqual([
			['Y', 1, 1 / 3],
			['X', 2, null]
		]);
	});
	it('treats an average computed in another order as the same value', () => {
		const flat = [unit('P', null, 0, 0), unit('X', 'P', 1, 1), unit('Y', 'P', 1, 2)];
		const t = new Map([
			['X', tally([0.1, 0.2, 0.3], 3)],
			['Y', tally([0.3, 0.2, 0.1], 3)]
		]);
		expect(rankUnits(flat, t, 'P', 'average', 3).map((r) => r.rank)).toEqual([1, 1]);
	});
});

describe('units with too few participants', () => {
	// 22 districts, nobody took part: the issue saw every one ranked first with a prize.
	const empty = [
		unit('P', null, 0, 0),
		...Array.from({ length: 22 }, (_, i) => unit(`D${i}`, 'P', 100, i + 1))
	];
	it('ranks no unit of a round nobody took part in, by any rule, so none wins a prize', () => {
		for (const rule of UNIT_RULES) {
			const rows = rankUnits(empty, new Map(), 'P', rule, 10);
			expect(rows).toHaveLength(22);
			expect(rows.every((r) => r.rank === null)).toBe(true);
			expect(rows.map((r) => prizeFor(r.rank, { first: 1, second: 1, third: 1 }))).toEqual(
				Array(22).fill(null)
			);
		}
	});
	it('lists a unit with no participants last, unranked, even where its value would lead', () => {
		// By participation rate, a unit with no headcount and nobody has a null rate, and one
		// with headcount has 0; by best-N, E's 0 would tie nobody: it is simply not ranked.
		const flat = [unit('P', null, 0, 0), unit('E', 'P', 5, 1), unit('X', 'P', 10, 2), unit('Y', 'P', 3, 3)];
		const t = new Map([
			['X', tally([10], 1)],
			['Y', tally([5], 1)]
		]);
		expect(rankUnits(flat, t, 'P', 'bestN', 1).map((r) => [r.unit.id, r.rank])).toEqual([
			['X', 1],
			['Y', 2],
			['E', null]
		]);
	});
	it('applies the organiser’s minimum: below it a unit is unranked, and ranks close up', () => {
		// With at least 2 participants: A (4) and B (3) are ranked, C (1) is not.
		const rows = rankUnits(units, tallies, 'P', 'average', 2, 2);
		expect(rows.map((r) => [r.unit.id, r.rank, r.value])).toEqual([
			['B', 1, 24],
			['A', 2, 20],
			['C', null, 26]
		]);
		expect(rows.map((r) => prizeFor(r.rank, { first: 1, second: 1 }))).toEqual(['first', 'second', null]);
		expect(isRanked({ participants: 1 }, 2)).toBe(false);
		expect(isRanked({ participants: 2 }, 2)).toBe(true);
		// A minimum below one is one: nobody is never enough.
		expect(isRanked({ participants: 0 }, 0)).toBe(false);
	});
});

describe('the unit tree', () => {
	it('lists a unit and everything below it, and the path down to it', () => {
		expect(descendantIds(units, 'B').sort()).toEqual(['B', 'B1', 'B2']);
		expect(pathTo(units, 'B2').map((u) => u.id)).toEqual(['P', 'B', 'B2']);
	});
});

describe('prizes', () => {
	const counts = { first: 1, second: 2, third: 3, consolation: 4 };
	it('gives each level the next places', () => {
		expect([1, 2, 3, 4, 6, 7, 10, 11].map((r) => prizeFor(r, counts))).toEqual([
			'first',
			'second',
			'second',
			'third',
			'third',
			'consolation',
			'consolation',
			null
		]);
		expect(lastPrizeRank(counts)).toBe(10);
	});
	it('counts places, so tied candidates share the level of their rank', () => {
		// ranks 1, 1, 3: both first-placed win the first prize; rank 3 is within 1 + 2.
		expect([1, 1, 3].map((r) => prizeFor(r, counts))).toEqual(['first', 'first', 'second']);
	});
	it('skips levels with no prizes', () => {
		expect(prizeFor(1, { first: 0, second: 1 })).toBe('second');
		expect(prizeFor(1, {})).toBeNull();
	});
	it('gives a candidate with no point no prize, whatever the rank', () => {
		expect(personalPrize(3, 0, counts)).toBeNull();
		expect(personalPrize(3, 0.5, counts)).toBe('second');
		expect(personalPrize(1, 0, counts)).toBeNull();
		expect(personalPrize(null, 6, counts)).toBeNull();
	});
});

describe('normalisedPoints', () => {
	it('scales a paper with a voided question to the round’s full marks', () => {
		expect(normalisedPoints(29, 29, 30)).toBe(30);
		expect(normalisedPoints(20, 30, 30)).toBe(20);
		expect(normalisedPoints(0, 0, 30)).toBe(0);
	});
});
