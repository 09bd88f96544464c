// The JSON API refuses in JSON, in the reader's language, even where SvelteKit answers by itself:
// an address no route serves, and a method a route does not take (a security review met an HTML
// 404 page and a plain-text "PUT method not allowed").
import { expect, test } from '@playwright/test';

test('an unknown API address and a method a route does not take answer {error: {code, message}}', async ({
	playwright,
	baseURL
}) => {
	const vi = await playwright.request.newContext({ baseURL });
	const nope = await vi.get('/api/nope');
	expect(nope.status()).toBe(404);
	expect(nope.headers()['content-type']).toContain('application/json');
	expect((await nope.json()).error).toEqual({
		code: 'noSuchEndpoint',
		message: 'Không có địa chỉ này trong giao diện lập trình (API) của Phòng Thi.'
	});

	const put = await vi.put('/api/session', { data: {} });
	expect(put.status()).toBe(405);
	const allow = put.headers()['allow'];
	expect(allow).toContain('POST');
	const body = await put.json();
	expect(body.error.code).toBe('methodNotAllowed');
	expect(body.error.message).toBe(
		`Địa chỉ này không nhận phương thức PUT; các phương thức được nhận: ${allow}.`
	);
	// A route's own refusal is left as it is.
	const badLogin = await vi.post('/api/session', { data: { login: '0900000009', password: 'x1234567' } });
	expect(badLogin.status()).toBe(401);
	expect((await badLogin.json()).error.code).toBe('badLogin');

	const en = await playwright.request.newContext({
		baseURL,
		extraHTTPHeaders: { cookie: 'lang=en' }
	});
	const time = await en.post('/api/time', { data: {} });
	expect(time.status()).toBe(405);
	expect((await time.json()).error.message).toMatch(
		/^This address does not take the POST method; it takes: /
	);
	expect((await (await en.get('/api/nope/deeper')).json()).error.message).toBe(
		'There is no such address in the Phòng Thi API.'
	);
	await Promise.all([vi.dispose(), en.dispose()]);
});
