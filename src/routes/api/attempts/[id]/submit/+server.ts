import { json } from '@sveltejs/kit';
import { postSubmit } from '$lib/server/fast-path';
import { api, readJson } from '$lib/server/http';
import type { RequestHandler } from './$types';

/** The candidate's submit (DESIGN.md "Sync contract"). Also served by server/index.js. */
export const POST: RequestHandler = api(async ({ params, request, locals }) => {
	const a = await postSubmit(
		params.id,
		request.headers.get('authorization'),
		(s) => readJson(request, s),
		locals.locale
	);
	return json(a.body, { status: a.status });
});
