import { json } from '@sveltejs/kit';
import { app } from '$lib/server/app';
import { actionBody, roomAction } from '$lib/server/venue';
import { mayActOnRoom } from '$lib/server/venue-admin';
import { api, apiError, failureResponse, readJson } from '$lib/server/http';
import type { RequestHandler } from './$types';

/** Start, pause, resume, extend, lock, approve, move, incident …; each is audited. */
export const POST: RequestHandler = api(async ({ params, locals, request }) => {
	const { db } = await app();
	if (!(await mayActOnRoom(db, locals.user!, params.id))) return apiError(403, 'notAllowed');
	const r = await roomAction(db, params.id, locals.user!.id, await readJson(request, actionBody));
	if (!r.ok) return failureResponse(r);
	return json(r);
});
