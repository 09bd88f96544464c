import { json } from '@sveltejs/kit';
import { app } from '$lib/server/app';
import { authoriseAttempt } from '$lib/server/access';
import { api, failureResponse } from '$lib/server/http';
import { heldEvents } from '$lib/server/resume';
import { bearer, readToken } from '$lib/server/tokens';
import type { RequestHandler } from './$types';

/** The answer events the server holds for this attempt, so another device can resume it. */
export const GET: RequestHandler = api(async ({ params, request, locals }) => {
	const { db, secret } = await app();
	const allowed = await authoriseAttempt(db, readToken(secret, bearer(request)), params.id);
	if (allowed !== true) return failureResponse(allowed, locals.locale);
	return json(
		{ events: await heldEvents(db, params.id), now: Date.now() },
		{
			headers: { 'cache-control': 'no-store' }
		}
	);
});
