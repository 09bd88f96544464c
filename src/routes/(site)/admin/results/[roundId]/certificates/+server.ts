import { error } from '@sveltejs/kit';
import { app } from '$lib/server/app';
import { certificatesFor } from '$lib/server/results/certificates';
import type { RequestHandler } from './$types';
import { messages } from '$lib/i18n';

export const GET: RequestHandler = async ({ params, locals }) => {
	const { db } = await app();
	const pdf = await certificatesFor(db, params.roundId);
	if (!pdf) error(404, messages(locals.locale).errors.notFound);
	if (!Buffer.isBuffer(pdf)) error(409, messages(locals.locale).results.individual.certificatesAfterFinal);
	return new Response(new Uint8Array(pdf), {
		headers: {
			'content-type': 'application/pdf',
			'content-disposition': `attachment; filename="giay-chung-nhan-${params.roundId}.pdf"`,
			'cache-control': 'no-store'
		}
	});
};
