import { error, fail } from '@sveltejs/kit';
import { app } from '$lib/server/app';
import { readResultsFilter } from '$lib/server/results/filter';
import { organiserResults } from '$lib/server/results/individual';
import {
	finaliseBlocker,
	finaliseRound,
	publishRound,
	type FinaliseBlocker
} from '$lib/server/results/publication';
import { fmt, messages, type Locale } from '$lib/i18n';
import { dateTime } from '$lib/format';
import type { Actions, PageServerLoad } from './$types';

/** The catalogue's sentence for a refusal, with its parameters (a time in Vietnam time). */
function problemText(locale: Locale, p: FinaliseBlocker): string {
	const values = Object.fromEntries(
		Object.entries(p.params ?? {}).map(([k, v]) => [k, k.endsWith('At') ? dateTime(Number(v)) : v])
	);
	return fmt(messages(locale).results.problems[p.code], values);
}

export const load: PageServerLoad = async ({ params, url, locals }) => {
	const { db } = await app();
	const f = readResultsFilter(url.searchParams);
	const results = await organiserResults(db, params.roundId, { page: f.page, q: f.q, unitId: f.unit });
	if (!results) error(404, messages(locals.locale).results.problems.notFound);
	const blocker = results.round.finalisedAt === null ? await finaliseBlocker(db, params.roundId) : null;
	return { filter: f, results, finaliseBlocked: blocker ? problemText(locals.locale, blocker) : null };
};

export const actions: Actions = {
	finalise: async ({ params, request, locals }) => {
		const form = await request.formData();
		const problems = messages(locals.locale).results.problems;
		if (form.get('confirm') !== 'yes') return fail(400, { problem: problems.confirm });
		const { db } = await app();
		const r = await finaliseRound(db, params.roundId, locals.user!.id);
		return r.ok ? { done: true } : fail(409, { problem: problemText(locals.locale, r) });
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
