import { fail, redirect } from '@sveltejs/kit';
import { app } from '$lib/server/app';
import { formClientKey } from '$lib/server/client-address';
import { createSession, homeOf, sessionCookieOptions, SESSION_COOKIE } from '$lib/server/auth';
import { linkIsLive, resetWithCode, resetWithLink } from '$lib/server/reset';
import { resetMessage } from '$lib/server/reset-mail';
import { pageRefusal } from '$lib/server/http';
import { inEachLocale, messages, type Worded } from '$lib/i18n';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ url }) => {
	const token = url.searchParams.get('token');
	if (token === null) return { token: null, live: true };
	const { db } = await app();
	return { token, live: await linkIsLive(db, token) };
};

export const actions: Actions = {
	default: async ({ request, locals, cookies, url, getClientAddress, setHeaders }) => {
		const { db } = await app();
		const form = await request.formData();
		const get = (k: string, max: number) => String(form.get(k) ?? '').slice(0, max);
		const token = get('token', 200);
		const password = get('password', 800);
		const login = get('login', 100);
		const resetCode = get('code', 40);
		// An empty field is refused by name, in the catalogue's words and in every language (the
		// page switches language in place), as on /register and /results/tra-cuu: not as a wrong
		// code, and not counted against the address as one.
		const required = inEachLocale((l) => messages(l).errors.required);
		const fields: { login?: Worded; code?: Worded; password?: Worded } = {};
		if (!token && !login.trim()) fields.login = required;
		if (!token && !resetCode.trim()) fields.code = required;
		if (!password) fields.password = required;
		if (fields.login || fields.code || fields.password) return fail(400, { login, fields });
		const address = formClientKey({ getClientAddress, locals });
		const result = token
			? await resetWithLink(db, { token, password, address })
			: await resetWithCode(db, { login, code: resetCode, password, address });
		if (!result.ok) {
			const code = result.code;
			const { message, retryAfterS } = pageRefusal((l) => resetMessage(code, l), result.params, setHeaders);
			return fail(result.code === 'tooManyResets' || result.code === 'busy' ? 429 : 400, {
				login,
				code: result.code,
				message,
				retryAfterS
			});
		}
		const user = await db
			.selectFrom('app_user')
			.select('role')
			.where('id', '=', result.userId)
			.executeTakeFirstOrThrow();
		const session = await createSession(db, result.userId);
		cookies.set(SESSION_COOKIE, session, sessionCookieOptions(url.protocol === 'https:'));
		redirect(303, `${homeOf(user.role)}`);
	}
};
