import { app } from '$lib/server/app';
import { venueOverview } from '$lib/server/venue-admin';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async () => {
	const { db } = await app();
	const final = await db
		.selectFrom('round')
		.select(['id', 'name'])
		.where('kind', '=', 'final')
		.orderBy('opens_at', 'desc')
		.executeTakeFirst();
	return { final: final ?? null, overview: final ? await venueOverview(db, final.id) : null };
};
