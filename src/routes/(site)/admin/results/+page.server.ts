import { app } from '$lib/server/app';
import { resultRounds } from '$lib/server/results/publication';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async () => {
	const { db } = await app();
	return { rounds: await resultRounds(db) };
};
