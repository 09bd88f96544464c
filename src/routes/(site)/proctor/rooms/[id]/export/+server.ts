import { error } from '@sveltejs/kit';
import { app } from '$lib/server/app';
import { mayActOnRoom, roomMinutesXlsx } from '$lib/server/venue';
import { messages } from '$lib/i18n';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ params, locals }) => {
	const { db } = await app();
	const m = messages(locals.locale).api;
	if (!(await mayActOnRoom(db, locals.user!, params.id))) error(403, m.notAssigned);
	const file = await roomMinutesXlsx(db, params.id, Date.now(), locals.locale);
	if (!file) error(404, m.roomNotFound);
	return new Response(new Uint8Array(file), {
		headers: {
			'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
			'content-disposition': `attachment; filename="bien-ban-${params.id}.xlsx"`
		}
	});
};
