// Registration, sign-in and role checks through the real endpoints of the built server.
import { expect, test, type APIRequestContext } from '@playwright/test';
import { TestServer } from './support/server';

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
		[{ birthDate: '2012-06-01', nationalId: '082312007003' }, 'guardian.consent', 'guardianConsent'],
		// A child naming themself as their guardian (spelt without the marks).
		[
			{
				birthDate: '2012-06-01',
				nationalId: '082312007003',
				guardian: { name: 'dang thi  HOA', phone: '0977007009', consent: true }
			},
			'guardian.name',
			'guardianIsCandidate'
		]
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
	// A child registered with a parent's phone, the parent their guardian: the same phone twice.
	const child = await request.post('/api/candidates', {
		data: {
			...adult,
			fullName: 'Đặng Minh Khôi',
			birthDate: '2012-06-01',
			gender: 'male',
			nationalId: '082212007004',
			phone: '0977007004',
			guardian: { name: 'Đặng Thị Hoa', phone: '0977007004', consent: true }
		}
	});
	expect(child.status(), await child.text()).toBe(201);
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
	// Opened in a browser, the page says so as a missing page does: the site's error page, in the
	// visitor's language.
	const page = async () => {
		const res = await request.get('/admin', { maxRedirects: 0, headers: { accept: 'text/html' } });
		expect(res.status()).toBe(403);
		return res.text();
	};
	const vi = await page();
	expect(vi).toContain('<html lang="vi">');
	expect(vi).toContain('Bạn không có quyền truy cập trang này.');
	expect(vi).toContain('Về trang chủ');
	expect(vi).not.toContain('Home');
	await request.get('/lang?to=en', { maxRedirects: 0 });
	const en = await page();
	expect(en).toContain('<html lang="en">');
	expect(en).toContain('You are not allowed to open this page.');
	expect(en).not.toContain('Lỗi');
	await request.get('/lang?to=vi', { maxRedirects: 0 });
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

// ---------------------------------------------------------------- open redirects

/** `next` values that must never lead a browser off this site (as typed in a query string). */
const OFF_SITE = [
	'/%5Cevil.example/x',
	'/%5cevil.example/x',
	'/%5C%5Cevil.example/x',
	'%5C%5Cevil.example/x',
	'/%09/evil.example/x',
	'/%0D/evil.example/x',
	'/%0A/evil.example/x',
	'/%0D%0A/evil.example/x',
	'%09//evil.example/x',
	'//evil.example/x',
	'%2F%2Fevil.example/x',
	'/%2F/evil.example/x',
	'/%252F%252Fevil.example/x',
	'/%255Cevil.example/x',
	'///evil.example/x',
	'/%00/evil.example/x',
	'https://evil.example/x',
	'https:evil.example',
	'javascript:alert(1)',
	'evil.example'
];

/** Where a browser would go: the WHATWG URL parser browsers use (tabs dropped, `\` read as `/`). */
function landsOn(location: string, base: string): string {
	return new URL(location, base).host;
}

test('the language switch never redirects off-site', async ({ request, baseURL }) => {
	const host = new URL(baseURL!).host;
	for (const next of OFF_SITE) {
		const res = await request.get(`/lang?to=en&next=${next}`, { maxRedirects: 0 });
		expect(res.status(), next).toBe(303);
		const location = res.headers()['location'];
		expect(landsOn(location, baseURL!), `${next} → ${location}`).toBe(host);
	}
	const ok = await request.get(`/lang?to=vi&next=${encodeURIComponent('/results?q=An')}`, {
		maxRedirects: 0
	});
	expect(ok.headers()['location']).toBe('/results?q=An');
});

test('signing in never redirects off-site, and keeps a same-site next', async ({ playwright, baseURL }) => {
	test.setTimeout(180_000); // each sign-in is a full scrypt
	const host = new URL(baseURL!).host;
	for (const next of [
		'/%5Cevil.example/x',
		'/%09/evil.example/x',
		'/%0D%0A/evil.example/x',
		'%2F%2Fevil.example/x',
		'//evil.example/x'
	]) {
		const ctx = await playwright.request.newContext({ baseURL });
		const res = await ctx.post(`/login?next=${next}`, {
			form: { login: '0900000002', password: 'GiamThi2026' },
			headers: { accept: 'text/html' },
			maxRedirects: 0
		});
		const location = res.headers()['location'];
		expect(res.status(), `${next}: ${await res.text()}`).toBe(303);
		expect(landsOn(location, baseURL!), `${next} → ${location}`).toBe(host);
		await ctx.dispose();
	}
	const ctx = await playwright.request.newContext({ baseURL });
	const res = await ctx.post(`/login?next=${encodeURIComponent('/proctor?room=1')}`, {
		form: { login: '0900000002', password: 'GiamThi2026' },
		headers: { accept: 'text/html' },
		maxRedirects: 0
	});
	expect(res.headers()['location']).toBe('/proctor?room=1');
	await ctx.dispose();
});

// ---------------------------------------------------------------- NUL characters

test('a NUL character in any JSON body or form field is a 4xx with a Vietnamese message', async ({
	request,
	playwright,
	baseURL
}) => {
	const nul = (s: string) => `${s}\u0000`;
	const expectNul = async (res: Awaited<ReturnType<APIRequestContext['post']>>, what: string) => {
		const text = await res.text();
		expect(res.status(), `${what}: ${text}`).toBe(400);
		const error = JSON.parse(text).error;
		expect(error.code, what).toBe('nulCharacter');
		expect(error.message, what).toMatch(/ký tự không hợp lệ/);
	};
	await expectNul(
		await request.post('/api/session', { data: { login: nul('0900000002'), password: 'x' } }),
		'sign-in'
	);
	await expectNul(
		await request.post('/api/candidates', {
			data: { ...adult, fullName: nul('Đặng Thị'), nationalId: '082192007011', phone: '0977007011' }
		}),
		'registration'
	);
	await expectNul(
		await request.post('/api/candidates', {
			data: { ...adult, address: 'Cái Bè\u0000', nationalId: '082192007011', phone: '0977007011' }
		}),
		'registration address'
	);
	await expectNul(
		await request.post('/api/venue/enrol', { data: { code: 'ABCD-EFGH', deviceId: nul('tab'), label: '' } }),
		'enrolment'
	);
	// A sync event: the client sets such a batch aside on a 4xx instead of retrying it.
	const cand = await playwright.request.newContext({ baseURL });
	await signIn(cand, '082090001234', 'ThiSinh2026');
	const started = await cand.post('/api/rounds/practice/attempts');
	expect(started.status(), await started.text()).toBeLessThan(300);
	const { attemptId, token } = await started.json();
	const event = { seq: 1, questionId: nul('q'), choice: 'a', at: Date.now(), elapsedMs: 10, hash: 'x' };
	await expectNul(
		await request.post(`/api/attempts/${attemptId}/events`, {
			data: { deviceId: 'dev-nul', events: [event] },
			headers: { authorization: `Bearer ${token}` }
		}),
		'sync event'
	);
	await cand.dispose();
	// A key holding NUL, too.
	await expectNul(
		await request.post('/api/session', { data: { login: '0900000002', password: 'x', ['k\u0000']: 1 } }),
		'a key'
	);

	// Form fields: the failure an enhanced form expects, 4xx, nothing stored.
	for (const [path, form] of [
		['/login', { login: nul('0900000002'), password: 'GiamThi2026' }],
		[
			'/register',
			{ ...Object.fromEntries(Object.entries(adult).map(([k, v]) => [k, String(v)])), fullName: nul('Hoa') }
		]
	] as const) {
		const res = await request.post(path, { form, headers: { accept: 'application/json' }, maxRedirects: 0 });
		const body = await res.json();
		expect(body.type, path).toBe('failure');
		expect(body.status, path).toBe(400);
		expect(body.data, path).toContain('ký tự không hợp lệ');
	}
});

// ---------------------------------------------------------------- smaller rules

test('POST /login?/default answers 4xx, not 500', async ({ request }) => {
	for (const path of ['/login?/default', '/register?/default']) {
		const res = await request.post(path, {
			form: { login: '0900000002', password: 'x' },
			headers: { accept: 'application/json' },
			maxRedirects: 0
		});
		const status = res.headers()['content-type']?.includes('json') ? (await res.json()).status : res.status();
		expect(status, path).toBeGreaterThanOrEqual(400);
		expect(status, path).toBeLessThan(500);
		const plain = await request.post(path, { form: { login: 'x' }, maxRedirects: 0 });
		expect(plain.status(), path).toBeGreaterThanOrEqual(400);
		expect(plain.status(), path).toBeLessThan(500);
	}
});

test('a CCCD with no such province, and names hiding characters, are refused', async ({ request }) => {
	const base = { ...adult, nationalId: '082192007021', phone: '0977007021' };
	for (const nationalId of ['999192007021', '000192007021', '003192007021', '097192007021']) {
		const res = await request.post('/api/candidates', { data: { ...base, nationalId } });
		expect(res.status(), nationalId).toBe(422);
		const field = (await res.json()).error.fields.nationalId;
		expect(field.code, nationalId).toBe('badProvince');
		expect(field.message).toMatch(/mã tỉnh/);
	}
	for (const fullName of [
		'Đặng\u200bThị Hoa',
		'Đặng Thị \u202eaoH',
		'Đặng\u2066 Thị',
		'\u0007Hoa',
		'\u0001=1+1',
		// A lone surrogate: stored, it became U+FFFD (not the name sent).
		'Đặng\ud800 Thị'
	]) {
		const res = await request.post('/api/candidates', { data: { ...base, fullName } });
		expect(res.status(), JSON.stringify(fullName)).toBe(422);
		expect((await res.json()).error.fields.fullName.code, JSON.stringify(fullName)).toBe('badName');
	}
	// Decomposed Vietnamese is kept, composed: the same name as typed on another keyboard.
	const nfd = await request.post('/api/candidates', {
		data: { ...base, fullName: 'Đă\u0323ng Thi\u0323 Hoa' }
	});
	expect(nfd.status(), await nfd.text()).toBe(201);
});

test('a tablet label that hides or reorders characters is refused before its code is read', async ({
	request
}) => {
	// A wrong code: a label the schema takes reaches the code's check (badEnrolCode), so a
	// refusal here is the label's. Shown on the proctor's approval list, a label could pass
	// for another tablet's ('\u202e' shows what follows it backwards).
	const enrol = (label: string) =>
		request.post('/api/venue/enrol', { data: { code: 'ZZZZ-ZZZZ', deviceId: 'tab-label', label } });
	for (const label of ['Máy \u202e1 ', 'Máy\ud800 1', 'Máy\u200b1', 'Máy\u2028 1']) {
		const res = await enrol(label);
		expect(res.status(), JSON.stringify(label)).toBe(400);
		expect((await res.json()).error.code, JSON.stringify(label)).toBe('invalidBody');
	}
	const plain = await enrol('Máy 1 — bàn số 3');
	expect(plain.status()).toBeGreaterThanOrEqual(400);
	expect((await plain.json()).error.code).toBe('badEnrolCode');
});

// ---------------------------------------------------------------- behind a reverse proxy

test.describe('behind a reverse proxy (ADDRESS_HEADER, XFF_DEPTH)', () => {
	test.describe.configure({ timeout: 180_000 });
	let server: TestServer;
	test.beforeAll(async () => {
		server = new TestServer('accounts-proxy', {
			ADDRESS_HEADER: 'x-forwarded-for',
			XFF_DEPTH: '1',
			REGISTRATIONS_PER_ADDRESS_PER_HOUR: '2'
		});
		await server.start();
	});
	test.afterAll(async () => server?.stop());

	const from = (address: string) => ({ 'x-forwarded-for': `${address}` });

	test("a stranger guessing a proctor's password is slowed; the proctor elsewhere signs in", async ({
		playwright
	}) => {
		const ctx = await playwright.request.newContext({ baseURL: server.url });
		const stranger = from('203.0.113.5');
		for (let i = 0; i < 5; i++) {
			const res = await ctx.post('/api/session', {
				data: { login: '0900000002', password: `DoanSai${i}x` },
				headers: stranger
			});
			expect(res.status(), `guess ${i + 1}`).toBe(401);
		}
		// The stranger's address now waits, whatever it sends…
		const slowed = await ctx.post('/api/session', {
			data: { login: '0900000002', password: 'GiamThi2026' },
			headers: stranger
		});
		expect(slowed.status()).toBe(429);
		const body = await slowed.json();
		expect(body.error.code).toBe('tooManyTries');
		expect(body.error.retryAfterS).toBeGreaterThan(0);
		expect(body.error.message).toMatch(/thử lại sau/);
		// …while the proctor, at the venue, signs in at once (by the API and by the form).
		const proctor = await ctx.post('/api/session', {
			data: { login: '0900000002', password: 'GiamThi2026' },
			headers: from('198.51.100.7')
		});
		expect(proctor.status(), await proctor.text()).toBe(200);
		const form = await ctx.post('/login', {
			form: { login: '0900000002', password: 'GiamThi2026' },
			headers: { ...from('198.51.100.8'), accept: 'application/json' },
			maxRedirects: 0
		});
		expect((await form.json()).type).toBe('redirect');
		// Other candidates behind the same proxy are not held back by the stranger's failures.
		const neighbour = await ctx.post('/api/session', {
			data: { login: '082090001234', password: 'ThiSinh2026' },
			headers: stranger
		});
		expect(neighbour.status()).toBe(200);
		await ctx.dispose();
	});

	test('registrations count per client address, and only when they succeed', async ({ playwright }) => {
		const ctx = await playwright.request.newContext({ baseURL: server.url });
		const school = from('192.0.2.10');
		const person = (n: number) => ({
			...adult,
			fullName: `Học Viên Thử ${n}`,
			nationalId: `08219200${String(n).padStart(4, '0')}`,
			phone: `09770${String(n).padStart(5, '0')}`
		});
		// Typing mistakes do not use up the address's registrations.
		for (let i = 0; i < 4; i++) {
			const bad = await ctx.post('/api/candidates', {
				data: { ...person(1), phone: '0123' },
				headers: school
			});
			expect(bad.status()).toBe(422);
		}
		// The first registration that counts is the oldest in the hour: the third is told to come
		// back when it leaves, an hour after it (between these clock readings, here).
		const firstSent = Date.now();
		expect((await ctx.post('/api/candidates', { data: person(1), headers: school })).status()).toBe(201);
		const firstAnswered = Date.now();
		expect((await ctx.post('/api/candidates', { data: person(2), headers: school })).status()).toBe(201);
		const thirdSent = Date.now();
		const third = await ctx.post('/api/candidates', { data: person(3), headers: school });
		const thirdAnswered = Date.now();
		expect(third.status()).toBe(429);
		const refused = (await third.json()).error;
		expect(refused.code).toBe('tooManyRegistrations');
		const hour = 3600_000;
		const wait: number = refused.retryAfterS;
		expect(wait).toBeGreaterThanOrEqual(Math.ceil((firstSent + hour - thirdAnswered) / 1000));
		expect(wait).toBeLessThanOrEqual(Math.ceil((firstAnswered + hour - thirdSent) / 1000));
		expect(third.headers()['retry-after']).toBe(String(wait));
		expect(refused.message).toBe(
			`Có quá nhiều lượt đăng ký từ địa chỉ mạng này. Vui lòng thử lại sau ${Math.ceil(wait / 60)} phút.`
		);
		// The form says the same, on the page answered without JavaScript.
		const form = await ctx.post('/register', {
			form: { ...person(3), publishName: 'on' },
			headers: { ...school, accept: 'text/html' },
			maxRedirects: 0
		});
		expect(form.status()).toBe(429);
		const formWait = Number(form.headers()['retry-after']);
		expect(formWait).toBeGreaterThan(0);
		expect(formWait).toBeLessThanOrEqual(wait);
		expect(await form.text()).toMatch(
			new RegExp(
				`role="alert"[^>]*>Có quá nhiều lượt đăng ký từ địa chỉ mạng này\\. Vui lòng thử lại sau ${Math.ceil(formWait / 60)} phút\\.<`
			)
		);
		// Another address behind the same proxy is counted on its own.
		const other = await ctx.post('/api/candidates', { data: person(3), headers: from('192.0.2.11') });
		expect(other.status(), await other.text()).toBe(201);
		await ctx.dispose();
	});

	test('an IPv6 client counts by its /64, and an IPv4 address written as IPv6 as that address', async ({
		playwright
	}) => {
		const ctx = await playwright.request.newContext({ baseURL: server.url });
		const person = (n: number) => ({
			...adult,
			fullName: `Học Viên Sáu ${n}`,
			nationalId: `08219201${String(n).padStart(4, '0')}`,
			phone: `09771${String(n).padStart(5, '0')}`
		});
		const statuses = async (addresses: string[], first: number) => {
			const all: number[] = [];
			for (const [i, address] of addresses.entries())
				all.push(
					(await ctx.post('/api/candidates', { data: person(first + i), headers: from(address) })).status()
				);
			return all;
		};
		// Three addresses of one /64: two registrations an hour (this server's bound), as from one address.
		expect(await statuses(['2001:db8:7:8::1', '2001:db8:7:8::2', '2001:db8:7:8:ffff::3'], 1)).toEqual([
			201, 201, 429
		]);
		// The next /64 is another client.
		expect(await statuses(['2001:db8:7:9::1'], 4)).toEqual([201]);
		expect(await statuses(['192.0.2.30', '::ffff:192.0.2.30', '::ffff:c000:21e'], 5)).toEqual([
			201, 201, 429
		]);
		await ctx.dispose();
	});

	test('a request without a client address (not through the proxy) is refused with 400, never a 500', async ({
		playwright
	}) => {
		const ctx = await playwright.request.newContext({ baseURL: server.url });
		const words = 'Yêu cầu không mang địa chỉ mạng hợp lệ của người gửi';
		for (const headers of [{}, from('garbage-not-an-ip'), from('203.0.113.9, ')]) {
			const label = JSON.stringify(headers);
			const signIn = await ctx.post('/api/session', {
				data: { login: '0900000002', password: 'GiamThi2026' },
				headers
			});
			expect(signIn.status(), label).toBe(400);
			const body = await signIn.json();
			expect(body.error.code, label).toBe('badAddress');
			expect(body.error.message, label).toContain(words);
			const registered = await ctx.post('/api/candidates', { data: adult, headers });
			expect(registered.status(), label).toBe(400);
			expect((await registered.json()).error.code, label).toBe('badAddress');
			// The forms: the error page (no JavaScript) and the error an enhanced form reads.
			const page = await ctx.post('/login', {
				form: { login: '0900000002', password: 'GiamThi2026' },
				headers: { ...headers, accept: 'text/html' },
				maxRedirects: 0
			});
			expect(page.status(), label).toBe(400);
			const enhanced = await ctx.post('/results/tra-cuu', {
				form: { key: '082090001234', birthYear: '1990' },
				headers: { ...headers, accept: 'application/json' }
			});
			const answer = await enhanced.json();
			expect(answer.type, label).toBe('error');
			expect(answer.error, label).toEqual({ message: expect.stringContaining(words), code: 'badAddress' });
		}
		await ctx.dispose();
	});
});
