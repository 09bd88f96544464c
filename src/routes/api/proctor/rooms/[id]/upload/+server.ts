import { json } from '@sveltejs/kit';
import { app } from '$lib/server/app';
import { mayActOnRoom } from '$lib/server/venue';
import { receiveLog } from '$lib/server/venue/upload';
import { api, failureResponse } from '$lib/server/http';
import { failure } from '$lib/server/failure';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = api(async ({ params, locals, request }) => {
	const { db, secret } = await app();
	if (!(await mayActOnRoom(db, locals.user!, params.id)))
		return failureResponse(failure('notAllowed'), locals.locale);
	// A log is larger than any other body (MAX_LOG_BODY_BYTES); server/index.js lets it through,
	// and receiveLog reads it, one log at a time.
	const r = await receiveLog(db, secret, params.id, locals.user!.id, request);
	if (!r.ok) return failureResponse(r, locals.locale);
	return json(r);
});
