// A venue tablet simulated through the venue's HTTP API (enrolment and heartbeats), for console
// specs that need tablets in many states without a browser each.
import { expect, type APIRequestContext } from '@playwright/test';

export const READY = { appCached: true, papersCached: 2, clockOffsetMs: 5, persisted: true, freeBytes: 2e9 };

/** A tablet enrolled through the API, heartbeating (nothing unsent) every half second until stopped. */
export async function simTablet(request: APIRequestContext, code: string, label: string) {
	const res = await request.post('/api/venue/enrol', {
		data: { code, deviceId: `sim-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`, label }
	});
	expect(res.status(), await res.text()).toBe(201);
	const { deviceId, token } = (await res.json()) as { deviceId: string; token: string };
	let beating = true;
	const beat = (extra: Record<string, unknown> = {}) =>
		request.post('/api/venue/heartbeat', {
			headers: { authorization: `Bearer ${token}` },
			data: { readiness: READY, unsent: 0, lastSeqs: {}, ...extra }
		});
	const loop = (async () => {
		while (beating) {
			await beat();
			await new Promise((r) => setTimeout(r, 500));
		}
	})();
	return {
		deviceId,
		label,
		token,
		beat,
		async stop() {
			beating = false;
			await loop;
		}
	};
}

export type SimTablet = Awaited<ReturnType<typeof simTablet>>;
