import { error } from '@sveltejs/kit';
import { app } from '$lib/server/app';
import { roundStats } from '$lib/server/results/stats';
import { messages } from '$lib/i18n';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params, locals }) => {
	const { db } = await app();
	const stats = await roundStats(db, params.roundId);
	if (!stats) error(404, messages(locals.locale).results.problems.notFound);
	return { questions: stats.questions, builtAt: stats.builtAt };
};
