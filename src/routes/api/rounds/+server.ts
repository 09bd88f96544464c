import { json } from '@sveltejs/kit';
import { app } from '$lib/server/app';
import { candidateOverview } from '$lib/server/candidates';
import type { RequestHandler } from './$types';

/** Open rounds for the signed-in candidate (the role guard in hooks admits candidates only). */
export const GET: RequestHandler = async ({ locals }) => {
	const { db } = await app();
	const { rounds } = await candidateOverview(db, locals.user!.id);
	return json({ rounds });
};
