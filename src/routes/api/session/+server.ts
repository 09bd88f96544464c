import { json } from '@sveltejs/kit';
import { z } from 'zod';
import { app } from '$lib/server/app';
import { clientKey } from '$lib/server/client-address';
import { deleteSession, sessionCookieOptions, SESSION_COOKIE, signIn } from '$lib/server/auth';
import { signInRefusal } from '$lib/server/login-messages';
import { api, apiError, readJson, retryAfterHeaders } from '$lib/server/http';
import type { RequestHandler } from './$types';

const body = z.object({ login: z.string().min(1).max(100), password: z.string().min(1).max(800) });

export const POST: RequestHandler = api(async ({ request, cookies, url, getClientAddress, locals }) => {
	const { db, config } = await app();
	const input = await readJson(request, body);
	const result = await signIn(db, config, { ...input, address: clientKey({ getClientAddress }) });
	if (!result.ok) {
		const r = signInRefusal(result, locals.locale);
		const wait = r.retryAfterS === undefined ? {} : { retryAfterS: r.retryAfterS };
		return apiError(r.status, r.code, r.message, wait, retryAfterHeaders(r.retryAfterS));
	}
	cookies.set(SESSION_COOKIE, result.token, sessionCookieOptions(url.protocol === 'https:'));
	return json({ user: result.user });
});

export const DELETE: RequestHandler = async ({ cookies }) => {
	const token = cookies.get(SESSION_COOKIE);
	if (token) await deleteSession((await app()).db, token);
	cookies.delete(SESSION_COOKIE, { path: '/' });
	return new Response(null, { status: 204 });
};
