import { fail } from '@sveltejs/kit';
import { app } from '$lib/server/app';
import { formClientKey } from '$lib/server/client-address';
import { lookupForm, lookupResult } from '$lib/server/lookup';
import { pageRefusal } from '$lib/server/http';
import { inEachLocale, messages, type Worded } from '$lib/i18n';
import type { Actions } from './$types';

export const actions: Actions = {
	default: async ({ request, getClientAddress, locals, setHeaders }) => {
		const { db } = await app();
		const form = await request.formData();
		const key = String(form.get('key') ?? '');
		const birthYear = String(form.get('birthYear') ?? '');
		// Each field refused by name, in the catalogue's words (not the browser's bubble), in every
		// language: the page switches language in place.
		const required = inEachLocale((l) => messages(l).errors.required);
		const fields: { key?: Worded; birthYear?: Worded } = {};
		if (!key.trim()) fields.key = required;
		if (!birthYear.trim()) fields.birthYear = required;
		else if (!/^\s*\d{4}\s*$/.test(birthYear))
			fields.birthYear = inEachLocale((l) => messages(l).candidate.lookup.badYear);
		if (fields.key || fields.birthYear) return fail(400, { key, birthYear, fields });
		const parsed = lookupForm.safeParse({ key, birthYear });
		if (!parsed.success)
			return fail(400, {
				key,
				birthYear,
				problem: inEachLocale((l) => messages(l).candidate.lookup.notFound)
			});
		const r = await lookupResult(db, parsed.data, formClientKey({ getClientAddress, locals }));
		if (!r.ok) {
			const code = r.code;
			const { message } = pageRefusal(
				(locale) => messages(locale).candidate.lookup[code],
				r.params,
				setHeaders
			);
			return fail(r.code === 'tooMany' ? 429 : 404, { key, birthYear, problem: message });
		}
		return { key, birthYear, rows: r.rows };
	}
};
