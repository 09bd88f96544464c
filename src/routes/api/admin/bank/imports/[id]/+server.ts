import { json } from '@sveltejs/kit';
import { app } from '$lib/server/app';
import { api, apiError } from '$lib/server/http';
import { getImport } from '$lib/server/bank/imports';
import { messages } from '$lib/i18n';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = api(async ({ params, locals }) => {
	const { db } = await app();
	const view = await getImport(db, params.id);
	return view
		? json({ import: view })
		: apiError(404, 'notFound', messages(locals.locale).bank.import.notFound);
});
