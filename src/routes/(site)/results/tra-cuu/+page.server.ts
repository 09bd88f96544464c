import { fail } from '@sveltejs/kit';
import { app } from '$lib/server/app';
import { lookupForm, lookupResult } from '$lib/server/lookup';
import { pageRefusal } from '$lib/server/http';
import { messages } from '$lib/i18n';
import type { Actions } from './$types';

export const actions: Actions = {
	default: async ({ request, locals, getClientAddress, setHeaders }) => {
		const { db } = await app();
		const form = await request.formData();
		const key = String(form.get('key') ?? '');
		const birthYear = String(form.get('birthYear') ?? '');
		const l = messages(locals.locale).candidate.lookup;
		const parsed = lookupForm.safeParse({ key, birthYear });
		if (!parsed.success) return fail(400, { key, birthYear, problem: l.notFound });
		const r = await lookupResult(db, parsed.data, getClientAddress());
		if (!r.ok) {
			const { message } = pageRefusal(l[r.code], r.params, locals.locale, setHeaders);
			return fail(r.code === 'tooMany' ? 429 : 404, { key, birthYear, problem: message });
		}
		return { key, birthYear, rows: r.rows };
	}
};
