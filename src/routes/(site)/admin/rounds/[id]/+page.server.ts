import { error, fail, redirect } from '@sveltejs/kit';
import { app } from '$lib/server/app';
import { getRound, inputOf, roundFormData, updateRound, validateRound } from '$lib/server/rounds';
import { readRoundForm, roundFormValues, roundProblemText } from '$lib/server/bank/forms';
import { messages } from '$lib/i18n';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params, locals }) => {
	const { db } = await app();
	const round = await getRound(db, params.id);
	if (!round) error(404, messages(locals.locale).bank.roundErrors.notFound);
	const finalised = round.finalised_at !== null;
	// The round as saved may break a rule made or broken since (a secret pool another graded
	// round also uses): the form says so before the organiser changes anything.
	const saved = finalised ? { problems: [], shortfall: [] } : await validateRound(db, inputOf(round), round);
	return {
		...(await roundFormData(db)),
		name: round.name,
		finalised,
		values: roundFormValues(inputOf(round), locals.locale),
		savedProblems: roundProblemText(locals.locale, saved.problems),
		savedShortfall: saved.shortfall
	};
};

export const actions: Actions = {
	save: async ({ request, params, locals }) => {
		const { db } = await app();
		const form = readRoundForm(await request.formData());
		if (!form.input)
			return fail(400, {
				values: form.values,
				problems: roundProblemText(locals.locale, [], form.bad),
				shortfall: []
			});
		const result = await updateRound(db, params.id, form.input, locals.user!.id);
		if (!result.ok)
			return fail(422, {
				values: form.values,
				problems: roundProblemText(locals.locale, result.problems),
				shortfall: result.shortfall
			});
		redirect(303, `/admin/rounds?saved=${result.id}`);
	}
};
