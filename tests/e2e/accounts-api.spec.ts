// Registration, sign-in and role checks through the real endpoints of the built server.
import { expect, test, type APIRequestContext } from '@playwright/test';

const adult = {
	fullName: 'Đặng Thị Hoa',
	birthDate: '1992-08-15',
	gender: 'female',
	nationalId: '082192007001',
	phone: '0977007001',
	address: 'Ấp Bình Phong, Cái Bè',
	unitId: 'cai-be',
	password: 'HoaMatKhau9',
	publishName: true
};

async function signIn(request: APIRequestContext, login: string, password: string) {
	const res = await request.post('/api/session', { data: { login, password } });
	expect(res.status(), await res.text()).toBe(200);
}

test('registration answers 201, then 422 with a Vietnamese message per field', async ({ request }) => {
	const ok = await request.post('/api/candidates', { data: adult });
	expect(ok.status()).toBe(201);

	const dup = await request.post('/api/candidates', { data: adult });
	expect(dup.status()).toBe(422);
	const body = await dup.json();
	expect(body.error.fields.nationalId.code).toBe('duplicateId');
	expect(body.error.fields.phone.code).toBe('duplicatePhone');
	expect(body.error.fields.phone.message).toMatch(/đã được dùng/);

	const cases: [Record<string, unknown>, string, string][] = [
		[{ birthDate: '2016-03-01', nationalId: '082216007002' }, 'birthDate', 'tooYoung'],
		[{ nationalId: '082080009999', birthDate: '1980-02-02', gender: 'male' }, 'nationalId', 'excluded'],
		[{ phone: '0212345678' }, 'phone', 'badPhone'],
		[{ password: 'chicochu' }, 'password', 'weakPassword'],
		[{ birthDate: '2012-06-01', nationalId: '082312007003' }, 'guardian.consent', 'guardianConsent']
	];
	for (const [over, field, code] of cases) {
		const res = await request.post('/api/candidates', {
			data: { ...adult, nationalId: '082192007009', phone: '0977007009', ...over }
		});
		expect(res.status(), field).toBe(422);
		const err = (await res.json()).error;
		expect(err.fields[field]?.code, JSON.stringify(err.fields)).toBe(code);
		expect(err.message).toBeTruthy();
	}
});

test('a body that fails the schema gets 400 JSON and stores nothing', async ({ request }) => {
	for (const data of ['not json', JSON.stringify({ fullName: 42 }), JSON.stringify([1, 2])]) {
		const res = await request.post('/api/candidates', {
			data,
			headers: { 'content-type': 'application/json' }
		});
		expect(res.status()).toBe(400);
		expect((await res.json()).error.code).toMatch(/invalid/);
	}
	const login = await request.post('/api/session', {
		data: { login: '082192007009', password: 'HoaMatKhau9' }
	});
	expect(login.status()).toBe(401);
});

test('time and units are public', async ({ request }) => {
	const before = Date.now();
	const { now } = await (await request.get('/api/time')).json();
	expect(now).toBeGreaterThanOrEqual(before - 5000);
	const { units } = await (await request.get('/api/units')).json();
	expect(units[0].children.map((u: { id: string }) => u.id)).toContain('my-tho');
});

test('a candidate gets 403 on organiser and proctor pages and APIs', async ({ request }) => {
	await signIn(request, '082090001234', 'ThiSinh2026');
	for (const path of ['/admin', '/proctor', '/api/admin/rounds', '/api/proctor/rooms']) {
		const res = await request.get(path, { maxRedirects: 0 });
		expect(res.status(), path).toBe(403);
	}
	expect((await request.get('/api/rounds')).status()).toBe(200);
	const del = await request.delete('/api/session');
	expect(del.status()).toBe(204);
	expect((await request.get('/api/rounds')).status()).toBe(401);
});

test('an anonymous visitor is sent to sign-in; APIs answer 401', async ({ request }) => {
	for (const path of ['/admin', '/proctor', '/dashboard']) {
		const res = await request.get(path, { maxRedirects: 0 });
		expect(res.status(), path).toBe(303);
		expect(res.headers()['location']).toBe(`/login?next=${encodeURIComponent(path)}`);
	}
	const res = await request.get('/api/admin/rounds');
	expect(res.status()).toBe(401);
	expect((await res.json()).error.message).toBe('Vui lòng đăng nhập.');
});

test('the proctor may open the proctor console but not the organiser area', async ({ request }) => {
	await signIn(request, '0900000002', 'GiamThi2026');
	expect((await request.get('/proctor', { maxRedirects: 0 })).status()).toBe(200);
	expect((await request.get('/admin', { maxRedirects: 0 })).status()).toBe(403);
});

test('a cookie-authenticated JSON write from another origin is refused', async ({ request }) => {
	await signIn(request, '0900000001', 'BanToChuc2026');
	const res = await request.delete('/api/session', { headers: { origin: 'https://evil.example' } });
	expect(res.status()).toBe(403);
	expect((await res.json()).error.code).toBe('badOrigin');
	expect((await request.get('/admin', { maxRedirects: 0 })).status()).toBe(200);
});
