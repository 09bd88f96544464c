import { app } from '$lib/server/app';
import { failureResponse } from '$lib/server/http';
import { pushBus, roomTopic } from '$lib/server/push/room';
import { sseResponse } from '$lib/server/push';
import { readToken } from '$lib/server/tokens';
import { deviceOf } from '$lib/server/venue/shared';
import type { RequestHandler } from './$types';

/**
 * A tablet's push channel (server-sent events): `change` whenever its room's state changes;
 * the tablet then heartbeats at once to read it. The device token comes as a Bearer header
 * (fetch-based readers) or `?token=` (EventSource cannot set headers).
 */
export const GET: RequestHandler = async ({ request, url, locals }) => {
	const { tabletDb: db, secret } = await app();
	const header = request.headers.get('authorization');
	const token = header?.startsWith('Bearer ') ? header.slice(7).trim() : url.searchParams.get('token');
	const device = await deviceOf(db, readToken(secret, token));
	if ('ok' in device) return failureResponse(device, locals.locale);
	return sseResponse(await pushBus(), roomTopic(device.room_id), { signal: request.signal });
};
