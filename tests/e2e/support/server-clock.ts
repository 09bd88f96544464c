// The server's clock, for tests that need time to have passed on it (a countdown that must
// stand still, a code typed some seconds after the proctor's action): they wait for the
// server's time to reach a moment, never for a fixed while on a busy machine.
import { expect, type APIRequestContext } from '@playwright/test';

export async function serverNow(request: APIRequestContext): Promise<number> {
	return ((await (await request.get('/api/time')).json()) as { now: number }).now;
}

/** Waits until the server's clock reads `t` or later. */
export async function untilServerTime(request: APIRequestContext, t: number): Promise<void> {
	await expect
		.poll(() => serverNow(request), { timeout: Math.max(30_000, t - Date.now() + 30_000), intervals: [200] })
		.toBeGreaterThanOrEqual(t);
}
