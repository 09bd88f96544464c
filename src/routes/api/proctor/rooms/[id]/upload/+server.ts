import { json } from '@sveltejs/kit';
import { app } from '$lib/server/app';
import { exportedLog, uploadLog, mayActOnRoom } from '$lib/server/venue';
import { api, failureResponse, readJson } from '$lib/server/http';
import { failure } from '$lib/server/failure';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = api(async ({ params, locals, request }) => {
	const { db, secret } = await app();
	if (!(await mayActOnRoom(db, locals.user!, params.id)))
		return failureResponse(failure('notAllowed'), locals.locale);
	const r = await uploadLog(db, secret, params.id, locals.user!.id, await readJson(request, exportedLog));
	if (!r.ok) return failureResponse(r, locals.locale);
	return json(r);
});
