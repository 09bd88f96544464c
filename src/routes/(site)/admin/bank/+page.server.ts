import { z } from 'zod';
import { app } from '$lib/server/app';
import { searchQuestions } from '$lib/server/bank/questions';
import { listPools, listTopics } from '$lib/server/bank/topics';
import type { PageServerLoad } from './$types';

const filter = z.object({
	// Over-long filters (a hand-edited URL) are cut, not an error.
	q: z
		.string()
		.transform((v) => v.slice(0, 200))
		.optional(),
	topic: z.string().max(60).optional().catch(undefined),
	difficulty: z.coerce.number().int().min(1).max(3).optional().catch(undefined),
	pool: z.string().max(60).optional().catch(undefined),
	status: z.enum(['active', 'retired']).optional().catch(undefined),
	page: z.coerce.number().int().min(1).max(100000).optional().catch(undefined)
});

export const load: PageServerLoad = async ({ url }) => {
	const { db } = await app();
	const raw = Object.fromEntries([...url.searchParams].filter(([, v]) => v !== ''));
	const f = filter.parse(raw);
	const [result, topics, pools] = await Promise.all([searchQuestions(db, f), listTopics(db), listPools(db)]);
	return { filter: f, result, topics, pools };
};
