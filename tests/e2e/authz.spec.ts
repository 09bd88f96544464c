// The authorisation matrix: every route against every kind of caller, on a server of its
// own. Requests are safe (reads, heartbeats, empty batches, bodies the route refuses after
// its authorisation check), so one row never changes what a later row sees.
//
// Outcomes are exact statuses, or 'login' (303 to /login?next=…). By design: API routes
// answer 401 JSON to callers without a session or token and 403 JSON to the wrong role;
// pages send anonymous visitors to sign in and answer 403 to the wrong role; bearer routes
// answer 401 with no or a forged token and 403 with another attempt's or device's token.
// Form actions are posted as enhanced forms post them (accept: application/json), and the
// outcome is the status inside SvelteKit's {type, status} answer.
import { expect, test } from '@playwright/test';
import { buildWorld, ROOM1, ROOM2, type World } from './support/hostile-world';
import type { APIRequestContext } from '@playwright/test';

test.describe.configure({ mode: 'serial', timeout: 180_000 });

const PRINCIPALS = [
	'anon',
	'candidate',
	'finalist',
	'device',
	'proctorHere',
	'proctorOther',
	'organiser'
] as const;
type Principal = (typeof PRINCIPALS)[number];
type Outcome = number | 'login';
type Cells = Record<Principal, Outcome>;

interface Row {
	method: 'GET' | 'POST' | 'PUT';
	/** With placeholders: {A} candidate A's attempt, {V1}/{V2} the finalists' venue attempts, {devA} A's device, {tab1} tablet 1. */
	path: string;
	json?: unknown;
	form?: Record<string, string>;
	expect: Cells;
}

const all = (o: Outcome): Cells => ({
	anon: o,
	candidate: o,
	finalist: o,
	device: o,
	proctorHere: o,
	proctorOther: o,
	organiser: o
});
/** Pages for candidates (session cookie). */
const candidatePage: Cells = {
	anon: 'login',
	candidate: 200,
	finalist: 200,
	device: 'login',
	proctorHere: 403,
	proctorOther: 403,
	organiser: 403
};
/** Candidate JSON API. */
const candidateApi = (ok: number): Cells => ({
	anon: 401,
	candidate: ok,
	finalist: ok,
	device: 401,
	proctorHere: 403,
	proctorOther: 403,
	organiser: 403
});
/** Organiser pages. */
const organiserPage = (ok: number): Cells => ({
	anon: 'login',
	candidate: 403,
	finalist: 403,
	device: 'login',
	proctorHere: 403,
	proctorOther: 403,
	organiser: ok
});
const organiserApi = (ok: number): Cells => ({
	anon: 401,
	candidate: 403,
	finalist: 403,
	device: 401,
	proctorHere: 403,
	proctorOther: 403,
	organiser: ok
});
/** The console of room 1 (proctorHere is assigned to it, proctorOther to room 2). */
const room1Page = (ok: number): Cells => ({
	anon: 'login',
	candidate: 403,
	finalist: 403,
	device: 'login',
	proctorHere: ok,
	proctorOther: 403,
	organiser: ok
});
const room1Api = (ok: number): Cells => ({
	anon: 401,
	candidate: 403,
	finalist: 403,
	device: 401,
	proctorHere: ok,
	proctorOther: 403,
	organiser: ok
});
/** Bearer routes that only a tablet token opens. */
const deviceOnly = (ok: number): Cells => ({ ...all(401), device: ok });
const signedInRedirect: Cells = {
	anon: 200,
	candidate: 303,
	finalist: 303,
	device: 200,
	proctorHere: 303,
	proctorOther: 303,
	organiser: 303
};

const NO_IMPORT = '00000000-0000-4000-8000-000000000000';

const MATRIX: Row[] = [
	// Public pages and public API.
	{ method: 'GET', path: '/', expect: all(200) },
	{ method: 'GET', path: '/login', expect: signedInRedirect },
	{ method: 'GET', path: '/register', expect: signedInRedirect },
	{ method: 'GET', path: '/results', expect: all(200) },
	{ method: 'GET', path: '/results/qualifying', expect: all(404) }, // not published
	{ method: 'GET', path: '/practice', expect: all(200) }, // rendered in the browser from IndexedDB
	{ method: 'GET', path: '/venue', expect: all(200) },
	{ method: 'GET', path: '/exam/{A}', expect: all(200) },
	{ method: 'GET', path: '/api/time', expect: all(200) },
	{ method: 'GET', path: '/api/units', expect: all(200) },
	{ method: 'POST', path: '/api/candidates', json: {}, expect: all(422) },
	{
		method: 'POST',
		path: '/api/session',
		json: { login: '0999999999', password: 'SaiMatKhau1' },
		expect: all(401)
	},
	{
		method: 'POST',
		path: '/api/venue/enrol',
		json: { code: 'ZZZZZZZZ', deviceId: 'nobody', label: '' },
		expect: all(404)
	},
	{ method: 'POST', path: '/register', form: {}, expect: all(422) },
	{ method: 'POST', path: '/login', form: {}, expect: all(400) },

	// The candidate's area.
	{ method: 'GET', path: '/dashboard', expect: candidatePage },
	{ method: 'GET', path: '/api/rounds', expect: candidateApi(200) },
	{ method: 'POST', path: '/api/rounds/qualifying/attempts', expect: candidateApi(200) }, // resumes the running attempt
	{ method: 'POST', path: '/api/rounds/final/attempts', expect: candidateApi(403) }, // the final is taken at the venue only
	{ method: 'GET', path: '/api/rounds/practice/bank', expect: candidateApi(200) },
	{ method: 'GET', path: '/api/rounds/qualifying/bank', expect: candidateApi(404) }, // a graded round's key is never served

	// Bearer routes: a home attempt (candidate A's) and a venue attempt (finalist 1's, seated at tablet 1).
	{
		method: 'POST',
		path: '/api/attempts/{A}/events',
		json: { deviceId: '{devA}', events: [] },
		expect: { ...all(401), candidate: 200, finalist: 403, device: 403 }
	},
	{
		method: 'POST',
		path: '/api/attempts/{A}/submit',
		json: { deviceId: '{devA}', lastSeq: 999 },
		expect: { ...all(401), candidate: 409, finalist: 403, device: 403 }
	},
	{
		method: 'POST',
		path: '/api/attempts/{V1}/events',
		json: { deviceId: '{tab1}', events: [] },
		expect: { ...all(401), candidate: 403, finalist: 403, device: 200 }
	},
	{
		method: 'POST',
		path: '/api/attempts/{V1}/submit',
		json: { deviceId: '{tab1}', lastSeq: 999 },
		expect: { ...all(401), candidate: 403, finalist: 403, device: 409 }
	},
	{
		method: 'POST',
		path: '/api/attempts/{V2}/events',
		json: { deviceId: '{tab1}', events: [] },
		expect: { ...all(401), candidate: 403, finalist: 403, device: 403 }
	},
	{ method: 'POST', path: '/api/venue/heartbeat', json: {}, expect: deviceOnly(200) },
	{ method: 'GET', path: '/api/venue/package', expect: deviceOnly(200) },
	{ method: 'GET', path: '/api/venue/key', expect: deviceOnly(200) }, // room 1 has started
	{ method: 'GET', path: '/api/venue/attempts/{V1}/continue', expect: deviceOnly(200) },
	{ method: 'GET', path: '/api/venue/attempts/{V2}/continue', expect: deviceOnly(403) }, // another room's finalist

	// The proctor's console.
	{ method: 'GET', path: '/proctor', expect: { ...room1Page(200), proctorOther: 200 } },
	{ method: 'GET', path: `/proctor/rooms/${ROOM1}`, expect: room1Page(200) },
	{ method: 'GET', path: `/proctor/rooms/${ROOM1}/export`, expect: room1Page(200) },
	{
		method: 'GET',
		path: `/proctor/rooms/${ROOM2}`,
		expect: { ...room1Page(200), proctorHere: 403, proctorOther: 200 }
	},
	{ method: 'GET', path: `/api/proctor/rooms/${ROOM1}`, expect: room1Api(200) },
	{
		method: 'GET',
		path: `/api/proctor/rooms/${ROOM2}`,
		expect: { ...room1Api(200), proctorHere: 403, proctorOther: 200 }
	},
	{ method: 'GET', path: '/api/proctor/rooms/no-such-room', expect: { ...room1Api(403), organiser: 403 } },
	{
		method: 'POST',
		path: `/api/proctor/rooms/${ROOM1}/actions`,
		json: { action: 'noSuchAction' },
		expect: room1Api(400)
	},
	{ method: 'POST', path: `/api/proctor/rooms/${ROOM1}/upload`, json: {}, expect: room1Api(400) },

	// The organiser's area.
	...[
		'/admin',
		'/admin/venue',
		'/admin/venue/tickets',
		'/admin/bank',
		'/admin/bank/import',
		'/admin/bank/setup',
		'/admin/bank/questions/new',
		'/admin/bank/template?format=csv',
		'/admin/bank/export',
		'/admin/rounds',
		'/admin/rounds/new',
		'/admin/rounds/qualifying',
		'/admin/results',
		'/admin/results/qualifying',
		'/admin/results/qualifying/stats',
		'/admin/results/qualifying/units',
		'/admin/results/qualifying/questions',
		'/admin/results/qualifying/settings',
		'/admin/results/qualifying/export/individual.csv',
		'/admin/results/qualifying/attempts/{A}'
	].map((path): Row => ({ method: 'GET', path, expect: organiserPage(200) })),
	{ method: 'GET', path: '/admin/bank/questions/no-such-question', expect: organiserPage(404) },
	{ method: 'GET', path: '/admin/results/qualifying/questions/no-such-question', expect: organiserPage(404) },
	{ method: 'GET', path: '/admin/results/no-such-round', expect: organiserPage(404) },
	// The demo's qualifying round is open: no certificates before its results are finalised.
	{ method: 'GET', path: '/admin/results/qualifying/certificates', expect: organiserPage(409) },
	{ method: 'POST', path: '/admin/venue?/add', form: {}, expect: organiserPage(400) },
	{ method: 'POST', path: '/admin/rounds?/contest', form: {}, expect: organiserPage(400) },
	{ method: 'POST', path: '/admin/bank/setup?/topic', form: {}, expect: organiserPage(400) },
	{ method: 'POST', path: '/admin/results/qualifying?/finalise', form: {}, expect: organiserPage(400) },
	{ method: 'GET', path: `/api/admin/bank/imports/${NO_IMPORT}`, expect: organiserApi(404) },
	{ method: 'POST', path: '/api/admin/bank/imports', json: {}, expect: organiserApi(400) },
	{
		method: 'PUT',
		path: `/api/admin/bank/imports/${NO_IMPORT}/parts/0`,
		json: {},
		expect: organiserApi(404)
	},
	{ method: 'POST', path: `/api/admin/bank/imports/${NO_IMPORT}/analyse`, expect: organiserApi(404) },
	{ method: 'POST', path: `/api/admin/bank/imports/${NO_IMPORT}/commit`, expect: organiserApi(404) },
	{ method: 'POST', path: `/api/admin/bank/imports/${NO_IMPORT}/cancel`, expect: organiserApi(200) } // nothing to cancel: a no-op
];

let world: World;

test.beforeAll(async () => {
	world = await buildWorld('authz');
});

test.afterAll(async () => {
	await world?.close();
});

function caller(p: Principal): { ctx: APIRequestContext; bearer: string | null } {
	switch (p) {
		case 'anon':
			return { ctx: world.anon, bearer: null };
		case 'candidate':
			return { ctx: world.candA.ctx, bearer: world.candA.token };
		case 'finalist':
			// A finalist is a candidate account: their session, and the token of their own home attempt.
			return { ctx: world.fin1.ctx, bearer: world.fin1.token };
		case 'device':
			return { ctx: world.anon, bearer: world.tablet1.token };
		case 'proctorHere':
			return { ctx: world.proctor1, bearer: null };
		case 'proctorOther':
			return { ctx: world.proctor2, bearer: null };
		case 'organiser':
			return { ctx: world.organiser, bearer: null };
	}
}

function fill<T>(value: T): T {
	const map: Record<string, string> = {
		'{A}': world.candA.attemptId,
		'{V1}': world.fin1.venueAttemptId,
		'{V2}': world.fin2.venueAttemptId,
		'{devA}': world.candA.deviceId,
		'{tab1}': world.tablet1.deviceId
	};
	return JSON.parse(JSON.stringify(value).replace(/\{(A|V1|V2|devA|tab1)\}/g, (m) => map[m])) as T;
}

async function send(row: Row, p: Principal) {
	const { ctx, bearer } = caller(p);
	const headers: Record<string, string> = {};
	if (bearer) headers.authorization = `Bearer ${bearer}`;
	const path = fill(row.path);
	if (row.form) headers.accept = 'application/json';
	const options = {
		headers,
		maxRedirects: 0,
		...(row.json !== undefined ? { data: fill(row.json) } : {}),
		...(row.form ? { form: row.form } : {})
	};
	return row.method === 'GET'
		? ctx.get(path, options)
		: row.method === 'PUT'
			? ctx.put(path, options)
			: ctx.post(path, options);
}

test('every route × every caller is allowed or refused as it should be', async () => {
	const wrong: string[] = [];
	let checked = 0;
	for (const row of MATRIX) {
		for (const p of PRINCIPALS) {
			const res = await send(row, p);
			const want = row.expect[p];
			let status = res.status();
			let location = res.headers()['location'] ?? '';
			if (row.form && status === 200) {
				// A form action posted as SvelteKit's enhanced forms do answers {type, status, …}.
				const body = (await res.json()) as { type: string; status?: number; location?: string };
				status = body.status ?? 200;
				location = body.location ?? '';
			}
			const got: Outcome = status === 303 && location.startsWith('/login?next=') ? 'login' : status;
			checked++;
			if (got !== want) {
				wrong.push(
					`${row.method} ${row.path} as ${p}: expected ${want}, got ${got}${location ? ` → ${location}` : ''} ${(await res.text()).slice(0, 160).replace(/\s+/g, ' ')}`
				);
				continue;
			}
			// Refusals from the JSON API are JSON errors; a refused page never leaks its content.
			if (row.path.startsWith('/api/') && (status === 401 || status === 403)) {
				const body = (await res.json()) as { error?: { code?: unknown; message?: unknown } };
				if (typeof body.error?.code !== 'string' || typeof body.error?.message !== 'string')
					wrong.push(`${row.method} ${row.path} as ${p}: ${status} without {error:{code,message}}`);
			}
			if (want === 'login' && location !== `/login?next=${encodeURIComponent(fill(row.path))}`) {
				wrong.push(
					`${row.method} ${row.path} as ${p}: sign-in redirect does not come back here: ${location}`
				);
			}
		}
	}
	expect(wrong, `${wrong.length} of ${checked} cells wrong`).toEqual([]);
	expect(checked).toBe(MATRIX.length * PRINCIPALS.length);
});

test('forged and foreign tokens on every bearer route', async () => {
	const { anon, candA, candB, tablet1, tablet2, pending, fin1, fin2 } = world;
	const [payload, mac] = candA.token.split('.');
	const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, string>;
	const forgedPayload = Buffer.from(
		JSON.stringify({ ...claims, attemptId: candB.attemptId, userId: 'x' })
	).toString('base64url');
	const devicePayload = Buffer.from(
		JSON.stringify({ kind: 'device', roomId: ROOM1, deviceId: tablet1.deviceId })
	).toString('base64url');
	const forged = [
		'',
		'garbage',
		`${forgedPayload}.${mac}`, // claims changed, old signature
		`${devicePayload}.${mac}`, // a device claim under an attempt signature
		`${payload}.${mac.slice(0, -2)}AA`, // signature altered
		`${payload}`,
		`${payload}.${mac}.extra`.split('.').slice(0, 1).join('.')
	];
	const routes: { method: 'GET' | 'POST'; path: string; json?: unknown }[] = [
		{
			method: 'POST',
			path: `/api/attempts/${candA.attemptId}/events`,
			json: { deviceId: candA.deviceId, events: [] }
		},
		{
			method: 'POST',
			path: `/api/attempts/${candA.attemptId}/submit`,
			json: { deviceId: candA.deviceId, lastSeq: 999 }
		},
		{ method: 'POST', path: '/api/venue/heartbeat', json: {} },
		{ method: 'GET', path: '/api/venue/package' },
		{ method: 'GET', path: '/api/venue/key' },
		{ method: 'GET', path: `/api/venue/attempts/${fin1.venueAttemptId}/continue` }
	];
	const call = (r: (typeof routes)[number], authorization: string | null) => {
		const headers: Record<string, string> = authorization === null ? {} : { authorization };
		return r.method === 'GET' ? anon.get(r.path, { headers }) : anon.post(r.path, { headers, data: r.json });
	};
	for (const r of routes) {
		for (const t of forged) {
			for (const authorization of [`Bearer ${t}`, t, `bearer ${t}`]) {
				const res = await call(r, authorization);
				expect(res.status(), `${r.path} with ${JSON.stringify(authorization)}`).toBe(401);
				expect((await res.json()).error.code).toBe('badToken');
			}
		}
		expect((await call(r, null)).status()).toBe(401);
	}
	// Real tokens for something else: 403.
	const other = async (path: string, token: string, json: unknown) =>
		anon.post(path, { headers: { authorization: `Bearer ${token}` }, data: json });
	expect(
		(
			await other(`/api/attempts/${candB.attemptId}/events`, candA.token, {
				deviceId: candA.deviceId,
				events: []
			})
		).status()
	).toBe(403);
	expect(
		(
			await other(`/api/attempts/${candB.attemptId}/submit`, candA.token, {
				deviceId: candA.deviceId,
				lastSeq: 0
			})
		).status()
	).toBe(403);
	expect(
		(
			await other(`/api/attempts/${fin2.venueAttemptId}/events`, tablet1.token, {
				deviceId: tablet1.deviceId,
				events: []
			})
		).status()
	).toBe(403);
	expect(
		(
			await other(`/api/attempts/${fin1.venueAttemptId}/events`, tablet2.token, {
				deviceId: tablet2.deviceId,
				events: []
			})
		).status()
	).toBe(403);
	expect(
		(
			await other(`/api/attempts/${fin1.venueAttemptId}/events`, pending.token, {
				deviceId: pending.deviceId,
				events: []
			})
		).status()
	).toBe(403);
	expect(
		(
			await other(`/api/attempts/${candA.attemptId}/events`, tablet1.token, {
				deviceId: tablet1.deviceId,
				events: []
			})
		).status()
	).toBe(403);
	// A pending (not yet approved) tablet gets no papers and no keys.
	for (const path of ['/api/venue/package', '/api/venue/key']) {
		const res = await anon.get(path, { headers: { authorization: `Bearer ${pending.token}` } });
		expect(res.status(), path).toBe(403);
		expect((await res.json()).error.code).toBe('notApproved');
	}
	// Tablet 2's room has not started: no keys yet.
	expect(
		(await anon.get('/api/venue/key', { headers: { authorization: `Bearer ${tablet2.token}` } })).status()
	).toBe(409);
});
