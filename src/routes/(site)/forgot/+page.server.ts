import { fail, redirect } from '@sveltejs/kit';
import { app } from '$lib/server/app';
import { formClientKey } from '$lib/server/client-address';
import { homeOf } from '$lib/server/auth';
import { smtpSender } from '$lib/server/mailer';
import { LINK_TTL_MS, requestEmailReset } from '$lib/server/reset';
import { linkBase, resetMail, resetMessage } from '$lib/server/reset-mail';
import { pageRefusal } from '$lib/server/http';
import { inEachLocale, messages } from '$lib/i18n';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
	if (locals.user) redirect(303, homeOf(locals.user.role));
	const { config } = await app();
	return { mailEnabled: config.mail !== null, minutes: LINK_TTL_MS / 60_000 };
};

export const actions: Actions = {
	default: async ({ request, locals, getClientAddress, setHeaders }) => {
		const { db, config } = await app();
		const login = String((await request.formData()).get('login') ?? '')
			.trim()
			.slice(0, 100);
		if (!config.mail)
			return fail(503, { login, message: inEachLocale((l) => messages(l).account.forgot.noMail) });
		if (!login) return fail(400, { login, message: inEachLocale((l) => resetMessage('required', l)) });
		const result = await requestEmailReset(db, {
			login,
			address: formClientKey({ getClientAddress, locals }),
			linkBase: linkBase(config),
			send: smtpSender(config.mail),
			mail: resetMail(locals.locale)
		});
		if (!result.ok) {
			const code = result.code;
			const { message, retryAfterS } = pageRefusal((l) => resetMessage(code, l), result.params, setHeaders);
			return fail(result.code === 'tooManyResets' ? 429 : 503, { login, message, retryAfterS });
		}
		return { login, sent: true };
	}
};
