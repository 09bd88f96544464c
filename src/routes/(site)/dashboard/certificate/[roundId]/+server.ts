import { error } from '@sveltejs/kit';
import { app } from '$lib/server/app';
import { myCertificate } from '$lib/server/history-certificate';
import { retryAfterHeaders, wordRefusal } from '$lib/server/http';
import type { RequestHandler } from './$types';
import { messages } from '$lib/i18n';

/**
 * The signed-in candidate's own certificate, once the round is published and they won a prize.
 * Too many made in a minute: 429 with Retry-After and the catalogue's sentence.
 */
export const GET: RequestHandler = async ({ params, locals, setHeaders }) => {
	if (!locals.user) error(401, messages(locals.locale).errors.unauthenticated);
	const { db } = await app();
	const got = await myCertificate(db, params.roundId, locals.user.id);
	if (!got.ok) {
		const e = messages(locals.locale).errors;
		if (got.code === 'notFound') error(404, e.notFound);
		const { message, retryAfterS } = wordRefusal(e.tooManyCertificates, got.params, locals.locale);
		setHeaders(retryAfterHeaders(retryAfterS));
		error(429, message);
	}
	return new Response(new Uint8Array(got.pdf), {
		headers: {
			'content-type': 'application/pdf',
			'content-disposition': `attachment; filename="giay-chung-nhan-${params.roundId}.pdf"`
		}
	});
};
