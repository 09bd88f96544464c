import { json } from '@sveltejs/kit';
import { app } from '$lib/server/app';
import { exportedLog, uploadLog } from '$lib/server/venue';
import { mayActOnRoom } from '$lib/server/venue-admin';
import { api, apiError, failureResponse, readJson } from '$lib/server/http';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = api(async ({ params, locals, request }) => {
	const { db, secret } = await app();
	if (!(await mayActOnRoom(db, locals.user!, params.id))) return apiError(403, 'notAllowed');
	const r = await uploadLog(db, secret, params.id, locals.user!.id, await readJson(request, exportedLog));
	if (!r.ok) return failureResponse(r);
	return json(r);
});
