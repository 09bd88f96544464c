// One commit step; the page calls it until the status is 'done' and draws the progress bar.
import { json } from '@sveltejs/kit';
import { app } from '$lib/server/app';
import { api, apiError } from '$lib/server/http';
import { commitStep, getImport } from '$lib/server/bank/imports';
import { BankError } from '$lib/server/bank/errors';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = api(async ({ params, locals }) => {
	const { db } = await app();
	try {
		const progress = await commitStep(db, params.id, locals.user!.id);
		const error = progress.status === 'failed' ? (await getImport(db, params.id))?.report?.error : undefined;
		return json({ ...progress, error });
	} catch (e) {
		if (e instanceof BankError)
			return apiError(e.code === 'nothing' ? 409 : 404, e.code, 'Không có câu hỏi nào để nhập.');
		throw e;
	}
});
