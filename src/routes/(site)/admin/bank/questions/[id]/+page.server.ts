import { error, fail } from '@sveltejs/kit';
import { app } from '$lib/server/app';
import { BankError, getQuestion, setQuestionStatus, updateQuestion } from '$lib/server/bank/questions';
import { listPools, listTopics } from '$lib/server/bank/topics';
import { readQuestionForm } from '$lib/server/bank/forms';
import { describeProblem } from '$lib/bank-text';
import { fmt, messages, type Locale } from '$lib/i18n';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params, locals }) => {
	const { db } = await app();
	const q = await getQuestion(db, params.id);
	if (!q) error(404, messages(locals.locale).bank.editor.notFound);
	return {
		id: q.question.id,
		status: q.question.status,
		version: q.question.version,
		values: {
			...q.current.draft,
			topicId: q.question.topic_id,
			poolId: q.question.pool_id,
			difficulty: q.question.difficulty,
			options: q.current.draft.options.map((o, i) => ({ ...o, id: q.current.ids[i] }))
		},
		versions: q.versions.map((v) => ({ version: v.version, text: v.text, createdAt: v.created_at })),
		topics: await listTopics(db),
		pools: await listPools(db)
	};
};

function refusal(e: BankError, locale: Locale) {
	const m = messages(locale).bank;
	if (e.problems.length) return e.problems.map((p) => describeProblem(m, p));
	const text =
		(m.roundErrors as Record<string, string>)[e.code] ??
		(m.setup as Record<string, string>)[e.code] ??
		e.code;
	return [fmt(text, e.params)];
}

export const actions: Actions = {
	save: async ({ request, params, locals }) => {
		const { db } = await app();
		const form = readQuestionForm(await request.formData());
		if (!form)
			return fail(400, { values: null, problems: [messages(locals.locale).errors.invalidBody], saved: null });
		try {
			const version = await updateQuestion(db, params.id, form.input, locals.user!.id);
			return { values: null, problems: [], saved: version };
		} catch (e) {
			if (e instanceof BankError)
				return fail(422, { values: form.values, problems: refusal(e, locals.locale), saved: null });
			throw e;
		}
	},
	retire: async ({ params, locals }) => {
		const { db } = await app();
		try {
			await setQuestionStatus(db, params.id, 'retired', locals.user!.id);
		} catch (e) {
			if (e instanceof BankError)
				return fail(409, { values: null, problems: refusal(e, locals.locale), saved: null });
			throw e;
		}
		return { values: null, problems: [], saved: null };
	},
	restore: async ({ params, locals }) => {
		const { db } = await app();
		try {
			await setQuestionStatus(db, params.id, 'active', locals.user!.id);
		} catch (e) {
			if (e instanceof BankError)
				return fail(e.code === 'notFound' ? 404 : 409, {
					values: null,
					problems: refusal(e, locals.locale),
					saved: null
				});
			throw e;
		}
		return { values: null, problems: [], saved: null };
	}
};
