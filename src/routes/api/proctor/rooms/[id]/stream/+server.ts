import { app } from '$lib/server/app';
import { failureResponse } from '$lib/server/http';
import { pushBus, roomTopic } from '$lib/server/push/room';
import { sseResponse } from '$lib/server/push';
import { mayActOnRoom } from '$lib/server/venue';
import { failure } from '$lib/server/failure';
import type { RequestHandler } from './$types';

/** The console's push channel (server-sent events): `change` whenever the room's state changes. */
export const GET: RequestHandler = async ({ params, locals, request }) => {
	const { db } = await app();
	if (!(await mayActOnRoom(db, locals.user!, params.id)))
		return failureResponse(failure('notAllowed'), locals.locale);
	return sseResponse(await pushBus(), roomTopic(params.id), { signal: request.signal });
};
