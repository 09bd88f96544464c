// What a signed-in candidate sees about themself.
import type { Db } from './db';
import { attemptsInRound, openRoundsFor } from './history';
import { candidateRank } from './results';

/**
 * `GET /api/rounds`: the open rounds as the dashboard lists them (history.ts), with the
 * candidate's best score, standing, how many attempts (`attemptCount`) and the latest of them
 * (`history`, at most LISTED_ATTEMPTS) in each.
 */
export async function candidateOverview(db: Db, userId: string, now = Date.now()) {
	const profile = await db
		.selectFrom('app_user')
		.innerJoin('candidate_profile', 'candidate_profile.user_id', 'app_user.id')
		.innerJoin('unit', 'unit.id', 'candidate_profile.unit_id')
		.select(['app_user.full_name', 'unit.name as unit_name'])
		.where('app_user.id', '=', userId)
		.executeTakeFirst();
	const rounds = await openRoundsFor(db, userId, now);
	const summaries = [];
	for (const r of rounds) {
		// The latest attempts only, with how many there are: the answer does not grow with each one.
		const { count, latest, best } = await attemptsInRound(db, userId, r.id);
		summaries.push({
			...r,
			best: best ? { score: best.score ?? 0, max: best.max_score ?? 0 } : null,
			rank: r.kind !== 'practice' && best ? await candidateRank(db, r.id, userId, now) : null,
			attemptCount: count,
			history: latest.map((a) => ({
				id: a.id,
				status: a.status,
				at: a.started_at ?? 0,
				score: a.score,
				max: a.max_score
			}))
		});
	}
	return {
		fullName: profile?.full_name ?? '',
		unitName: profile?.unit_name ?? '',
		rounds: summaries
	};
}

export async function unitsWithRegistrations(db: Db) {
	const rows = await db
		.selectFrom('unit')
		.leftJoin('candidate_profile', 'candidate_profile.unit_id', 'unit.id')
		.select((eb) => [
			'unit.id',
			'unit.name',
			'unit.kind',
			'unit.headcount',
			eb.fn.count<number>('candidate_profile.user_id').as('registered')
		])
		.groupBy(['unit.id', 'unit.name', 'unit.kind', 'unit.headcount', 'unit.sort'])
		.orderBy('unit.sort')
		.execute();
	return rows.map((r) => ({ ...r, registered: Number(r.registered) }));
}
