import { app } from '$lib/server/app';
import { publishedRounds } from '$lib/server/results/publication';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async () => {
	const { db } = await app();
	const rounds = await publishedRounds(db);
	return {
		rounds: rounds.map((r) => ({ id: r.id, name: r.name, kind: r.kind, publishedAt: r.publishedAt }))
	};
};
