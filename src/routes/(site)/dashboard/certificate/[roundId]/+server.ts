import { error } from '@sveltejs/kit';
import { app } from '$lib/server/app';
import { myCertificate } from '$lib/server/history-certificate';
import type { RequestHandler } from './$types';
import { messages } from '$lib/i18n';

/** The signed-in candidate's own certificate, once the round is published and they won a prize. */
export const GET: RequestHandler = async ({ params, locals }) => {
	if (!locals.user) error(401, messages(locals.locale).errors.unauthenticated);
	const { db } = await app();
	const pdf = await myCertificate(db, params.roundId, locals.user.id);
	if (!pdf) error(404, messages(locals.locale).errors.notFound);
	return new Response(new Uint8Array(pdf), {
		headers: {
			'content-type': 'application/pdf',
			'content-disposition': `attachment; filename="giay-chung-nhan-${params.roundId}.pdf"`
		}
	});
};
