import { fail } from '@sveltejs/kit';
import { app } from '$lib/server/app';
import { formClientKey } from '$lib/server/client-address';
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
		const words = messages(locals.locale);
		const l = words.candidate.lookup;
		// Each field refused by name, in the catalogue's words (not the browser's bubble).
		const fields: { key?: string; birthYear?: string } = {};
		if (!key.trim()) fields.key = words.errors.required;
		if (!birthYear.trim()) fields.birthYear = words.errors.required;
		else if (!/^\s*\d{4}\s*$/.test(birthYear)) fields.birthYear = l.badYear;
		if (fields.key || fields.birthYear) return fail(400, { key, birthYear, fields });
		const parsed = lookupForm.safeParse({ key, birthYear });
		if (!parsed.success) return fail(400, { key, birthYear, problem: l.notFound });
		const r = await lookupResult(db, parsed.data, formClientKey({ getClientAddress, locals }));
		if (!r.ok) {
			const { message } = pageRefusal(l[r.code], r.params, locals.locale, setHeaders);
			return fail(r.code === 'tooMany' ? 429 : 404, { key, birthYear, problem: message });
		}
		return { key, birthYear, rows: r.rows };
	}
};
