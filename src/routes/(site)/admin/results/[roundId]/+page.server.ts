import { error, fail } from '@sveltejs/kit';
import { z } from 'zod';
import { app } from '$lib/server/app';
import { organiserResults } from '$lib/server/results/individual';
import { finaliseRound, publishRound } from '$lib/server/results/publication';
import { messages } from '$lib/i18n';
import type { Actions, PageServerLoad } from './$types';

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
	const results = await organiserResults(db, params.roundId, { page: f.page, q: f.q, unitId: f.unit });
	if (!results) error(404, messages(locals.locale).results.problems.notFound);
	return { filter: f, results };
};

export const actions: Actions = {
	finalise: async ({ params, request, locals }) => {
		const form = await request.formData();
		const problems = messages(locals.locale).results.problems;
		if (form.get('confirm') !== 'yes') return fail(400, { problem: problems.confirm });
		const { db } = await app();
		const r = await finaliseRound(db, params.roundId, locals.user!.id);
		return r.ok ? { done: true } : fail(409, { problem: problems[r.code] });
	},
	publish: async ({ params, locals }) => {
		const { db } = await app();
		const r = await publishRound(db, params.roundId, true, locals.user!.id);
		return r.ok ? { done: true } : fail(409, { problem: messages(locals.locale).results.problems[r.code] });
	},
	unpublish: async ({ params, locals }) => {
		const { db } = await app();
		const r = await publishRound(db, params.roundId, false, locals.user!.id);
		return r.ok ? { done: true } : fail(409, { problem: messages(locals.locale).results.problems[r.code] });
	}
};
