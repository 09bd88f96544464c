import { json } from '@sveltejs/kit';
import { app } from '$lib/server/app';
import { actionBody, roomAction, mayActOnRoom } from '$lib/server/venue';
import { api, failureResponse, readJson } from '$lib/server/http';
import { publishRoomChange } from '$lib/server/push/room';
import { failure } from '$lib/server/failure';
import type { RequestHandler } from './$types';

/** Start, pause, resume, extend, lock, approve, move, incident …; each is audited. */
export const POST: RequestHandler = api(async ({ params, locals, request }) => {
	const { db } = await app();
	if (!(await mayActOnRoom(db, locals.user!, params.id)))
		return failureResponse(failure('notAllowed'), locals.locale);
	const body = await readJson(request, actionBody);
	// Once the action has committed, the room's consoles and the tablets it concerns read the new
	// state (push/room.ts).
	const r = await roomAction(db, params.id, locals.user!.id, body, Date.now(), (tablets, code) =>
		publishRoomChange(params.id, body.action, tablets, code)
	);
	if (!r.ok) return failureResponse(r, locals.locale);
	return json(r);
});
