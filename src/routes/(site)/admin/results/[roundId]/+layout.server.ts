import { error } from '@sveltejs/kit';
import { app } from '$lib/server/app';
import { resultRound } from '$lib/server/results/publication';
import { regradeBanner } from '$lib/server/results/regrade';
import { messages } from '$lib/i18n';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = async ({ params, locals }) => {
	const { db } = await app();
	const round = await resultRound(db, params.roundId);
	if (!round) error(404, messages(locals.locale).results.problems.notFound);
	return { round, regrade: await regradeBanner(db, params.roundId) };
};
