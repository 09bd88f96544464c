import { json } from '@sveltejs/kit';
import { app } from '$lib/server/app';
import { enrolBody, enrolDevice } from '$lib/server/venue';
import { api, failureResponse, readJson } from '$lib/server/http';
import type { RequestHandler } from './$types';

/** A tablet joins a room with the code the proctor console shows; it then waits for approval. */
export const POST: RequestHandler = api(async ({ request, locals }) => {
	const { tabletDb: db, secret } = await app();
	const r = await enrolDevice(db, secret, await readJson(request, enrolBody));
	if (!r.ok) return failureResponse(r, locals.locale);
	return json(
		{ roomId: r.roomId, roomName: r.roomName, deviceId: r.deviceId, token: r.token },
		{ status: 201 }
	);
});
