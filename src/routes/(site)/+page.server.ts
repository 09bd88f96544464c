import { app } from '$lib/server/app';
import { currentContest, listRounds } from '$lib/server/contest';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async () => {
	const { db } = await app();
	const contest = await currentContest(db);
	const rounds = contest ? await listRounds(db, contest.id) : [];
	return {
		now: Date.now(),
		contest: contest ? { name: contest.name, minAge: contest.min_age } : null,
		rounds: rounds.map((r) => ({
			id: r.id,
			kind: r.kind,
			name: r.name,
			opensAt: r.opens_at,
			closesAt: r.closes_at,
			questionCount: r.question_count,
			durationS: r.duration_s
		}))
	};
};
