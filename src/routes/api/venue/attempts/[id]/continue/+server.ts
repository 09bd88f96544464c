import { json } from '@sveltejs/kit';
import { app } from '$lib/server/app';
import { continuation } from '$lib/server/venue';
import { failureResponse } from '$lib/server/http';
import { bearer, readToken } from '$lib/server/tokens';
import type { RequestHandler } from './$types';

/** For a finalist moved to this tablet: the answers and time the server holds. */
export const GET: RequestHandler = async ({ request, params, locals }) => {
	const { tabletDb: db, secret } = await app();
	const r = await continuation(db, readToken(secret, bearer(request)), params.id);
	if (!r.ok) return failureResponse(r, locals.locale);
	const { ok: _ok, ...body } = r;
	return json(body, { headers: { 'cache-control': 'no-store' } });
};
