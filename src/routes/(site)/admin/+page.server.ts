import { app } from '$lib/server/app';
import { currentContest, listRounds } from '$lib/server/contest';
import { unitsWithRegistrations } from '$lib/server/candidates';
import { recentAudit } from '$lib/server/audit';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async () => {
	const { db } = await app();
	const contest = await currentContest(db);
	return {
		contest: contest ? { name: contest.name, startsOn: contest.starts_on, minAge: contest.min_age } : null,
		rounds: contest ? await listRounds(db, contest.id) : [],
		units: await unitsWithRegistrations(db),
		audit: (await recentAudit(db, 15)).map((a) => ({
			id: a.id,
			at: a.at,
			action: a.action,
			actor: a.actor_name && a.actor_role ? { name: a.actor_name, role: a.actor_role } : null,
			target: a.target
		}))
	};
};
