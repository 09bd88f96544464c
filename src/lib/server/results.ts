// Results of a round: the individual ranking (best attempt per candidate, by rankRound in
// src/lib/exam/ranking.ts) and the modules of src/lib/server/results/ built on it.
import type { Db } from './db';
import type { Ranked, RoundAttempt } from '$lib/exam/ranking';
import { candidateRank, fullRanking } from './results/individual';

/** The round's ranking, from its standing (rebuilt first if any attempt changed). */
export async function roundRanking(db: Db, roundId: string): Promise<Ranked<RoundAttempt>[]> {
	return fullRanking(db, roundId);
}

export { candidateRank };
