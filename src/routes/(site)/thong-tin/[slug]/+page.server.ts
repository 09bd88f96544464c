import { error } from '@sveltejs/kit';
import { app } from '$lib/server/app';
import { getPage } from '$lib/server/pages';
import { isPublicPage, blocks } from '$lib/pages';
import { currentContest, listRounds } from '$lib/server/contest';
import { messages } from '$lib/i18n';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params, locals }) => {
	if (!isPublicPage(params.slug)) error(404, messages(locals.locale).errors.notFound);
	const { db } = await app();
	const page = await getPage(db, params.slug);
	const contest = params.slug === 'lich-thi' ? await currentContest(db) : undefined;
	const rounds = contest ? await listRounds(db, contest.id) : [];
	return {
		slug: params.slug,
		title: page.title,
		blocks: blocks(page.body),
		updatedAt: page.updatedAt,
		rounds: rounds.map((r) => ({
			id: r.id,
			name: r.name,
			kind: r.kind,
			opensAt: r.opens_at,
			closesAt: r.closes_at
		}))
	};
};
