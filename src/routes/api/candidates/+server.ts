import { json } from '@sveltejs/kit';
import { app } from '$lib/server/app';
import { clientKey } from '$lib/server/client-address';
import { register, registrationInput } from '$lib/server/accounts';
import { api, apiError, failureResponse, readJson } from '$lib/server/http';
import { failure } from '$lib/server/failure';
import { messages } from '$lib/i18n';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = api(async ({ request, getClientAddress, locals }) => {
	const { db, config } = await app();
	const input = await readJson(request, registrationInput);
	const result = await register(db, {
		input,
		address: clientKey({ getClientAddress }),
		limitPerHour: config.registrationsPerAddressPerHour,
		refusedPerHour: config.registrationRefusalsPerAddressPerHour,
		locale: locals.locale
	});
	if (result.ok) return json({ id: result.userId }, { status: 201 });
	if (result.status === 429) return failureResponse(failure(result.code, result.params), locals.locale);
	// Each field's code and sentence, worded by accounts.ts.
	const fields = Object.fromEntries(
		Object.entries(result.fields).map(([name, f]) => [name, { code: f!.code, message: f!.message }])
	);
	return apiError(422, 'invalidFields', messages(locals.locale).api.invalidFields, { fields });
});
