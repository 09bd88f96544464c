import { fail } from '@sveltejs/kit';
import { app } from '$lib/server/app';
import { allPages, pageForm, savePage } from '$lib/server/pages';
import { messages } from '$lib/i18n';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async () => {
	const { db } = await app();
	return { pages: await allPages(db) };
};

export const actions: Actions = {
	save: async ({ request, locals }) => {
		const { db } = await app();
		const form = await request.formData();
		const parsed = pageForm.safeParse({
			slug: form.get('slug'),
			title: form.get('title') ?? '',
			body: form.get('body') ?? ''
		});
		if (!parsed.success)
			return fail(400, {
				slug: String(form.get('slug') ?? ''),
				problem: messages(locals.locale).candidate.pages.tooLong
			});
		await savePage(db, parsed.data, locals.user!.id);
		return { saved: parsed.data.slug };
	}
};
