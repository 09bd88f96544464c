import { error, fail } from '@sveltejs/kit';
import { app } from '$lib/server/app';
import {
	getQuestion,
	setQuestionStatus,
	updateQuestion,
	type InvalidQuestion
} from '$lib/server/bank/questions';
import type { Failure } from '$lib/server/failure';
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

/** The sentences for a refused edit: the question's problems, or why the bank may not change. */
function refusal(f: Failure | InvalidQuestion, locale: Locale) {
	const m = messages(locale).bank;
	if ('problems' in f) return f.problems.map((p) => describeProblem(m, p));
	if (f.code === 'notFound') return [m.editor.notFound];
	// 'retireBreaksRound' (an open round would be short) and other round refusals.
	const text = (m.roundErrors as Record<string, string>)[f.code] ?? f.code;
	return [fmt(text, f.params ?? {})];
}

export const actions: Actions = {
	save: async ({ request, params, locals }) => {
		const { db } = await app();
		const form = readQuestionForm(await request.formData());
		if (!form)
			return fail(400, { values: null, problems: [messages(locals.locale).errors.invalidBody], saved: null });
		const r = await updateQuestion(db, params.id, form.input, locals.user!.id);
		if (!r.ok) return fail(422, { values: form.values, problems: refusal(r, locals.locale), saved: null });
		return { values: null, problems: [], saved: r.version };
	},
	retire: async ({ params, locals }) => {
		const { db } = await app();
		const r = await setQuestionStatus(db, params.id, 'retired', locals.user!.id);
		if (!r.ok) return fail(409, { values: null, problems: refusal(r, locals.locale), saved: null });
		return { values: null, problems: [], saved: null };
	},
	restore: async ({ params, locals }) => {
		const { db } = await app();
		const r = await setQuestionStatus(db, params.id, 'active', locals.user!.id);
		if (!r.ok)
			return fail(r.code === 'notFound' ? 404 : 409, {
				values: null,
				problems: refusal(r, locals.locale),
				saved: null
			});
		return { values: null, problems: [], saved: null };
	}
};
