// The contest's public pages (thể lệ, giải thưởng, lịch thi, liên hệ, hỏi đáp) that the
// organiser edits, and the final's venue address printed on admission tickets. Text is
// plain, with "## " headings and "- " bullets, so nothing the organiser types becomes HTML.
import { z } from 'zod';
import type { Db } from './db';
import { audit } from './audit';

import { isPageSlug, PAGE_SLUGS, type PageSlug } from '$lib/pages';

export { isPageSlug, PAGE_SLUGS, type PageSlug };

export interface SitePage {
	slug: PageSlug;
	title: string;
	body: string;
	updatedAt: number | null;
}

export async function getPage(db: Db, slug: PageSlug): Promise<SitePage> {
	const row = await db.selectFrom('site_page').selectAll().where('slug', '=', slug).executeTakeFirst();
	return row
		? { slug, title: row.title, body: row.body, updatedAt: Number(row.updated_at) }
		: { slug, title: '', body: '', updatedAt: null };
}

export async function allPages(db: Db): Promise<SitePage[]> {
	const rows = await db.selectFrom('site_page').selectAll().execute();
	return PAGE_SLUGS.map((slug) => {
		const r = rows.find((x) => x.slug === slug);
		return r
			? { slug, title: r.title, body: r.body, updatedAt: Number(r.updated_at) }
			: { slug, title: '', body: '', updatedAt: null };
	});
}

export const pageForm = z.object({
	slug: z.string().refine(isPageSlug),
	title: z.string().trim().max(200),
	body: z.string().max(20_000)
});

export async function savePage(
	db: Db,
	input: { slug: PageSlug; title: string; body: string },
	actorId: string,
	now = Date.now()
): Promise<void> {
	const values = { title: input.title, body: input.body, updated_at: now, updated_by: actorId };
	await db
		.insertInto('site_page')
		.values({ slug: input.slug, ...values })
		.onConflict((oc) => oc.column('slug').doUpdateSet(values))
		.execute();
	await audit(
		db,
		{ actorId, action: 'page.save', target: input.slug, detail: { length: input.body.length } },
		now
	);
}
