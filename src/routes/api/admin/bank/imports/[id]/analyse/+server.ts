import { json } from '@sveltejs/kit';
import { app } from '$lib/server/app';
import { api, apiError } from '$lib/server/http';
import { analyseImport } from '$lib/server/bank/imports';
import { BankError } from '$lib/server/bank/errors';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = api(async ({ params }) => {
	const { db } = await app();
	try {
		return json({ import: await analyseImport(db, params.id) });
	} catch (e) {
		if (e instanceof BankError)
			return apiError(404, 'notFound', 'Không tìm thấy lần nhập này hoặc tệp đã được kiểm tra.');
		throw e;
	}
});
