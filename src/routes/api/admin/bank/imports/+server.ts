// Starts an import: the page then sends the file in parts, asks for the analysis and commits.
import { json } from '@sveltejs/kit';
import { z } from 'zod';
import { app } from '$lib/server/app';
import { api, apiError, readJson } from '$lib/server/http';
import { startImport } from '$lib/server/bank/imports';
import { messages, fmt } from '$lib/i18n';
import type { RequestHandler } from './$types';

const body = z.object({
	fileName: z.string().min(1).max(300),
	// An empty file is accepted here so the report can say what to do with it.
	size: z.number().int().min(0),
	defaults: z.object({
		poolId: z.string().max(60).nullish(),
		topicId: z.string().max(60).nullish(),
		difficulty: z.number().int().min(1).max(3).nullish()
	})
});

export const POST: RequestHandler = api(async ({ request, locals }) => {
	const input = await readJson(request, body);
	const { db } = await app();
	const r = await startImport(db, input, locals.user!.id);
	if (!r.ok) return apiError(413, r.code, fmt(messages(locals.locale).bank.import.tooLarge, r.params ?? {}));
	return json({ id: r.id }, { status: 201 });
});
