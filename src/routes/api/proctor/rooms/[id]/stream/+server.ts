import { app } from '$lib/server/app';
import { failureResponse } from '$lib/server/http';
import { pushBus, roomTopic } from '$lib/server/push/room';
import { sseResponse } from '$lib/server/push';
import { holdConsole } from '$lib/server/push/streams';
import { SESSION_COOKIE } from '$lib/server/auth';
import { mayActOnRoom } from '$lib/server/venue';
import { failure } from '$lib/server/failure';
import type { RequestHandler } from './$types';

/**
 * The console's push channel (server-sent events): `change` whenever the room's state changes.
 * One session holds at most five streams (a newer one closes the oldest), and a stream ends
 * when its session is signed out or its proctor leaves the room (push/streams.ts).
 */
export const GET: RequestHandler = async ({ params, locals, request, cookies }) => {
	const { db } = await app();
	const session = cookies.get(SESSION_COOKIE);
	if (!session || !(await mayActOnRoom(db, locals.user!, params.id)))
		return failureResponse(failure('notAllowed'), locals.locale);
	return sseResponse(await pushBus(), roomTopic(params.id), {
		signal: request.signal,
		hold: holdConsole(session, params.id)
	});
};
