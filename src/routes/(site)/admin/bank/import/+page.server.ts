import { z } from 'zod';
import { app } from '$lib/server/app';
import { listPools, listTopics } from '$lib/server/bank/topics';
import { getImport, pendingImports } from '$lib/server/bank/imports';
import { lastDefaults } from '$lib/server/bank/import-memory';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ url, locals }) => {
	const { db } = await app();
	const id = z.uuid().safeParse(url.searchParams.get('id'));
	const [topics, pools] = await Promise.all([listTopics(db), listPools(db)]);
	// The page opens ready for a file that names nothing: the organiser's last choice, else
	// the first pool and topic and a medium difficulty, shown and changeable at file level.
	const last = locals.user ? await lastDefaults(db, locals.user.id) : null;
	const defaults = {
		poolId: pools.find((p) => p.id === last?.poolId)?.id ?? pools[0]?.id ?? null,
		topicId: topics.find((t) => t.id === last?.topicId)?.id ?? topics[0]?.id ?? null,
		difficulty: last?.difficulty ?? 2
	};
	return {
		topics,
		pools,
		defaults,
		pending: await pendingImports(db),
		current: id.success ? await getImport(db, id.data) : null
	};
};
