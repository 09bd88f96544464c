import { json } from '@sveltejs/kit';
import { app } from '$lib/server/app';
import { unitTree } from '$lib/server/contest';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async () => json({ units: await unitTree((await app()).db) });
