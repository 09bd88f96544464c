// A post to a form action that is no form (no body, no content type, text/plain) is bad input:
// 415 with the catalogue's words, nothing run, nothing written, nothing logged as a server error.
import { expect, test } from '@playwright/test';
import { TestServer } from './support/server';
import { withDb } from './support/fixtures';

test.describe.configure({ mode: 'serial', timeout: 180_000 });

let server: TestServer;
let cookie = '';

test.beforeAll(async () => {
	server = new TestServer('form-content-type', { WARM_UP_BATCHES: '0' });
	await server.start();
	const res = await fetch(`${server.url}/api/session`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ login: '0900000001', password: 'BanToChuc2026' })
	});
	expect(res.status, await res.text()).toBe(200);
	cookie = res.headers
		.getSetCookie()
		.map((c) => c.split(';', 1)[0])
		.join('; ');
});

test.afterAll(async () => {
	await server?.stop();
});

const audited = () =>
	withDb(server.sqliteFile, async (db) =>
		Number(
			(
				await db
					.selectFrom('audit_log')
					.select((eb) => eb.fn.countAll().as('n'))
					.where('action', '=', 'finalists.seat')
					.executeTakeFirstOrThrow()
			).n
		)
	);

test('an empty post to an organiser’s form action: 415, bad input in Vietnamese, nothing seated or logged', async () => {
	const before = await audited();
	const logged = server.stderr.length;
	const posts: [string, RequestInit][] = [
		['no body, no content type', {}],
		['text/plain', { headers: { 'content-type': 'text/plain' }, body: 'x=1' }],
		['JSON', { headers: { 'content-type': 'application/json' }, body: '{}' }]
	];
	for (const [what, init] of posts) {
		const res = await fetch(`${server.url}/admin/venue?/seat`, {
			method: 'POST',
			...init,
			headers: { ...(init.headers as Record<string, string>), cookie }
		});
		expect(res.status, what).toBe(415);
		expect(await res.json(), what).toEqual({
			type: 'error',
			error: { message: 'Dữ liệu gửi lên không hợp lệ.', code: '415' }
		});
	}
	// In English when the reader chose it.
	const en = await fetch(`${server.url}/admin/venue?/seat`, {
		method: 'POST',
		headers: { cookie: `${cookie}; lang=en` }
	});
	expect(en.status).toBe(415);
	expect((await en.json()).error.message).toBe('The request data is invalid.');

	expect(await audited()).toBe(before);
	expect(server.stderr.slice(logged)).toBe('');

	// The same action posted as a form does run (and is audited): the refusal is the content type's.
	const form = await fetch(`${server.url}/admin/venue?/seat`, {
		method: 'POST',
		headers: { cookie, accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded' },
		body: ''
	});
	expect(form.status).toBe(200);
	expect((await form.json()).type).toBe('success');
	expect(await audited()).toBe(before + 1);
});

test('a post to a page without actions is a 405 worded as bad input, not a logged server error', async () => {
	const logged = server.stderr.length;
	const res = await fetch(`${server.url}/results`, {
		method: 'POST',
		headers: { cookie, accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded' },
		body: 'a=1'
	});
	expect(res.status).toBe(405);
	expect(await res.json()).toEqual({
		type: 'error',
		error: { message: 'Dữ liệu gửi lên không hợp lệ.', code: '405' }
	});
	expect(server.stderr.slice(logged)).toBe('');
});
