import { error } from '@sveltejs/kit';
import { app } from '$lib/server/app';
import { roundStats } from '$lib/server/results/stats';
import { messages } from '$lib/i18n';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params, locals }) => {
	const { db } = await app();
	const stats = await roundStats(db, params.roundId);
	if (!stats) error(404, messages(locals.locale).results.problems.notFound);
	// The charts need the hardest questions only; the questions page lists them all.
	return {
		stats: { ...stats, questions: stats.questions.filter((q) => q.correction !== 'void').slice(0, 10) }
	};
};
