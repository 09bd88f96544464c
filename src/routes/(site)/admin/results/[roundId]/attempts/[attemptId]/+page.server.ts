import { error } from '@sveltejs/kit';
import { app } from '$lib/server/app';
import { disputeView } from '$lib/server/results/dispute';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params }) => {
	const { db } = await app();
	const view = await disputeView(db, params.roundId, params.attemptId);
	if (!view) error(404);
	return { view };
};
