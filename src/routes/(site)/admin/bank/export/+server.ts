import { app } from '$lib/server/app';
import { exportBank } from '$lib/server/bank/export';
import { vietnamDate } from '$lib/exam/eligibility';
import type { RequestHandler } from './$types';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export const GET: RequestHandler = async ({ locals }) => {
	const { db } = await app();
	const file = await exportBank(db, locals.user!.id);
	return new Response(new Uint8Array(file), {
		headers: {
			'content-type': XLSX,
			'content-disposition': `attachment; filename="ngan-hang-cau-hoi-${vietnamDate(Date.now())}.xlsx"`,
			'cache-control': 'no-store'
		}
	});
};
