// The organiser's assisted reset: find the caller's account, check them by phone, issue a code.
import { fail } from '@sveltejs/kit';
import { app } from '$lib/server/app';
import { CODE_TTL_MS, findAccount, issueCode } from '$lib/server/reset';
import { messages } from '$lib/i18n';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ url }) => {
	const login = (url.searchParams.get('login') ?? '').trim().slice(0, 100);
	const minutes = CODE_TTL_MS / 60_000;
	if (!login) return { login, account: null, searched: false, minutes };
	const { db } = await app();
	const account = await findAccount(db, login);
	return { login, account: account?.role === 'organiser' ? null : account, searched: true, minutes };
};

export const actions: Actions = {
	issue: async ({ request, locals }) => {
		const { db } = await app();
		const form = await request.formData();
		const login = String(form.get('login') ?? '').slice(0, 100);
		const a = messages(locals.locale).account;
		const account = await findAccount(db, login);
		// Organisers reset their own passwords from the server (npm run admin:create).
		if (!account || account.role === 'organiser')
			return fail(404, { message: a.assist.notFound, issued: null });
		if (form.get('confirm') !== 'on') return fail(400, { message: a.assist.mustConfirm, issued: null });
		const { code, expiresAt } = await issueCode(db, { userId: account.id, actorId: locals.user!.id });
		return { message: null, issued: { code, expiresAt, name: account.fullName } };
	}
};
