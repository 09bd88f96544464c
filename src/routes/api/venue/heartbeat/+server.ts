import { json } from '@sveltejs/kit';
import { postHeartbeat } from '$lib/server/fast-path';
import { api, readJson } from '$lib/server/http';
import type { RequestHandler } from './$types';

/** Every 1–2 s from a tablet: its readiness and progress in, the room's state out. Also served by server/index.js. */
export const POST: RequestHandler = api(async ({ request, locals }) => {
	const a = await postHeartbeat(
		request.headers.get('authorization'),
		(s) => readJson(request, s),
		locals.locale
	);
	return json(a.body, { status: a.status });
});
