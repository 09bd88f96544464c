import { app } from '$lib/server/app';
import { exportBank } from '$lib/server/bank/export';
import { vietnamDate } from '$lib/exam/eligibility';
import { fmt, messages } from '$lib/i18n';
import type { RequestHandler } from './$types';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export const GET: RequestHandler = async ({ locals }) => {
	const { db } = await app();
	const words = messages(locals.locale).bank;
	const file = await exportBank(db, locals.user!.id, words);
	const name = fmt(words.sheet.exportFile, { date: vietnamDate(Date.now()) });
	return new Response(new Uint8Array(file), {
		headers: {
			'content-type': XLSX,
			'content-disposition': `attachment; filename="${name}.xlsx"`,
			'cache-control': 'no-store'
		}
	});
};
