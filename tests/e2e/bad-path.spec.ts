// A path SvelteKit cannot decode (`%ff` is no UTF-8) once ended the server process: SvelteKit runs
// the `handle` hook for it outside the guard that turns a thrown redirect or error into an answer,
// and the hook threw one (sign in first, wrong role, cross-site post); adapter-node dropped the
// promise, and the unhandled rejection killed Node and every tablet's connection with it (a
// review found it with one curl, no account). Each is answered 400, and the server goes on.
import { expect, test } from '@playwright/test';

test('undecodable paths get 400 in the reader’s words and the server keeps answering', async ({
	playwright,
	baseURL
}) => {
	const visitor = await playwright.request.newContext({ baseURL });
	const candidate = await playwright.request.newContext({ baseURL });
	expect(
		(
			await candidate.post('/api/session', { data: { login: '0912000001', password: 'ThiSinh2026' } })
		).status()
	).toBe(200);
	const pages = [
		() => visitor.get('/admin/%ff'),
		() => visitor.get('/proctor/%ff'),
		() => candidate.get('/admin/%ff'),
		() => visitor.post('/login/%ff', { headers: { origin: 'http://evil.example' }, form: { a: '1' } }),
		() => visitor.get('/%E0%A4%A')
	];
	for (const send of pages) {
		const res = await send();
		expect(res.status(), res.url()).toBe(400);
		expect(await res.text()).toBe('Đường dẫn không hợp lệ.');
	}
	const api = await visitor.get('/api/attempts/%ff/events');
	expect(api.status()).toBe(400);
	expect(await api.json()).toEqual({ error: { code: 'badPath', message: 'Đường dẫn không hợp lệ.' } });
	const english = await visitor.get('/admin/%ff', { headers: { cookie: 'lang=en' } });
	expect(await english.text()).toBe('The address is not valid.');

	// Still the same server: it answers, and a decodable path is served as before.
	expect((await visitor.get('/api/time')).status()).toBe(200);
	expect((await candidate.get('/dashboard')).status()).toBe(200);
	await Promise.all([visitor.dispose(), candidate.dispose()]);
});
