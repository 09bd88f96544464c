import { json } from '@sveltejs/kit';
import { z } from 'zod';
import { app } from '$lib/server/app';
import { deleteSession, sessionCookieOptions, SESSION_COOKIE, signIn } from '$lib/server/auth';
import { api, apiError, readJson } from '$lib/server/http';
import { fmt, messages } from '$lib/i18n';
import type { RequestHandler } from './$types';

const body = z.object({ login: z.string().min(1).max(100), password: z.string().min(1).max(800) });

export const POST: RequestHandler = api(async ({ request, cookies, url, getClientAddress }) => {
	const { db, config } = await app();
	const input = await readJson(request, body);
	const result = await signIn(db, config, { ...input, address: getClientAddress() });
	if (!result.ok) {
		if (result.reason === 'lockedAccount') {
			const minutes = Math.max(1, Math.ceil(result.retryAfterMs / 60000));
			return apiError(429, 'lockedAccount', fmt(messages('vi').errors.lockedAccount, { minutes }), {
				retryAfterS: Math.ceil(result.retryAfterMs / 1000)
			});
		}
		return apiError(result.reason === 'badLogin' ? 401 : 429, result.reason);
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
