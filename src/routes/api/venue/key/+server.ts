import { json } from '@sveltejs/kit';
import { app } from '$lib/server/app';
import { releaseKeys } from '$lib/server/venue';
import { failureResponse } from '$lib/server/http';
import { bearer, readToken } from '$lib/server/tokens';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ request, locals }) => {
	const { tabletDb: db, secret } = await app();
	const r = await releaseKeys(db, readToken(secret, bearer(request)));
	if (!r.ok) return failureResponse(r, locals.locale);
	const { ok: _ok, ...body } = r;
	return json(body, { headers: { 'cache-control': 'no-store' } });
};
