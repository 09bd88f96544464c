// What a signed-in person is shown is not kept by the browser's cache (a security review found
// the organiser's look-up of an account, with its national id and birth date, and a candidate's
// dashboard sent without any Cache-Control: on a shared computer they came back from the cache
// after signing out). Pages and API answers alike; a visitor's public pages are left as they are.
import { expect, test } from '@playwright/test';

test('pages and answers for a signed-in person say private, no-store', async ({ playwright, baseURL }) => {
	const as = async (login: string, password: string) => {
		const ctx = await playwright.request.newContext({ baseURL });
		const res = await ctx.post('/api/session', { data: { login, password } });
		expect(res.status()).toBe(200);
		return ctx;
	};
	const organiser = await as('0900000001', 'BanToChuc2026');
	const lookup = await organiser.get('/admin/accounts?login=0912000001');
	expect(lookup.status()).toBe(200);
	// The demo candidate's national id, as seeded (README's demo accounts).
	expect(await lookup.text()).toContain('082090001234');
	expect(lookup.headers()['cache-control']).toBe('private, no-store');

	const candidate = await as('0912000001', 'ThiSinh2026');
	for (const path of ['/dashboard', '/api/rounds']) {
		const res = await candidate.get(path);
		expect(res.status(), path).toBe(200);
		expect(res.headers()['cache-control'], path).toBe('private, no-store');
	}

	const visitor = await playwright.request.newContext({ baseURL });
	const home = await visitor.get('/login');
	expect(home.status()).toBe(200);
	expect(home.headers()['cache-control'] ?? '').not.toContain('no-store');
	await Promise.all([organiser.dispose(), candidate.dispose(), visitor.dispose()]);
});
