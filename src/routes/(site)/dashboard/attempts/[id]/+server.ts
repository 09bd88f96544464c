import { error, json } from '@sveltejs/kit';
import { app } from '$lib/server/app';
import { attemptSummary } from '$lib/server/history';
import type { RequestHandler } from './$types';

/** Time used and rank of the signed-in candidate's own attempt (the result screen asks). */
export const GET: RequestHandler = async ({ params, locals }) => {
	if (!locals.user) error(401);
	const { db } = await app();
	const summary = await attemptSummary(db, locals.user.id, params.id);
	if (!summary) error(404);
	return json(summary, { headers: { 'cache-control': 'no-store' } });
};
