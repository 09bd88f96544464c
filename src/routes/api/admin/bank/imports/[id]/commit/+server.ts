// One commit step; the page calls it until the status is 'done' and draws the progress bar.
import { json } from '@sveltejs/kit';
import { app } from '$lib/server/app';
import { api, apiError } from '$lib/server/http';
import { commitStep, getImport } from '$lib/server/bank/imports';
import { messages, fmt } from '$lib/i18n';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = api(async ({ params, locals }) => {
	const { db } = await app();
	const step = await commitStep(db, params.id, locals.user!.id);
	if (!step.ok) {
		const m = messages(locals.locale).bank.import;
		if (step.code === 'notFound') return apiError(404, 'notFound', m.notFound);
		// Nothing was written; 'bankChanged': the page analyses the file again and shows the report.
		return step.code === 'nothing'
			? apiError(409, 'nothing', m.nothing)
			: apiError(409, 'bankChanged', fmt(m.bankChanged, step.params ?? {}));
	}
	const error = step.status === 'failed' ? (await getImport(db, params.id))?.report?.error : undefined;
	return json({ status: step.status, written: step.written, total: step.total, error });
});
