import { error } from '@sveltejs/kit';
import { app } from '$lib/server/app';
import { mayActOnRoom } from '$lib/server/venue';
import { messages } from '$lib/i18n';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params, locals }) => {
	const { db } = await app();
	if (!(await mayActOnRoom(db, locals.user!, params.id)))
		error(403, messages(locals.locale).venue.forbiddenRoom);
	return { roomId: params.id };
};
