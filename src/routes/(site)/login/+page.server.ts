import { fail, redirect } from '@sveltejs/kit';
import { app } from '$lib/server/app';
import { formClientKey } from '$lib/server/client-address';
import { homeOf, safeNext, sessionCookieOptions, SESSION_COOKIE, signIn } from '$lib/server/auth';
import { signInRefusal } from '$lib/server/login-messages';
import { retryAfterHeaders } from '$lib/server/http';
import { inEachLocale, messages } from '$lib/i18n';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals }) => {
	if (locals.user) redirect(303, homeOf(locals.user.role));
};

export const actions: Actions = {
	default: async ({ request, cookies, url, locals, getClientAddress, setHeaders }) => {
		const { db, config } = await app();
		const form = await request.formData();
		const login = String(form.get('login') ?? '').slice(0, 100);
		const password = String(form.get('password') ?? '').slice(0, 800);
		if (!login || !password)
			return fail(400, { login, message: inEachLocale((l) => messages(l).errors.badLogin) });
		const result = await signIn(db, config, {
			login,
			password,
			address: formClientKey({ getClientAddress, locals })
		});
		if (!result.ok) {
			const refusal = signInRefusal(result, locals.locale);
			// Read on the page answered without JavaScript; an enhanced form's answer is 200 JSON.
			setHeaders(retryAfterHeaders(refusal.retryAfterS));
			// In every language: the page switches language in place.
			const message = inEachLocale((l) => signInRefusal(result, l).message);
			return fail(refusal.status === 401 ? 400 : 429, { login, message });
		}
		cookies.set(SESSION_COOKIE, result.token, sessionCookieOptions(url.protocol === 'https:'));
		redirect(303, safeNext(url.searchParams.get('next')) ?? homeOf(result.user.role));
	}
};
