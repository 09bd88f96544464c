import { json } from '@sveltejs/kit';
import { app } from '$lib/server/app';
import { devicePracticeBody, registerDevicePractice, startAttempt } from '$lib/server/attempts';
import { api, failureResponse, readOptionalJson } from '$lib/server/http';
import type { RequestHandler } from './$types';

/**
 * Starts (or resumes) the candidate's attempt; the role guard admits candidates only. With
 * a body, records a practice attempt the device drew itself from the cached public bank.
 */
export const POST: RequestHandler = api(async ({ params, locals, request }) => {
	const { db, secret } = await app();
	const userId = locals.user!.id;
	const drawn = await readOptionalJson(request, devicePracticeBody);
	const result = drawn
		? await registerDevicePractice(db, secret, { userId, roundId: params.id, body: drawn })
		: await startAttempt(db, secret, { userId, roundId: params.id });
	if (!result.ok) return failureResponse(result);
	const { ok: _ok, ...body } = result;
	return json(body, { status: result.resumed ? 200 : 201 });
});
