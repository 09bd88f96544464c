import { json } from '@sveltejs/kit';
import { z } from 'zod';
import { app } from '$lib/server/app';
import { devicePracticeBody, registerDevicePractice, startAttempt, startBody } from '$lib/server/attempts';
import { api, failureResponse, readOptionalJson } from '$lib/server/http';
import type { RequestHandler } from './$types';

const body = z.union([startBody, devicePracticeBody]);

/**
 * Starts (or resumes) the candidate's attempt; the role guard admits candidates only. The
 * body names the device the returned token speaks for (`{deviceId}`); without one the
 * server makes one up and returns it as `deviceId`. With a drawn paper, records a practice
 * attempt the device drew itself from the cached public bank.
 */
export const POST: RequestHandler = api(async ({ params, locals, request }) => {
	const { db, secret } = await app();
	const userId = locals.user!.id;
	const given = await readOptionalJson(request, body);
	const result =
		given && 'attemptId' in given
			? await registerDevicePractice(db, secret, { userId, roundId: params.id, body: given })
			: await startAttempt(db, secret, { userId, roundId: params.id, deviceId: given?.deviceId });
	if (!result.ok) return failureResponse(result, locals.locale);
	const { ok: _ok, ...rest } = result;
	return json(rest, { status: result.resumed ? 200 : 201 });
});
