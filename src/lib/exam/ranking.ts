// Individual ranking in a round: each candidate's best attempt, then competition ranks.

import { compareNumbers, compareText } from './compare';

export interface RoundAttempt {
	candidateId: string;
	attemptId: string;
	score: number;
	/**
	 * The paper's maximum. Equal for every paper of a round until a question is voided: a
	 * voided question leaves score and maximum of the papers that had it, so scores are then
	 * compared as shares of their maximum. Left out, scores are compared as they are.
	 */
	maxScore?: number;
	/** Home: measured on the server (`homeTimeUsedMs`); venue: active time at submission. */
	timeUsedMs: number;
	/** The candidate's tie-break answer, or null when they gave none. */
	tiebreak: number | null;
	/** Server time the submission arrived. */
	submittedAt: number;
}

export type Ranked<T extends RoundAttempt> = T & { rank: number };

/** How far a tie-break answer is from the truth; no answer is as far as can be. */
function tiebreakDistance(answer: number | null, truth: number | null): number {
	if (truth === null) return 0; // the round has no tie-break question
	return answer === null ? Number.POSITIVE_INFINITY : Math.abs(answer - truth);
}

/**
 * Higher share of the maximum first, compared exactly by cross-multiplying (28/29 against
 * 29/30 must not depend on rounding). A paper whose every question was voided counts as 0.
 */
function compareScores(a: RoundAttempt, b: RoundAttempt): number {
	const [as, am] = a.maxScore === 0 ? [0, 1] : [a.score, a.maxScore ?? 1];
	const [bs, bm] = b.maxScore === 0 ? [0, 1] : [b.score, b.maxScore ?? 1];
	return compareNumbers(bs * am, as * bm);
}

/** Orders by: score (higher first), time used, tie-break distance, submission (earlier first). */
function compareByMerit(a: RoundAttempt, b: RoundAttempt, truth: number | null): number {
	return (
		compareScores(a, b) ||
		a.timeUsedMs - b.timeUsedMs ||
		compareNumbers(tiebreakDistance(a.tiebreak, truth), tiebreakDistance(b.tiebreak, truth)) ||
		a.submittedAt - b.submittedAt
	);
}

/** Merit first; equal merit falls back to ids only so the listing is stable, never to rank. */
function compareForListing(a: RoundAttempt, b: RoundAttempt, truth: number | null): number {
	return (
		compareByMerit(a, b, truth) ||
		compareText(a.candidateId, b.candidateId) ||
		compareText(a.attemptId, b.attemptId)
	);
}

/** Each candidate's best attempt, by the same order the ranking uses. */
export function bestAttempts<T extends RoundAttempt>(attempts: readonly T[], truth: number | null): T[] {
	const best = new Map<string, T>();
	for (const a of attempts) {
		const held = best.get(a.candidateId);
		if (held === undefined || compareForListing(a, held, truth) < 0) best.set(a.candidateId, a);
	}
	return [...best.values()];
}

/**
 * Ranks the round's candidates by their best attempts. Candidates equal at every level share
 * a rank and the next rank skips accordingly (1, 2, 2, 4): prizes are counted in places.
 * `truth` is the tie-break question's true value, or null if the round has none.
 */
export function rankRound<T extends RoundAttempt>(attempts: readonly T[], truth: number | null): Ranked<T>[] {
	const sorted = bestAttempts(attempts, truth).sort((a, b) => compareForListing(a, b, truth));
	const ranked: Ranked<T>[] = [];
	sorted.forEach((a, i) => {
		const prev = ranked[i - 1];
		const rank = prev !== undefined && compareByMerit(prev, a, truth) === 0 ? prev.rank : i + 1;
		ranked.push({ ...a, rank });
	});
	return ranked;
}
