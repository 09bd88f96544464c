import { error, fail } from '@sveltejs/kit';
import { z } from 'zod';
import { app } from '$lib/server/app';
import { questionDetail } from '$lib/server/results/stats';
import { correctQuestion } from '$lib/server/results/regrade';
import { messages } from '$lib/i18n';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params, locals }) => {
	const { db } = await app();
	const detail = await questionDetail(db, params.roundId, params.questionId);
	if (!detail) error(404, messages(locals.locale).results.problems.unknownQuestion);
	return { detail };
};

const correction = z.object({
	kind: z.enum(['void', 'key', 'restore']),
	reason: z.string().trim().min(5).max(500),
	correct: z.array(z.string().max(64)).max(10)
});

export const actions: Actions = {
	correct: async ({ params, request, locals }) => {
		const form = await request.formData();
		const problems = messages(locals.locale).results.problems;
		const parsed = correction.safeParse({
			kind: form.get('kind'),
			reason: form.get('reason') ?? '',
			correct: form.getAll('correct')
		});
		if (!parsed.success)
			return fail(400, {
				problem: parsed.error.issues.some((i) => i.path[0] === 'reason') ? problems.reason : problems.badKey
			});
		const { db } = await app();
		// At 100,000 attempts re-grading takes a minute or more: it goes on after the answer.
		const r = await correctQuestion(
			db,
			params.roundId,
			{ questionId: params.questionId, ...parsed.data },
			locals.user!.id,
			{ wait: false }
		);
		return r.ok ? { started: true } : fail(409, { problem: problems[r.code] });
	}
};
