import { error } from '@sveltejs/kit';
import { app } from '$lib/server/app';
import { readResultsFilter } from '$lib/server/results/filter';
import { publicResults } from '$lib/server/results/individual';
import { publicUnitRanking } from '$lib/server/results/public-units';
import { messages } from '$lib/i18n';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params, url, locals }) => {
	const { db } = await app();
	const f = readResultsFilter(url.searchParams);
	const results = await publicResults(db, params.roundId, { page: f.page, q: f.q, unitId: f.unit });
	if (!results) error(404, messages(locals.locale).results.public.notPublished);
	return {
		filter: f,
		results: { ...results, round: { id: results.round.id, name: results.round.name } },
		units: await publicUnitRanking(db, params.roundId)
	};
};
