import { json } from '@sveltejs/kit';
import { app } from '$lib/server/app';
import { heartbeat, heartbeatBody } from '$lib/server/venue';
import { api, failureResponse, readJson } from '$lib/server/http';
import { bearer, readToken } from '$lib/server/tokens';
import type { RequestHandler } from './$types';

/** Every 1–2 s from a tablet: its readiness and progress in, the room's state out. */
export const POST: RequestHandler = api(async ({ request }) => {
	const { db, secret } = await app();
	const r = await heartbeat(db, readToken(secret, bearer(request)), await readJson(request, heartbeatBody));
	if ('ok' in r) return failureResponse(r);
	return json(r);
});
