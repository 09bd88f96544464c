// Language switch that works without JavaScript: set the cookie, go back.
import { redirect } from '@sveltejs/kit';
import { LOCALE_COOKIE, toLocale } from '$lib/i18n';
import { safeNext } from '$lib/server/auth';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = ({ url, cookies }) => {
	cookies.set(LOCALE_COOKIE, toLocale(url.searchParams.get('to')), {
		path: '/',
		maxAge: 31536000,
		httpOnly: false,
		sameSite: 'lax'
	});
	redirect(303, safeNext(url.searchParams.get('next')) ?? '/');
};
