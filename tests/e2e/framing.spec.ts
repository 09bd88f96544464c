// No page of the product is shown in another site's frame (a security review framed the
// organiser's pages from a sibling site, signed in, their buttons clickable).
import { expect, test } from '@playwright/test';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

test('a sibling site framing the organiser’s page gets nothing shown', async ({ page, baseURL }) => {
	const session = await page.request.post('/api/session', {
		data: { login: '0900000001', password: 'BanToChuc2026' }
	});
	expect(session.status()).toBe(200);
	// Another port of the same host: the same site, so the session cookie goes with the frame.
	const sibling = http.createServer((_req, res) => {
		res.writeHead(200, { 'content-type': 'text/html' });
		res.end(`<!doctype html><title>x</title><iframe name="victim" src="${baseURL}/admin/accounts"></iframe>`);
	});
	await new Promise<void>((done) => sibling.listen(0, '127.0.0.1', done));
	try {
		const answered = page.waitForResponse(`${baseURL}/admin/accounts`);
		await page.goto(`http://127.0.0.1:${(sibling.address() as AddressInfo).port}/`);
		// The organiser's page was sent (signed in), and the browser refuses to show it in the frame.
		expect((await answered).status()).toBe(200);
		const frame = page.frame({ name: 'victim' })!;
		await expect.poll(() => frame.url()).toMatch(/^chrome-error:/);
		await expect(page.frameLocator('iframe[name="victim"]').locator('form')).toHaveCount(0);
	} finally {
		sibling.close();
	}

	for (const path of ['/login', '/api/time', '/admin']) {
		const res = await page.request.get(path, { maxRedirects: 0 });
		expect(res.headers()['x-frame-options'], path).toBe('DENY');
		expect(res.headers()['content-security-policy'], path).toBe("frame-ancestors 'none'");
	}
	// So do the answers server/index.js gives itself, without SvelteKit (a sync batch, a submit, a
	// tablet's heartbeat: fast-path.ts); a review found them without.
	for (const path of ['/api/attempts/a1/events', '/api/attempts/a1/submit', '/api/venue/heartbeat']) {
		const res = await page.request.post(path, { data: { deviceId: 'd1', events: [] } });
		expect(res.status(), path).toBe(401);
		expect(res.headers()['x-frame-options'], path).toBe('DENY');
		expect(res.headers()['content-security-policy'], path).toBe("frame-ancestors 'none'");
	}
});
