import { error } from '@sveltejs/kit';
import { app } from '$lib/server/app';
import { mayActOnRoom } from '$lib/server/venue-admin';
import { roomMinutesXlsx } from '$lib/server/venue-export';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ params, locals }) => {
	const { db } = await app();
	if (!(await mayActOnRoom(db, locals.user!, params.id)))
		error(403, 'Bạn không được phân công phòng thi này.');
	const file = await roomMinutesXlsx(db, params.id, Date.now(), locals.locale);
	if (!file) error(404, 'Không tìm thấy phòng thi.');
	return new Response(new Uint8Array(file), {
		headers: {
			'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
			'content-disposition': `attachment; filename="bien-ban-${params.id}.xlsx"`
		}
	});
};
