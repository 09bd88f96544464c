import { app } from '$lib/server/app';
import { roomsFor } from '$lib/server/venue';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
	const { db } = await app();
	return { rooms: await roomsFor(db, locals.user!) };
};
