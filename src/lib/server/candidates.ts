// What a signed-in candidate sees about themself.
import type { Db } from './db';
import { openRoundsFor } from './history';
import { candidateRank } from './results';

/**
 * `GET /api/rounds`: the open rounds as the dashboard lists them (history.ts), with the
 * candidate's best score, standing and attempts in each.
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
	const attempts = await db
		.selectFrom('attempt')
		.select(['id', 'round_id', 'status', 'started_at', 'submitted_at', 'score', 'max_score'])
		.where('user_id', '=', userId)
		.orderBy('created_at', 'desc')
		.execute();
	const summaries = [];
	for (const r of rounds) {
		const mine = attempts.filter((a) => a.round_id === r.id);
		const graded = mine.filter((a) => a.score !== null);
		const best = graded.reduce<(typeof graded)[number] | null>(
			(b, a) => (b === null || (a.score ?? 0) > (b.score ?? 0) ? a : b),
			null
		);
		summaries.push({
			...r,
			best: best ? { score: best.score ?? 0, max: best.max_score ?? 0 } : null,
			rank: r.kind !== 'practice' && best ? await candidateRank(db, r.id, userId, now) : null,
			history: mine.map((a) => ({
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
