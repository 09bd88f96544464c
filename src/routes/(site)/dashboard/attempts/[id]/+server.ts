import { error, json } from '@sveltejs/kit';
import { app } from '$lib/server/app';
import { attemptSummary } from '$lib/server/history';
import type { RequestHandler } from './$types';
import { messages } from '$lib/i18n';

/** Time used and rank of the signed-in candidate's own attempt (the result screen asks). */
export const GET: RequestHandler = async ({ params, locals }) => {
	if (!locals.user) error(401, messages(locals.locale).errors.unauthenticated);
	const { db } = await app();
	const summary = await attemptSummary(db, locals.user.id, params.id);
	if (!summary) error(404, messages(locals.locale).errors.notFound);
	return json(summary, { headers: { 'cache-control': 'no-store' } });
};
