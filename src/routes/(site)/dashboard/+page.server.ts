import { app } from '$lib/server/app';
import { candidateOverview } from '$lib/server/candidates';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
	const { db } = await app();
	return { overview: await candidateOverview(db, locals.user!.id) };
};
