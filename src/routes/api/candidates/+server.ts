import { json } from '@sveltejs/kit';
import { app } from '$lib/server/app';
import { register, registrationInput } from '$lib/server/accounts';
import { api, apiError, readJson } from '$lib/server/http';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = api(async ({ request, getClientAddress }) => {
	const { db, config } = await app();
	const input = await readJson(request, registrationInput);
	const result = await register(db, {
		input,
		address: getClientAddress(),
		limitPerHour: config.registrationsPerAddressPerHour
	});
	if (result.ok) return json({ id: result.userId }, { status: 201 });
	if (result.status === 429) return apiError(429, result.code);
	return apiError(422, 'invalidFields', 'Thông tin đăng ký chưa hợp lệ.', { fields: result.fields });
});
