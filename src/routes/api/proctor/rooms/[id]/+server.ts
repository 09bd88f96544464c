import { json } from '@sveltejs/kit';
import { app } from '$lib/server/app';
import { roomGrid } from '$lib/server/venue';
import { mayActOnRoom } from '$lib/server/venue-admin';
import { apiError, failureResponse } from '$lib/server/http';
import type { RequestHandler } from './$types';

/** The live seat grid (the console polls it every second). */
export const GET: RequestHandler = async ({ params, locals }) => {
	const { db } = await app();
	if (!(await mayActOnRoom(db, locals.user!, params.id))) return apiError(403, 'notAllowed');
	const grid = await roomGrid(db, params.id);
	if (!grid.ok) return failureResponse(grid);
	return json(grid, { headers: { 'cache-control': 'no-store' } });
};
