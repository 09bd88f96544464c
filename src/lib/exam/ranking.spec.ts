import { describe, expect, it } from 'vitest';
import { seededRandom, shuffled } from './random';
import { bestAttempts, rankRound, type RoundAttempt } from './ranking';

const TRUTH = 1200;

function attempt(
	candidateId: string,
	score: number,
	timeUsedMs: number,
	tiebreak: number | null,
	submittedAt = 100,
	attemptId = `${candidateId}-1`
): RoundAttempt {
	return { candidateId, attemptId, score, timeUsedMs, tiebreak, submittedAt };
}

// Ties at every level: each line below differs from the one before at exactly one level.
const round: RoundAttempt[] = [
	attempt('erin', 30, 900, null), //                         best score
	attempt('dave', 28, 500, 5000), //                         same score, less time
	attempt('carol', 28, 600, 1100), //                        same time, tie-break 100 off
	attempt('frank', 28, 600, 1000, 50), //                    200 off, submitted earlier
	attempt('alice', 28, 600, 1000), //                        200 off
	attempt('bob', 28, 600, 1400), //                          200 off the other way: equal to alice
	attempt('gina', 28, 600, null), //                         no tie-break answer: worst distance
	attempt('hung', 28, 600, null), //                         equal to gina
	attempt('ivan', 27, 100, TRUTH, 1) //                      lower score beats nothing
];

const ranks = (list: { candidateId: string; rank: number }[]) => list.map((r) => [r.candidateId, r.rank]);

describe('rankRound', () => {
	it('orders by score, time, tie-break distance, then submission, sharing fully equal places', () => {
		expect(ranks(rankRound(round, TRUTH))).toEqual([
			['erin', 1],
			['dave', 2],
			['carol', 3],
			['frank', 4],
			['alice', 5],
			['bob', 5],
			['gina', 7],
			['hung', 7],
			['ivan', 9]
		]);
	});

	it('does not depend on input order', () => {
		const random = seededRandom('ranking');
		const expected = rankRound(round, TRUTH);
		for (let i = 0; i < 100; i++) expect(rankRound(shuffled(round, random), TRUTH)).toEqual(expected);
	});

	it('skips the tie-break level when the round has no tie-break question', () => {
		expect(ranks(rankRound(round, null))).toEqual([
			['erin', 1],
			['dave', 2],
			['frank', 3],
			['alice', 4],
			['bob', 4],
			['carol', 4],
			['gina', 4],
			['hung', 4],
			['ivan', 9]
		]);
	});

	it('ranks everyone first when everyone is equal', () => {
		const same = ['c', 'a', 'b'].map((id) => attempt(id, 10, 300, 7));
		expect(ranks(rankRound(same, 7))).toEqual([
			['a', 1],
			['b', 1],
			['c', 1]
		]);
	});

	it('keeps extra fields of the caller’s rows', () => {
		const rows = [{ ...attempt('an', 5, 1, null), unit: 'Phường 1' }];
		expect(rankRound(rows, null)[0]).toMatchObject({ unit: 'Phường 1', rank: 1 });
	});

	it('returns nothing for a round nobody took', () => {
		expect(rankRound([], TRUTH)).toEqual([]);
	});
});

describe('bestAttempts', () => {
	it('keeps one attempt per candidate: the best by the ranking order', () => {
		const attempts = [
			attempt('an', 20, 300, TRUTH, 10, 'an-1'),
			attempt('an', 26, 700, null, 20, 'an-2'), //  higher score wins over everything else
			attempt('an', 26, 800, TRUTH, 30, 'an-3'),
			attempt('binh', 26, 700, 1300, 10, 'binh-1'),
			attempt('binh', 26, 700, 1250, 20, 'binh-2'), // closer tie-break wins over earlier submission
			attempt('chi', 26, 700, 1250, 20, 'chi-2'),
			attempt('chi', 26, 700, 1250, 10, 'chi-1') //   earlier submission wins
		];
		const best = bestAttempts(attempts, TRUTH)
			.map((a) => a.attemptId)
			.sort();
		expect(best).toEqual(['an-2', 'binh-2', 'chi-1']);
	});

	it('picks the same attempt among fully equal ones whatever the order', () => {
		const twins = [attempt('an', 26, 700, 1, 10, 'an-b'), attempt('an', 26, 700, 1, 10, 'an-a')];
		expect(bestAttempts(twins, 0)[0].attemptId).toBe('an-a');
		expect(bestAttempts([...twins].reverse(), 0)[0].attemptId).toBe('an-a');
	});

	it('ranks a candidate once, by the best attempt', () => {
		const attempts = [
			attempt('an', 10, 1, null, 1, 'an-1'),
			attempt('an', 29, 1, null, 2, 'an-2'),
			attempt('binh', 20, 1, null)
		];
		expect(rankRound(attempts, null).map((r) => [r.attemptId, r.rank])).toEqual([
			['an-2', 1],
			['binh-1', 2]
		]);
	});
});

describe('rankRound after a question is voided', () => {
	const withMax = (id: string, score: number, maxScore: number, timeUsedMs = 600) => ({
		...attempt(id, score, timeUsedMs, null),
		maxScore
	});

	it('compares scores as shares of each paper’s maximum', () => {
		// 28/29 = 0.9655… < 29/30 = 0.9667…; 29/29 equals 30/30, so time decides.
		const list = [
			withMax('an', 28, 29),
			withMax('binh', 29, 30),
			withMax('chi', 29, 29, 700),
			withMax('dung', 30, 30, 650)
		];
		expect(ranks(rankRound(list, null))).toEqual([
			['dung', 1],
			['chi', 2],
			['binh', 3],
			['an', 4]
		]);
	});

	it('ties equal shares exactly (14/15 and 28/30)', () => {
		const list = [withMax('an', 14, 15), withMax('binh', 28, 30)];
		expect(ranks(rankRound(list, null))).toEqual([
			['an', 1],
			['binh', 1]
		]);
	});

	it('puts a paper with every question voided below any positive score', () => {
		const list = [withMax('an', 0, 0, 1), withMax('binh', 1, 30, 900)];
		expect(ranks(rankRound(list, null))).toEqual([
			['binh', 1],
			['an', 2]
		]);
	});
});
