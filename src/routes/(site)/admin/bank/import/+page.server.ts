import { z } from 'zod';
import { app } from '$lib/server/app';
import { listPools, listTopics } from '$lib/server/bank/questions';
import { getImport, pendingImports } from '$lib/server/bank/imports';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ url }) => {
	const { db } = await app();
	const id = z.uuid().safeParse(url.searchParams.get('id'));
	return {
		topics: await listTopics(db),
		pools: await listPools(db),
		pending: await pendingImports(db),
		current: id.success ? await getImport(db, id.data) : null
	};
};
