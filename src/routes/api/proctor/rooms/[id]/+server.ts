import { json } from '@sveltejs/kit';
import { app } from '$lib/server/app';
import { roomGrid, mayActOnRoom } from '$lib/server/venue';
import { failureResponse } from '$lib/server/http';
import { failure } from '$lib/server/failure';
import type { RequestHandler } from './$types';

/** The live seat grid (the console polls it every second). */
export const GET: RequestHandler = async ({ params, locals }) => {
	const { db } = await app();
	if (!(await mayActOnRoom(db, locals.user!, params.id)))
		return failureResponse(failure('notAllowed'), locals.locale);
	const grid = await roomGrid(db, params.id);
	if (!grid.ok) return failureResponse(grid, locals.locale);
	return json(grid, { headers: { 'cache-control': 'no-store' } });
};
