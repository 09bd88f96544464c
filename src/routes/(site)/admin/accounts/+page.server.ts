// The organiser's help with someone else's account (a candidate's or a proctor's): find it, check
// the caller by phone, issue a reset code; disable the account or enable it again.
import { fail } from '@sveltejs/kit';
import { app } from '$lib/server/app';
import { CODE_TTL_MS, issueCode } from '$lib/server/reset';
import { lookUpForAssist, setAccountDisabled } from '$lib/server/account-admin';
import { messages } from '$lib/i18n';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

export const load: PageServerLoad = async ({ url }) => {
	const login = (url.searchParams.get('login') ?? '').trim().slice(0, 100);
	const minutes = CODE_TTL_MS / 60_000;
	if (!login) return { login, account: null, organiserPhone: null, searched: false, minutes };
	const { db } = await app();
	const found = await lookUpForAssist(db, login);
	return {
		login,
		account: found.kind === 'account' ? found.account : null,
		// An organiser's account is set on the server; the page says how, and shows nothing else of it.
		organiserPhone: found.kind === 'organiser' ? (found.phone ?? '') : null,
		searched: true,
		minutes
	};
};

/** The account the form's login names, or the page's refusal for it. */
async function formAccount({ request, locals }: RequestEvent) {
	const { db } = await app();
	const form = await request.formData();
	const login = String(form.get('login') ?? '').slice(0, 100);
	const a = messages(locals.locale).account.assist;
	const found = await lookUpForAssist(db, login);
	// Organisers' passwords are set from the server (npm run admin:password), and their accounts
	// are not disabled from the web: a stolen organiser session must not shut out the others.
	if (found.kind === 'organiser')
		return { refused: fail(403, { message: a.organiserRefused, issued: null }) };
	if (found.kind === 'none') return { refused: fail(404, { message: a.notFound, issued: null }) };
	return { db, form, account: found.account, a };
}

/** Disables or enables the account the form names; its sessions end when it is disabled. */
async function setDisabled(event: RequestEvent, disabled: boolean) {
	const found = await formAccount(event);
	if ('refused' in found) return found.refused;
	const { db, form, account, a } = found;
	if (disabled && form.get('confirm') !== 'on')
		return fail(400, { message: a.mustConfirmDisable, issued: null });
	const result = await setAccountDisabled(db, {
		actorId: event.locals.user!.id,
		userId: account.id,
		disabled
	});
	if (!result.ok)
		return fail(result.code === 'notFound' ? 404 : 409, { message: a[result.code], issued: null });
	return { message: null, issued: null, changed: { name: account.fullName, disabled } };
}

export const actions: Actions = {
	issue: async (event) => {
		const found = await formAccount(event);
		if ('refused' in found) return found.refused;
		const { db, form, account, a } = found;
		if (form.get('confirm') !== 'on') return fail(400, { message: a.mustConfirm, issued: null });
		const { code, expiresAt } = await issueCode(db, { userId: account.id, actorId: event.locals.user!.id });
		return { message: null, issued: { code, expiresAt, name: account.fullName } };
	},
	disable: (event) => setDisabled(event, true),
	enable: (event) => setDisabled(event, false)
};
