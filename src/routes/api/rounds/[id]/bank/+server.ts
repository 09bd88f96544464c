import { json } from '@sveltejs/kit';
import { app } from '$lib/server/app';
import { practiceRound } from '$lib/server/attempts';
import { failureResponse } from '$lib/server/http';
import type { RequestHandler } from './$types';

/**
 * A practice round's public questions with their key, for drawing papers offline: while the
 * round is open, to a candidate who may take part in it.
 */
export const GET: RequestHandler = async ({ params, locals }) => {
	const result = await practiceRound((await app()).db, params.id, locals.user!.id);
	if (!result.ok) return failureResponse(result, locals.locale);
	const { ok: _ok, ...body } = result;
	return json({ ...body, userId: locals.user!.id }, { headers: { 'cache-control': 'no-store' } });
};
