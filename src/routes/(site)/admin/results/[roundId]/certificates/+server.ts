import { error } from '@sveltejs/kit';
import { app } from '$lib/server/app';
import { certificatesFor } from '$lib/server/results/certificates';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ params }) => {
	const { db } = await app();
	const pdf = await certificatesFor(db, params.roundId);
	if (!pdf) error(404);
	return new Response(new Uint8Array(pdf), {
		headers: {
			'content-type': 'application/pdf',
			'content-disposition': `attachment; filename="giay-chung-nhan-${params.roundId}.pdf"`,
			'cache-control': 'no-store'
		}
	});
};
