import { json } from '@sveltejs/kit';
import { app } from '$lib/server/app';
import { submitAttempt, submitBody } from '$lib/server/attempts';
import { authoriseAttempt, speaksFor } from '$lib/server/access';
import { api, failureResponse, readJson } from '$lib/server/http';
import { bearer, readToken } from '$lib/server/tokens';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = api(async ({ params, request }) => {
	const { db, secret } = await app();
	const claims = readToken(secret, bearer(request));
	const allowed = await authoriseAttempt(db, claims, params.id);
	if (allowed !== true) return failureResponse(allowed);
	const body = await readJson(request, submitBody);
	const own = speaksFor(claims!, body.deviceId);
	if (own !== true) return failureResponse(own);
	const result = await submitAttempt(db, secret, params.id, body);
	if (!result.ok) return failureResponse(result);
	const { ok: _ok, ...rest } = result;
	return json(rest);
});
