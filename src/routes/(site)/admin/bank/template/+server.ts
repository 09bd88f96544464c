// The import template, in the organiser's language (either language's template imports).
import { app } from '$lib/server/app';
import { bankTemplate, templateCsv } from '$lib/server/bank/export';
import { messages } from '$lib/i18n';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ url, locals }) => {
	const words = messages(locals.locale).bank;
	const name = words.sheet.templateFile;
	if (url.searchParams.get('format') === 'csv') {
		return new Response(templateCsv(words), {
			headers: {
				'content-type': 'text/csv; charset=utf-8',
				'content-disposition': `attachment; filename="${name}.csv"`
			}
		});
	}
	const { db } = await app();
	const file = await bankTemplate(db, words);
	return new Response(new Uint8Array(file), {
		headers: {
			'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
			'content-disposition': `attachment; filename="${name}.xlsx"`
		}
	});
};
