import { app } from '$lib/server/app';
import { roundTickets } from '$lib/server/venue/tickets';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async () => {
	const { db } = await app();
	const final = await db
		.selectFrom('round')
		.select(['id', 'name'])
		.where('kind', '=', 'final')
		.orderBy('opens_at', 'desc')
		.executeTakeFirst();
	return { final: final ?? null, tickets: final ? await roundTickets(db, final.id) : [] };
};
