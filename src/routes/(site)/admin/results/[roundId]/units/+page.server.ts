import { error, fail } from '@sveltejs/kit';
import { z } from 'zod';
import { wholeNumberField } from '$lib/server/http';
import { app } from '$lib/server/app';
import { unitResults } from '$lib/server/results/units';
import { saveUnitRule } from '$lib/server/results/publication';
import { UNIT_RULES } from '$lib/exam/collective';
import { messages } from '$lib/i18n';
import type { Actions, PageServerLoad } from './$types';

const view = z.object({
	parent: z.string().max(60).nullable().catch(null),
	rule: z.enum(UNIT_RULES).optional().catch(undefined),
	n: z.coerce.number().int().min(1).max(10_000).optional().catch(undefined)
});

export const load: PageServerLoad = async ({ params, url, locals }) => {
	const { db } = await app();
	const v = view.parse({
		parent: url.searchParams.get('parent') || null,
		rule: url.searchParams.get('rule') ?? undefined,
		n: url.searchParams.get('n') ?? undefined
	});
	const units = await unitResults(db, params.roundId, { parentId: v.parent, rule: v.rule, bestN: v.n });
	if (!units) error(404, messages(locals.locale).results.problems.notFound);
	return { units };
};

const ruleForm = z.object({ rule: z.enum(UNIT_RULES), n: wholeNumberField(1, 10_000) });

export const actions: Actions = {
	save: async ({ params, request, locals }) => {
		const parsed = ruleForm.safeParse(Object.fromEntries(await request.formData()));
		if (!parsed.success) return fail(400, { problem: messages(locals.locale).results.problems.badSettings });
		const { db } = await app();
		const r = await saveUnitRule(db, params.roundId, parsed.data.rule, parsed.data.n, locals.user!.id);
		return r.ok
			? { saved: true }
			: fail(r.code === 'notFound' ? 404 : 409, {
					problem: messages(locals.locale).results.problems[r.code]
				});
	}
};
