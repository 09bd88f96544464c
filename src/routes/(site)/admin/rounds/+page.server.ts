import { fail } from '@sveltejs/kit';
import { app } from '$lib/server/app';
import { currentContest } from '$lib/server/contest';
import { refusalOf } from '$lib/server/failure';
import { contestInput, roundsOverview, updateContest } from '$lib/server/rounds';
import { listTopics } from '$lib/server/bank/topics';
import { messages } from '$lib/i18n';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async () => {
	const { db } = await app();
	const contest = await currentContest(db);
	return {
		contest: contest ? { name: contest.name, startsOn: contest.starts_on, minAge: contest.min_age } : null,
		rounds: contest
			? (await roundsOverview(db, contest.id)).map((o) => ({
					id: o.round.id,
					name: o.round.name,
					kind: o.round.kind,
					opensAt: o.round.opens_at,
					closesAt: o.round.closes_at,
					questionCount: o.round.question_count,
					durationS: o.round.duration_s,
					maxAttempts: o.round.max_attempts,
					finalised: o.round.finalised_at !== null,
					shortfall: o.shortfall,
					// A rule the round breaks as saved besides the shortfall (listed cell by cell): its
					// form says which.
					breaksRules: o.problems.some((p) => p.code !== 'shortfall')
				}))
			: [],
		topics: await listTopics(db)
	};
};

export const actions: Actions = {
	contest: async ({ request, locals }) => {
		const { db } = await app();
		const form = await request.formData();
		const parsed = contestInput.safeParse({
			name: String(form.get('name') ?? ''),
			startsOn: String(form.get('startsOn') ?? ''),
			minAge: Number(form.get('minAge'))
		});
		if (!parsed.success)
			return fail(400, { contestMessage: messages(locals.locale).errors.invalidBody, contestOk: false });
		try {
			await updateContest(db, parsed.data, locals.user!.id);
		} catch (e) {
			refusalOf(e); // only "no contest" is refused
			return fail(409, {
				contestMessage: messages(locals.locale).bank.roundErrors.noContest,
				contestOk: false
			});
		}
		return { contestMessage: messages(locals.locale).bank.setup.done, contestOk: true };
	}
};
