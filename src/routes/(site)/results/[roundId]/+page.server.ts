import { error } from '@sveltejs/kit';
import { z } from 'zod';
import { app } from '$lib/server/app';
import { publicResults } from '$lib/server/results/individual';
import { publicUnitRanking } from '$lib/server/results/public-units';
import { messages } from '$lib/i18n';
import type { PageServerLoad } from './$types';

const filter = z.object({
	q: z.string().max(100).catch(''),
	unit: z.string().max(60).nullable().catch(null),
	page: z.coerce.number().int().min(1).max(100_000).catch(1)
});

export const load: PageServerLoad = async ({ params, url, locals }) => {
	const { db } = await app();
	const f = filter.parse({
		q: url.searchParams.get('q') ?? '',
		unit: url.searchParams.get('unit') || null,
		page: url.searchParams.get('page') ?? 1
	});
	const results = await publicResults(db, params.roundId, { page: f.page, q: f.q, unitId: f.unit });
	if (!results) error(404, messages(locals.locale).results.public.notPublished);
	return {
		filter: f,
		results: { ...results, round: { id: results.round.id, name: results.round.name } },
		units: await publicUnitRanking(db, params.roundId)
	};
};
