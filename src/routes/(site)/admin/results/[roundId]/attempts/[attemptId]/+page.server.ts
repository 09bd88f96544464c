import { error } from '@sveltejs/kit';
import { app } from '$lib/server/app';
import { disputeView } from '$lib/server/results/dispute';
import type { PageServerLoad } from './$types';
import { messages } from '$lib/i18n';

export const load: PageServerLoad = async ({ params, locals }) => {
	const { db } = await app();
	const view = await disputeView(db, params.roundId, params.attemptId);
	if (!view) error(404, messages(locals.locale).errors.notFound);
	return { view };
};
