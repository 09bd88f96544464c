// Checks the uploaded file; called again with other defaults or a column mapping, it reads
// the same upload again (until the commit starts; then, or when another analysis of the
// same file staged first, 409).
import { json } from '@sveltejs/kit';
import { z } from 'zod';
import { app } from '$lib/server/app';
import { api, apiError, readOptionalJson } from '$lib/server/http';
import { analyseImport } from '$lib/server/bank/imports';
import { COLUMN_KEYS } from '$lib/server/bank/formats/columns';
import { messages } from '$lib/i18n';
import type { RequestHandler } from './$types';

const FIELDS: string[] = [...COLUMN_KEYS, 'ignore'];
const field = z.string().refine((v) => FIELDS.includes(v));
const body = z.object({
	defaults: z
		.object({
			poolId: z.string().max(60).nullish(),
			topicId: z.string().max(60).nullish(),
			difficulty: z.number().int().min(1).max(3).nullish()
		})
		.optional(),
	mapping: z
		.record(z.string().min(1).max(200), field)
		.refine((m) => Object.keys(m).length <= 60)
		.optional()
});

export const POST: RequestHandler = api(async ({ params, request, locals }) => {
	const change = (await readOptionalJson(request, body)) ?? {};
	const { db } = await app();
	const r = await analyseImport(
		db,
		params.id,
		change as Parameters<typeof analyseImport>[2],
		Date.now(),
		locals.locale
	);
	if (!r.ok) {
		const m = messages(locals.locale).bank.import;
		if (r.code === 'notFound') return apiError(404, 'notFound', m.notFound);
		// A commit has begun, or another analysis staged first: this one changed nothing.
		return apiError(409, r.code, r.code === 'committing' ? m.analyseCommitting : m.analyseOvertaken);
	}
	return json({ import: r.view });
});
