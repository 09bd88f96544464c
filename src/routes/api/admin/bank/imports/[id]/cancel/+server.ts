import { json } from '@sveltejs/kit';
import { app } from '$lib/server/app';
import { api } from '$lib/server/http';
import { cancelImport } from '$lib/server/bank/imports';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = api(async ({ params, locals }) => {
	const { db } = await app();
	await cancelImport(db, params.id, locals.user!.id);
	return json({ status: 'cancelled' });
});
