import { json } from '@sveltejs/kit';
import { app } from '$lib/server/app';
import { roomPackage } from '$lib/server/venue';
import { failureResponse } from '$lib/server/http';
import { bearer, readToken } from '$lib/server/tokens';
import type { RequestHandler } from './$types';

/** The room's papers, sealed; readable only with the key released at Start or the start code. */
export const GET: RequestHandler = async ({ request, locals }) => {
	const { tabletDb: db, secret } = await app();
	const r = await roomPackage(db, readToken(secret, bearer(request)));
	if ('ok' in r) return failureResponse(r, locals.locale);
	return json(r, { headers: { 'cache-control': 'no-store' } });
};
