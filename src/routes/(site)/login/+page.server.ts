import { fail, redirect } from '@sveltejs/kit';
import { app } from '$lib/server/app';
import { homeOf, safeNext, sessionCookieOptions, SESSION_COOKIE, signIn } from '$lib/server/auth';
import { fmt, messages } from '$lib/i18n';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, url }) => {
	if (locals.user) redirect(303, homeOf(locals.user.role));
	return { registered: url.searchParams.has('registered') };
};

export const actions: Actions = {
	default: async ({ request, cookies, url, locals, getClientAddress }) => {
		const { db, config } = await app();
		const form = await request.formData();
		const login = String(form.get('login') ?? '').slice(0, 100);
		const password = String(form.get('password') ?? '').slice(0, 800);
		const e = messages(locals.locale).errors;
		if (!login || !password) return fail(400, { login, message: e.badLogin });
		const result = await signIn(db, config, { login, password, address: getClientAddress() });
		if (!result.ok) {
			const message =
				result.reason === 'lockedAccount'
					? fmt(e.lockedAccount, { minutes: Math.max(1, Math.ceil(result.retryAfterMs / 60000)) })
					: e[result.reason];
			return fail(result.reason === 'badLogin' ? 400 : 429, { login, message });
		}
		cookies.set(SESSION_COOKIE, result.token, sessionCookieOptions(url.protocol === 'https:'));
		redirect(303, safeNext(url.searchParams.get('next')) ?? homeOf(result.user.role));
	}
};
