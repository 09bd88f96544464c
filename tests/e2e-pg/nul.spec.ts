// A NUL character on PostgreSQL, whose text columns cannot hold one: every JSON body and
// form field carrying it is a 4xx with a Vietnamese message, never a 500 from the insert.
import { expect, test } from '@playwright/test';
import { TestServer } from '../e2e/support/server';
import { createDatabase } from '../support/pg-database';

test('NUL in sign-in, registration, enrolment, a sync event and form fields: 400, nothing stored', async ({
	playwright
}) => {
	test.setTimeout(180_000);
	const database = await createDatabase('phongthi_nul');
	const server = new TestServer('pg-nul', { DATABASE_URL: database.url });
	try {
		await server.start();
		const api = await playwright.request.newContext({ baseURL: server.url });
		const person = {
			fullName: 'Võ Thị Nul',
			birthDate: '1990-01-01',
			gender: 'female',
			nationalId: '082190004321',
			phone: '0934004321',
			address: 'Chợ Gạo',
			unitId: 'my-tho',
			password: 'MatKhau2026',
			publishName: true
		};
		const refused = async (res: Awaited<ReturnType<typeof api.post>>, what: string) => {
			const text = await res.text();
			expect(res.status(), `${what}: ${text}`).toBe(400);
			const error = JSON.parse(text).error;
			expect(error.code, what).toBe('nulCharacter');
			expect(error.message, what).toMatch(/ký tự không hợp lệ/);
		};
		for (const field of ['fullName', 'address', 'email', 'unitId', 'password'] as const)
			await refused(
				await api.post('/api/candidates', { data: { ...person, [field]: `x\u0000y` } }),
				`registration ${field}`
			);
		await refused(
			await api.post('/api/session', { data: { login: '0934004321\u0000', password: 'MatKhau2026' } }),
			'sign-in'
		);
		await refused(
			await api.post('/api/venue/enrol', { data: { code: 'AB\u0000CD', deviceId: 'tab', label: 'x' } }),
			'enrolment'
		);

		// The same person, registered cleanly, starts practice and sends an event holding NUL.
		expect((await api.post('/api/candidates', { data: person })).status()).toBe(201);
		expect(
			(await api.post('/api/session', { data: { login: person.phone, password: person.password } })).status()
		).toBe(200);
		const started = await api.post('/api/rounds/practice/attempts');
		expect(started.status(), await started.text()).toBeLessThan(300);
		const { attemptId, token } = await started.json();
		await refused(
			await api.post(`/api/attempts/${attemptId}/events`, {
				data: {
					deviceId: 'dev\u0000',
					events: [{ seq: 1, questionId: 'q\u0000', choice: 'a', at: Date.now(), elapsedMs: 1, hash: 'h' }]
				},
				headers: { authorization: `Bearer ${token}` }
			}),
			'sync event'
		);

		// Form fields, as an enhanced form sends them.
		const anon = await playwright.request.newContext({ baseURL: server.url });
		for (const [path, form] of [
			['/login', { login: '0934004321\u0000', password: 'MatKhau2026' }],
			['/register', { ...person, publishName: 'on', fullName: 'Võ\u0000 Thị', phone: '0934004322' }],
			['/forgot', { login: '0934004321\u0000' }],
			['/reset', { login: '0934004321', code: 'AAAA\u0000', password: 'MatKhau2027' }]
		] as const) {
			const res = await anon.post(path, { form, headers: { accept: 'application/json' }, maxRedirects: 0 });
			const body = await res.json();
			expect(body.type, path).toBe('failure');
			expect(body.status, path).toBe(400);
		}
		await anon.dispose();
		// Nothing stored, and the server is up.
		expect(server.stderr).not.toMatch(/invalid byte sequence|0x00/);
		expect((await api.get('/api/time')).status()).toBe(200);
		await api.dispose();
	} finally {
		await server.stop();
		await database.drop();
	}
});
