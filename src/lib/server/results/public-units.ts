// The collective (unit) ranking as the public results page shows it once a round is
// published: the top-level units that took part, their figure by the organiser's rule, and
// prizes; a unit below the round's minimum of participants is listed unranked.
import type { Db } from '../db';
import { unitResults } from './units';

export interface PublicUnitRow {
	/** Null: below the minimum of participants, so not ranked. */
	rank: number | null;
	name: string;
	participants: number;
	value: number | null;
	prize: string | null;
}

export async function publicUnitRanking(db: Db, roundId: string) {
	const u = await unitResults(db, roundId);
	if (!u || u.round.state !== 'published') return null;
	return {
		rule: u.rule,
		bestN: u.bestN,
		minParticipants: u.minParticipants,
		rows: u.rows
			.filter((r) => r.participants > 0)
			.map((r): PublicUnitRow => ({
				rank: r.rank,
				name: r.unit.name,
				participants: r.participants,
				value: r.value,
				prize: r.prize
			}))
	};
}
