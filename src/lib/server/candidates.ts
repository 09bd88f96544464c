// What a signed-in candidate sees about themself.
import type { Db } from './db';
import { openRounds } from './contest';
import { attemptCounts, attemptsLeft } from './attempts';
import { candidateRank } from './results';

export async function candidateOverview(db: Db, userId: string, now = Date.now()) {
	const profile = await db
		.selectFrom('app_user')
		.innerJoin('candidate_profile', 'candidate_profile.user_id', 'app_user.id')
		.innerJoin('unit', 'unit.id', 'candidate_profile.unit_id')
		.select(['app_user.full_name', 'unit.name as unit_name'])
		.where('app_user.id', '=', userId)
		.executeTakeFirst();
	const rounds = await openRounds(db, now);
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
		let rank: { rank: number; total: number } | null = null;
		if (r.kind !== 'practice' && best) {
			rank = await candidateRank(db, r.id, userId, now);
		}
		summaries.push({
			id: r.id,
			kind: r.kind,
			name: r.name,
			opensAt: r.opens_at,
			closesAt: r.closes_at,
			questionCount: r.question_count,
			durationS: r.duration_s,
			attemptsLeft: attemptsLeft(r, await attemptCounts(db, r.id, userId, now)),
			running: mine.find((a) => a.status === 'running')?.id ?? null,
			best: best ? { score: best.score ?? 0, max: best.max_score ?? 0 } : null,
			rank,
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
