import { app } from '$lib/server/app';
import { bankTemplate, templateCsv } from '$lib/server/bank/export';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ url }) => {
	if (url.searchParams.get('format') === 'csv') {
		return new Response(templateCsv(), {
			headers: {
				'content-type': 'text/csv; charset=utf-8',
				'content-disposition': 'attachment; filename="mau-nhap-cau-hoi.csv"'
			}
		});
	}
	const { db } = await app();
	const file = await bankTemplate(db);
	return new Response(new Uint8Array(file), {
		headers: {
			'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
			'content-disposition': 'attachment; filename="mau-nhap-cau-hoi.xlsx"'
		}
	});
};
