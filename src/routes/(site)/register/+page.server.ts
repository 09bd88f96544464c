import { fail, redirect } from '@sveltejs/kit';
import { app } from '$lib/server/app';
import { formClientKey } from '$lib/server/client-address';
import { fieldMessage, register, registrationInput } from '$lib/server/accounts';
import { createSession, sessionCookieOptions, SESSION_COOKIE } from '$lib/server/auth';
import { unitTree } from '$lib/server/contest';
import { pageRefusal } from '$lib/server/http';
import { inEachLocale, messages } from '$lib/i18n';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
	if (locals.user) redirect(303, '/');
	const { db } = await app();
	return { units: await unitTree(db) };
};

export const actions: Actions = {
	default: async ({ request, locals, cookies, url, getClientAddress, setHeaders }) => {
		const { db, config } = await app();
		const form = await request.formData();
		const get = (k: string) => String(form.get(k) ?? '');
		const raw = {
			fullName: get('fullName'),
			birthDate: get('birthDate'),
			gender: get('gender'),
			nationalId: get('nationalId'),
			phone: get('phone'),
			email: get('email'),
			address: get('address'),
			unitId: get('unitId'),
			password: get('password'),
			publishName: form.get('publishName') === 'on',
			guardian: {
				name: get('guardian.name'),
				phone: get('guardian.phone'),
				consent: form.get('guardian.consent') === 'on'
			}
		};
		const values = { ...raw, password: '' };
		const parsed = registrationInput.safeParse(raw);
		if (!parsed.success)
			return fail(400, { values, message: inEachLocale((l) => messages(l).errors.invalidBody), fields: {} });
		const result = await register(db, {
			input: parsed.data,
			address: formClientKey({ getClientAddress, locals }),
			limitPerHour: config.registrationsPerAddressPerHour,
			refusedPerHour: config.registrationRefusalsPerAddressPerHour,
			locale: locals.locale
		});
		if (!result.ok) {
			if (result.status === 429) {
				const code = result.code;
				const { message, retryAfterS } = pageRefusal(
					(l) => messages(l).errors[code],
					result.params,
					setHeaders
				);
				return fail(429, { values, message, retryAfterS, fields: {} });
			}
			// Each field's sentence in every language: the page switches language in place.
			const fields = Object.fromEntries(
				Object.entries(result.fields).map(([name, f]) => [
					name,
					{ code: f!.code, message: inEachLocale((l) => fieldMessage(f!.code, f!.params, l)) }
				])
			);
			return fail(422, { values, message: inEachLocale((l) => messages(l).register.fixErrors), fields });
		}
		// Signed in at once: the candidate just chose the password.
		const token = await createSession(db, result.userId);
		cookies.set(SESSION_COOKIE, token, sessionCookieOptions(url.protocol === 'https:'));
		redirect(303, '/dashboard');
	}
};
