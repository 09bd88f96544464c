import { error } from '@sveltejs/kit';
import { z } from 'zod';
import { app } from '$lib/server/app';
import { exportResults } from '$lib/server/results/exports';
import type { RequestHandler } from './$types';
import { messages } from '$lib/i18n';

const file = z.string().regex(/^(individual|units)\.(xlsx|csv)$/);

export const GET: RequestHandler = async ({ params, locals }) => {
	if (!file.safeParse(params.file).success) error(404, messages(locals.locale).errors.notFound);
	const [kind, format] = params.file.split('.') as ['individual' | 'units', 'xlsx' | 'csv'];
	const { db } = await app();
	const out = await exportResults(db, params.roundId, kind, format, locals.locale);
	if (!out) error(404, messages(locals.locale).errors.notFound);
	return new Response(typeof out.body === 'string' ? out.body : new Uint8Array(out.body), {
		headers: {
			'content-type': out.contentType,
			'content-disposition': `attachment; filename="${out.fileName}"`,
			'cache-control': 'no-store'
		}
	});
};
