import { json } from '@sveltejs/kit';
import { app } from '$lib/server/app';
import { eventBatch, ingestBatch, MAX_BATCH_BYTES } from '$lib/server/attempts';
import { authoriseAttempt, speaksFor } from '$lib/server/access';
import { api, apiError, failureResponse, readJson } from '$lib/server/http';
import { bearer, readToken } from '$lib/server/tokens';
import type { RequestHandler } from './$types';

/** The sync batch (DESIGN.md "Sync contract"); an empty batch is a heartbeat. */
export const POST: RequestHandler = api(async ({ params, request }) => {
	const { db, secret } = await app();
	const claims = readToken(secret, bearer(request));
	const allowed = await authoriseAttempt(db, claims, params.id);
	if (allowed !== true) return failureResponse(allowed);
	const batch = await readJson(request, eventBatch);
	if (JSON.stringify(batch.events).length > MAX_BATCH_BYTES) {
		return apiError(413, 'batchTooLarge', 'Lô câu trả lời quá lớn (tối đa 64 KB).');
	}
	const own = speaksFor(claims!, batch.deviceId);
	if (own !== true) return failureResponse(own);
	const result = await ingestBatch(db, params.id, batch);
	if (!result.ok) return failureResponse(result);
	return json({ acked: result.acked, state: result.state, now: result.now });
});
