import { json } from '@sveltejs/kit';
import { app } from '$lib/server/app';
import { submitAttempt, submitBody } from '$lib/server/attempts';
import { authoriseAttempt } from '$lib/server/access';
import { api, failureResponse, readJson } from '$lib/server/http';
import { bearer, readToken } from '$lib/server/tokens';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = api(async ({ params, request }) => {
	const { db, secret } = await app();
	const allowed = await authoriseAttempt(db, readToken(secret, bearer(request)), params.id);
	if (allowed !== true) return failureResponse(allowed);
	const body = await readJson(request, submitBody);
	const result = await submitAttempt(db, secret, params.id, body);
	if (!result.ok) return failureResponse(result);
	const { ok: _ok, ...rest } = result;
	return json(rest);
});
