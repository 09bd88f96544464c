import { fail } from '@sveltejs/kit';
import { z } from 'zod';
import { wholeNumberField } from '$lib/server/http';
import { app } from '$lib/server/app';
import { savePrizes } from '$lib/server/results/publication';
import { messages } from '$lib/i18n';
import type { Actions } from './$types';

// An empty field is not 0: a whole number must be typed.
const places = wholeNumberField(0, 1000);
const prizeForm = z.object({
	first: places,
	second: places,
	third: places,
	consolation: places,
	unitFirst: places,
	unitSecond: places,
	unitThird: places,
	unitConsolation: places,
	unitMinParticipants: wholeNumberField(1, 100_000)
});

export const actions: Actions = {
	save: async ({ params, request, locals }) => {
		const parsed = prizeForm.safeParse(Object.fromEntries(await request.formData()));
		const problems = messages(locals.locale).results.problems;
		if (!parsed.success) return fail(400, { problem: problems.badSettings });
		const f = parsed.data;
		const { db } = await app();
		const r = await savePrizes(
			db,
			params.roundId,
			{ first: f.first, second: f.second, third: f.third, consolation: f.consolation },
			{ first: f.unitFirst, second: f.unitSecond, third: f.unitThird, consolation: f.unitConsolation },
			f.unitMinParticipants,
			locals.user!.id
		);
		return r.ok ? { saved: true } : fail(r.code === 'notFound' ? 404 : 409, { problem: problems[r.code] });
	}
};
