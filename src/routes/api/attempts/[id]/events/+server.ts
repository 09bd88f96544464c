import { json } from '@sveltejs/kit';
import { postEvents } from '$lib/server/fast-path';
import { api, readJson } from '$lib/server/http';
import type { RequestHandler } from './$types';

/** The sync batch (DESIGN.md "Sync contract"); an empty batch is a heartbeat. Also served by server/index.js. */
export const POST: RequestHandler = api(async ({ params, request, locals }) => {
	const a = await postEvents(
		params.id,
		request.headers.get('authorization'),
		(s) => readJson(request, s),
		locals.locale
	);
	return json(a.body, { status: a.status });
});
