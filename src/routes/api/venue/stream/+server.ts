import { app } from '$lib/server/app';
import { failureResponse } from '$lib/server/http';
import { noteConcerns, pushBus, roomTopic } from '$lib/server/push/room';
import { sseResponse } from '$lib/server/push';
import { holdTablet } from '$lib/server/push/streams';
import { bearer, readToken } from '$lib/server/tokens';
import { streamDeviceOf } from '$lib/server/venue/shared';
import type { RequestHandler } from './$types';

/**
 * An approved tablet's push channel (server-sent events): `change` whenever its room's state
 * changes in a way that concerns it (push/room.ts `noteConcerns`); the tablet then heartbeats at
 * once to read it. The device token comes as a Bearer
 * header only (a token in the URL would land in proxies' logs). One device holds at most two
 * streams (a newer one closes the oldest), and a stream ends when the tablet is wiped
 * (push/streams.ts).
 */
export const GET: RequestHandler = async ({ request, locals }) => {
	const { tabletDb: db, secret } = await app();
	const device = await streamDeviceOf(db, readToken(secret, bearer(request)));
	if ('ok' in device) return failureResponse(device, locals.locale);
	return sseResponse(await pushBus(), roomTopic(device.room_id), {
		signal: request.signal,
		accepts: (data) => noteConcerns(data, device.id),
		hold: holdTablet(device.id, device.room_id)
	});
};
