// One piece of the uploaded file, as raw bytes (at most PART_BYTES).
import { z } from 'zod';
import { app } from '$lib/server/app';
import { api, apiError, untypedBody } from '$lib/server/http';
import { addPart, PART_BYTES } from '$lib/server/bank/imports';
import { messages } from '$lib/i18n';
import type { RequestHandler } from './$types';

const index = z.coerce.number().int().min(0).max(10_000);

export const PUT: RequestHandler = api(async ({ params, request, locals }) => {
	const m = messages(locals.locale).bank.import;
	const idx = index.safeParse(params.idx);
	if (!idx.success) return apiError(400, 'invalidBody', messages(locals.locale).api.invalidBody);
	// Refuse by the announced size before reading, so the adapter's own limit never answers.
	if (Number(request.headers.get('content-length') ?? 0) > PART_BYTES)
		return apiError(413, 'tooLarge', m.partTooLarge);
	// Stored, it would be an empty part and the file one part short.
	if (untypedBody(request)) return apiError(415, 'noContentType', m.partNoContentType);
	let data: Uint8Array;
	try {
		data = new Uint8Array(await request.arrayBuffer());
	} catch {
		return apiError(413, 'tooLarge', m.partTooLarge);
	}
	if (data.byteLength > PART_BYTES) return apiError(413, 'tooLarge', m.partTooLarge);
	const { db } = await app();
	const r = await addPart(db, params.id, idx.data, data);
	if (!r.ok) return apiError(r.code === 'notFound' ? 404 : 413, r.code, m.partRefused);
	return new Response(null, { status: 204 });
});
