import { error } from '@sveltejs/kit';
import { z } from 'zod';
import { app } from '$lib/server/app';
import { exportResponse } from '$lib/server/results/exports';
import type { RequestHandler } from './$types';
import { messages } from '$lib/i18n';

const file = z.string().regex(/^(individual|units)\.(xlsx|csv)$/);

/** A results export, streamed; a workbook asked for while another is made: 429 (exports.ts). */
export const GET: RequestHandler = async ({ params, locals }) => {
	if (!file.safeParse(params.file).success) error(404, messages(locals.locale).errors.notFound);
	const [kind, format] = params.file.split('.') as ['individual' | 'units', 'xlsx' | 'csv'];
	const { db } = await app();
	const out = await exportResponse(db, params.roundId, kind, format, locals.locale);
	if (!out) error(404, messages(locals.locale).errors.notFound);
	return out;
};
