import { fail, redirect } from '@sveltejs/kit';
import { app } from '$lib/server/app';
import { createQuestion } from '$lib/server/bank/questions';
import { listPools, listTopics } from '$lib/server/bank/topics';
import { readQuestionForm } from '$lib/server/bank/forms';
import { describeProblem } from '$lib/bank-text';
import { messages } from '$lib/i18n';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async () => {
	const { db } = await app();
	return { topics: await listTopics(db), pools: await listPools(db) };
};

export const actions: Actions = {
	save: async ({ request, locals }) => {
		const { db } = await app();
		const m = messages(locals.locale).bank;
		const form = readQuestionForm(await request.formData());
		if (!form) return fail(400, { values: null, problems: [messages(locals.locale).errors.invalidBody] });
		const r = await createQuestion(db, form.input, locals.user!.id);
		if (!r.ok)
			return fail(422, {
				values: form.values,
				problems: r.problems.map((p) => describeProblem(m, p))
			});
		redirect(303, `/admin/bank/questions/${r.id}?created=1`);
	}
};
