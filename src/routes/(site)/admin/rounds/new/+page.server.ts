import { fail, redirect } from '@sveltejs/kit';
import { app } from '$lib/server/app';
import { createRound, roundDefaults, roundFormData } from '$lib/server/rounds';
import { readRoundForm, roundFormValues, roundProblemText } from '$lib/server/bank/forms';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
	const { db } = await app();
	const form = await roundFormData(db);
	return {
		...form,
		values: roundFormValues(roundDefaults('qualifying', form.contestMinAge, Date.now()), locals.locale)
	};
};

export const actions: Actions = {
	save: async ({ request, locals }) => {
		const { db } = await app();
		const form = readRoundForm(await request.formData());
		if (!form.input)
			return fail(400, {
				values: form.values,
				problems: roundProblemText(locals.locale, [], form.bad),
				shortfall: []
			});
		const result = await createRound(db, form.input, locals.user!.id);
		if (!result.ok)
			return fail(422, {
				values: form.values,
				problems: roundProblemText(locals.locale, result.problems),
				shortfall: result.shortfall
			});
		redirect(303, `/admin/rounds?saved=${result.id}`);
	}
};
