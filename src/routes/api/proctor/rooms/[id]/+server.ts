import { app } from '$lib/server/app';
import { sharedGrid, mayActOnRoom } from '$lib/server/venue';
import { failureResponse } from '$lib/server/http';
import { failure } from '$lib/server/failure';
import type { RequestHandler } from './$types';

/** A Buffer's bytes as a body, without a copy. */
const bytes = (b: Buffer) => new Uint8Array(b.buffer as ArrayBuffer, b.byteOffset, b.byteLength);

/** The live seat grid: every open console polls it every second (shared: venue/grid-shared.ts). */
export const GET: RequestHandler = async ({ params, locals, request }) => {
	const { db } = await app();
	if (!(await mayActOnRoom(db, locals.user!, params.id)))
		return failureResponse(failure('notAllowed'), locals.locale);
	const shared = await sharedGrid(db, params.id);
	if (!shared.grid.ok) return failureResponse(shared.grid, locals.locale);
	const headers: Record<string, string> = {
		'content-type': 'application/json',
		'cache-control': 'no-store',
		vary: 'accept-encoding'
	};
	if (!/\bgzip\b/.test(request.headers.get('accept-encoding') ?? ''))
		return new Response(bytes(shared.json()), { headers });
	return new Response(bytes(await shared.gzip()), { headers: { ...headers, 'content-encoding': 'gzip' } });
};
