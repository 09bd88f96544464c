import { json } from '@sveltejs/kit';
import { app } from '$lib/server/app';
import { exportedLog, MAX_LOG_BODY_BYTES, uploadLog, mayActOnRoom } from '$lib/server/venue';
import { api, failureResponse, readJson } from '$lib/server/http';
import { failure } from '$lib/server/failure';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = api(async ({ params, locals, request }) => {
	const { db, secret } = await app();
	if (!(await mayActOnRoom(db, locals.user!, params.id)))
		return failureResponse(failure('notAllowed'), locals.locale);
	// A log is larger than any other body (MAX_LOG_BODY_BYTES); server/index.js lets it through.
	const file = await readJson(request, exportedLog, MAX_LOG_BODY_BYTES);
	const r = await uploadLog(db, secret, params.id, locals.user!.id, file);
	if (!r.ok) return failureResponse(r, locals.locale);
	return json(r);
});
