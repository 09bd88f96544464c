// Hostile input, generated with fast-check against a server of its own: malformed,
// oversized, forged-token and other-candidate requests at every JSON endpoint and form
// action. Each is refused with a 4xx and a JSON error, nothing in the database changes
// (the audit log and the rate-limit counters aside), and the server stays up. Replayed
// and reordered sync batches are not hostile: they get the same 200 and change nothing.
import { createHmac, randomUUID } from 'node:crypto';
import http from 'node:http';
import { expect, test, type APIRequestContext, type APIResponse } from '@playwright/test';
import fc from 'fast-check';
import { z } from 'zod';
import { eventBatch, submitBody } from '../../src/lib/server/attempts';
import { actionBody, heartbeatBody, MAX_LOG_BODY_BYTES } from '../../src/lib/server/venue';
import { chainEvent, type AnswerEvent } from '../../src/lib/exam/events';
import { TestServer } from './support/server';
import { withDb } from './support/fixtures';
import {
	apiContext,
	buildWorld,
	chain,
	changedTables,
	expectAlive,
	PROCTOR1,
	ROOM1,
	ROOM2,
	snapshot,
	type World
} from './support/hostile-world';

test.describe.configure({ mode: 'serial', timeout: 180_000 });

const RUNS = Number(process.env.HOSTILE_RUNS ?? 30);
const MAX_BODY = 256 * 1024;

let world: World;

test.beforeAll(async () => {
	world = await buildWorld('hostile');
});

test.afterAll(async () => {
	await world?.close();
});

// ---------------------------------------------------------------- helpers

interface Caller {
	ctx: APIRequestContext;
	bearer?: string;
}

type Method = 'GET' | 'POST' | 'PUT';

async function send(
	c: Caller,
	method: Method,
	path: string,
	body?: string | Buffer,
	headers: Record<string, string> = {}
): Promise<APIResponse> {
	const h: Record<string, string> = { ...headers };
	if (c.bearer) h.authorization = `Bearer ${c.bearer}`;
	if (body !== undefined && !h['content-type']) h['content-type'] = 'application/json';
	const options = { headers: h, maxRedirects: 0, ...(body !== undefined ? { data: body } : {}) };
	return method === 'GET'
		? c.ctx.get(path, options)
		: method === 'PUT'
			? c.ctx.put(path, options)
			: c.ctx.post(path, options);
}

/**
 * A large request sent with node:http: the headers first, the body only if no answer came
 * within a moment. A server that refuses a body by its content-length answers at once and
 * closes the connection; a client that is still uploading then sees a reset, not the answer.
 */
async function rawRequest(
	c: Caller,
	method: Method,
	url: string,
	body: Buffer
): Promise<{ status: number; headers: http.IncomingHttpHeaders; text: string }> {
	const headers: Record<string, string> = {
		'content-type': 'application/json',
		'content-length': String(body.length)
	};
	if (c.bearer) headers.authorization = `Bearer ${c.bearer}`;
	const cookies = (await c.ctx.storageState()).cookies.map((k) => `${k.name}=${k.value}`).join('; ');
	if (cookies) headers.cookie = cookies;
	return new Promise((resolve, reject) => {
		let answered = false;
		const req = http.request(url, { method, headers }, (res) => {
			answered = true;
			const parts: Buffer[] = [];
			res.on('data', (d: Buffer) => parts.push(d));
			res.on('end', () => {
				resolve({
					status: res.statusCode ?? 0,
					headers: res.headers,
					text: Buffer.concat(parts).toString('utf8')
				});
				req.destroy();
			});
			res.on('error', reject);
		});
		req.on('error', (e) => {
			if (!answered) reject(e);
		});
		req.flushHeaders();
		setTimeout(() => {
			if (!answered) req.end(body);
		}, 1000);
	});
}

/** A 4xx whose body is the API's `{error: {code, message}}`. */
async function expectJsonError(res: APIResponse, statuses: number[] | null, what: string) {
	const text = await res.text();
	expect(res.status(), `${what}: ${text.slice(0, 300)}`).toBeGreaterThanOrEqual(400);
	expect(res.status(), `${what}: ${text.slice(0, 300)}`).toBeLessThan(500);
	if (statuses) expect(statuses, `${what}: ${res.status()} ${text.slice(0, 300)}`).toContain(res.status());
	expect(res.headers()['content-type'] ?? '', what).toContain('application/json');
	const body = JSON.parse(text) as { error?: { code?: unknown; message?: unknown } };
	expect(typeof body.error?.code, `${what}: ${text.slice(0, 300)}`).toBe('string');
	expect(typeof body.error?.message, `${what}: ${text.slice(0, 300)}`).toBe('string');
	return body.error as { code: string; message: string };
}

/**
 * A tablet's presence columns: a heartbeat accepted earlier writes them up to 500 ms later
 * (src/lib/server/venue/presence.ts), so they may move under any later request.
 */
const PRESENCE = ['device.last_seen_at', 'device.readiness', 'device.report'];

/** Runs `fn` and checks that no table changed (audit_log, login_attempt and presence aside). */
async function unchanged<T>(fn: () => Promise<T>, what: string, ignoreColumns: string[] = []): Promise<T> {
	const before = snapshot(world.server.sqliteFile, [...PRESENCE, ...ignoreColumns]);
	const out = await fn();
	const after = snapshot(world.server.sqliteFile, [...PRESENCE, ...ignoreColumns]);
	expect(changedTables(before, after), `${what} changed the database`).toEqual([]);
	return out;
}

/** Sets `value` at a dotted path of a copy of `obj` (creating objects on the way). */
function setPath(obj: unknown, path: string, value: unknown): unknown {
	const copy = structuredClone(obj) as Record<string, unknown>;
	const keys = path.split('.');
	let at: Record<string, unknown> = copy;
	for (const k of keys.slice(0, -1)) {
		if (typeof at[k] !== 'object' || at[k] === null) at[k] = {};
		at = at[k] as Record<string, unknown>;
	}
	if (value === undefined) delete at[keys[keys.length - 1]];
	else at[keys[keys.length - 1]] = value;
	return copy;
}

const importBody = z.object({
	fileName: z.string().min(1).max(300),
	// An empty file is accepted: the import's report then says what to do (issue 13, point 17).
	size: z
		.number()
		.int()
		.min(0)
		.max(30 * 1024 * 1024),
	defaults: z.object({
		poolId: z.string().max(60).nullish(),
		topicId: z.string().max(60).nullish(),
		difficulty: z.number().int().min(1).max(3).nullish()
	})
});

interface JsonEndpoint {
	name: string;
	method: Method;
	path: () => string;
	as: () => Caller;
	/** A body the endpoint takes in form (it is still refused, or must be filtered out). */
	template: () => unknown;
	/** Keys of the template the generator replaces with arbitrary JSON. */
	keys: string[];
	/** Bodies this schema accepts are not malformed; the generator skips them. */
	wellFormed?: (v: unknown) => boolean;
	/** This endpoint reads a body only above this many bytes. */
	minBytes?: number;
	/** What a malformed body may get here. */
	statuses?: number[];
	/** The sizes of oversized bodies to try (default: over 256 KB up to 1.2 MB). */
	oversized?: [number, number];
}

function endpoints(): JsonEndpoint[] {
	const { candA, tablet1, proctor1, organiser, anon } = world;
	const token = (bearer: string, ctx = anon): Caller => ({ ctx, bearer });
	const event: AnswerEvent = { ...candA.events[0], seq: 999 };
	return [
		{
			name: 'POST /api/candidates',
			statuses: [400, 422],
			method: 'POST',
			path: () => '/api/candidates',
			as: () => ({ ctx: anon }),
			// On the exclusion list: even a well-formed body is refused (422).
			template: () => ({
				fullName: 'Nguyễn Văn Thử',
				birthDate: '1980-02-02',
				gender: 'male',
				nationalId: '082080009999',
				phone: '0911999888',
				address: 'Mỹ Tho',
				unitId: 'my-tho',
				password: 'MatKhau2026',
				publishName: false
			}),
			keys: [
				'fullName',
				'birthDate',
				'gender',
				'nationalId',
				'phone',
				'email',
				'address',
				'unitId',
				'password',
				'publishName',
				'guardian',
				'guardian.consent'
			]
		},
		{
			name: 'POST /api/session',
			statuses: [400, 401],
			method: 'POST',
			path: () => '/api/session',
			as: () => ({ ctx: anon }),
			template: () => ({ login: '0999999999', password: 'SaiMatKhau1' }),
			keys: ['login', 'password']
		},
		{
			name: 'POST /api/rounds/practice/attempts (a device-drawn paper)',
			statuses: [400, 409, 422],
			method: 'POST',
			path: () => '/api/rounds/practice/attempts',
			as: () => ({ ctx: candA.ctx }),
			template: () => ({
				attemptId: randomUUID(),
				seed: 's',
				startedAt: 1,
				questions: [{ id: 'no-such-question', version: 1, options: ['a', 'b'] }]
			}),
			keys: [
				'attemptId',
				'seed',
				'startedAt',
				'questions',
				'questions.0',
				'questions.0.id',
				'questions.0.version',
				'questions.0.options'
			],
			minBytes: 3
		},
		{
			name: 'POST /api/attempts/{id}/events',
			statuses: [400],
			method: 'POST',
			path: () => `/api/attempts/${candA.attemptId}/events`,
			as: () => token(candA.token),
			template: () => ({ deviceId: candA.deviceId, events: [event] }),
			keys: [
				'deviceId',
				'events',
				'events.0',
				'events.0.seq',
				'events.0.questionId',
				'events.0.choice',
				'events.0.at',
				'events.0.elapsedMs',
				'events.0.hash'
			],
			wellFormed: (v) => eventBatch.safeParse(v).success
		},
		{
			name: 'POST /api/attempts/{id}/submit',
			statuses: [400],
			method: 'POST',
			path: () => `/api/attempts/${candA.attemptId}/submit`,
			as: () => token(candA.token),
			template: () => ({ deviceId: candA.deviceId, lastSeq: 999, reason: 'candidate' }),
			keys: ['deviceId', 'lastSeq', 'reason'],
			wellFormed: (v) => submitBody.safeParse(v).success
		},
		{
			name: 'POST /api/venue/enrol',
			statuses: [400, 404],
			method: 'POST',
			path: () => '/api/venue/enrol',
			as: () => ({ ctx: anon }),
			template: () => ({ code: 'ZZZZ-ZZZZ', deviceId: 'intruder', label: '' }),
			keys: ['code', 'deviceId', 'label']
		},
		{
			name: 'POST /api/venue/heartbeat',
			statuses: [400],
			method: 'POST',
			path: () => '/api/venue/heartbeat',
			as: () => token(tablet1.token),
			template: () => ({
				readiness: { appCached: true, papersCached: 1 },
				unsent: 0,
				lastSeqs: {},
				heads: {},
				started: [],
				signedIn: null
			}),
			keys: [
				'readiness',
				'readiness.papersCached',
				'readiness.clockOffsetMs',
				'unsent',
				'lastSeqs',
				'lastSeqs.x',
				'heads',
				'heads.x',
				'started',
				'signedIn',
				'signedIn.at'
			],
			wellFormed: (v) => heartbeatBody.safeParse(v).success
		},
		{
			name: 'POST /api/proctor/rooms/{id}/actions',
			statuses: [400],
			method: 'POST',
			path: () => `/api/proctor/rooms/${ROOM1}/actions`,
			as: () => ({ ctx: proctor1 }),
			template: () => ({ action: 'extend', seatId: `${ROOM1}-s1`, minutes: 5 }),
			keys: ['action', 'seatId', 'minutes', 'deviceId', 'note'],
			wellFormed: (v) => actionBody.safeParse(v).success
		},
		{
			name: 'POST /api/proctor/rooms/{id}/upload',
			statuses: [400, 422],
			method: 'POST',
			path: () => `/api/proctor/rooms/${ROOM1}/upload`,
			as: () => ({ ctx: proctor1 }),
			template: () => ({
				kind: 'phongthi-venue-log',
				roomId: ROOM1,
				deviceId: tablet1.deviceId,
				token: tablet1.token,
				sealed: { iv: 'AAAAAAAAAAAAAAAA', data: 'AAAA' }
			}),
			keys: ['kind', 'roomId', 'deviceId', 'token', 'sealed', 'sealed.iv', 'sealed.data'],
			// A tablet's whole log: this route holds its own limit, far above the others'.
			oversized: [MAX_LOG_BODY_BYTES + 1, MAX_LOG_BODY_BYTES + 1_000_000]
		},
		{
			name: 'POST /api/admin/bank/imports',
			statuses: [400, 413],
			method: 'POST',
			path: () => '/api/admin/bank/imports',
			as: () => ({ ctx: organiser }),
			// Too large a file: refused even when well-formed.
			template: () => ({ fileName: 'cau-hoi.csv', size: 10 ** 12, defaults: {} }),
			keys: ['fileName', 'size', 'defaults', 'defaults.difficulty', 'defaults.poolId'],
			wellFormed: (v) => importBody.safeParse(v).success
		}
	];
}

/** Bodies that are not JSON, JSON of the wrong shape, or the template with one field spoiled. */
function malformed(ep: JsonEndpoint): fc.Arbitrary<string> {
	const spoiled = fc
		.record({
			key: fc.constantFrom(...ep.keys),
			value: fc.oneof(fc.jsonValue({ maxDepth: 3 }), fc.constant(undefined))
		})
		.map(({ key, value }) => JSON.stringify(setPath(ep.template(), key, value)));
	// A NUL in any string or key (PostgreSQL's text cannot hold one): malformed however well shaped.
	const withNul = fc
		.record({ key: fc.constantFrom(...ep.keys), at: fc.nat({ max: 3 }) })
		.map(({ key, at }) =>
			JSON.stringify(setPath(ep.template(), key, 'abc'.slice(0, at) + '\u0000' + 'abc'.slice(at)))
		);
	return fc
		.oneof(
			{ arbitrary: spoiled, weight: 4 },
			{ arbitrary: withNul, weight: 1 },
			{ arbitrary: fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v) ?? 'null'), weight: 2 },
			{ arbitrary: fc.string({ maxLength: 200, unit: 'binary' }), weight: 1 },
			{
				arbitrary: fc.constantFrom(
					'{',
					'[1,',
					'{"a":}',
					'nul',
					'\u0000\u0001',
					'{"__proto__":{"polluted":1}}',
					'{"constructor":{"prototype":{"x":1}}}',
					'"' + 'x'.repeat(5000) + '"',
					'[' + '['.repeat(5000) + ']'.repeat(5000) + ']'
				),
				weight: 1
			}
		)
		.filter((raw) => {
			if (Buffer.byteLength(raw) < (ep.minBytes ?? 0)) return false;
			if (!ep.wellFormed || raw.includes('\\u0000')) return true;
			try {
				return !ep.wellFormed(JSON.parse(raw));
			} catch {
				return true;
			}
		});
}

// ---------------------------------------------------------------- malformed and oversized

test('malformed bodies at every JSON endpoint: 4xx JSON, nothing stored, server up', async () => {
	for (const ep of endpoints()) {
		await fc.assert(
			fc.asyncProperty(malformed(ep), async (raw) => {
				await unchanged(async () => {
					const res = await send(ep.as(), ep.method, ep.path(), raw);
					await expectJsonError(res, ep.statuses ?? null, `${ep.name} ← ${raw.slice(0, 120)}`);
				}, ep.name);
			}),
			{ numRuns: RUNS }
		);
		await expectAlive(world);
	}
});

test('oversized bodies at every JSON endpoint: 413 JSON, nothing stored, server up', async () => {
	const eps = endpoints();
	eps.push({
		name: 'PUT /api/admin/bank/imports/{id}/parts/{idx}',
		method: 'PUT',
		path: () => `/api/admin/bank/imports/${randomUUID()}/parts/0`,
		as: () => ({ ctx: world.organiser }),
		template: () => ({}),
		keys: [],
		// Its own limit is one part (192 KB); above the adapter's 512 KB too it answers 413 JSON.
		oversized: [192 * 1024 + 1, 1_200_000]
	});
	for (const ep of eps) {
		await fc.assert(
			fc.asyncProperty(
				// Just over the limit, around the adapter's own 512 KB (when that is over it), and
				// anywhere up to 1.2 MB.
				fc.oneof(
					fc.integer({
						min: ep.oversized?.[0] ?? MAX_BODY + 1,
						max: (ep.oversized?.[0] ?? MAX_BODY + 1) + 64
					}),
					fc.integer({
						min: Math.max(512 * 1024 - 64, ep.oversized?.[0] ?? 0),
						max: Math.max(512 * 1024 + 64, ep.oversized?.[0] ?? 0)
					}),
					fc.integer({ min: ep.oversized?.[0] ?? MAX_BODY + 1, max: ep.oversized?.[1] ?? 1_200_000 })
				),
				fc.constantFrom('x', 'é', '0'),
				async (size, ch) => {
					const pad = ch.repeat(Math.ceil(size / Buffer.byteLength(ch)));
					const raw = JSON.stringify(setPath(ep.template(), 'padding', pad));
					await unchanged(async () => {
						const res = await rawRequest(ep.as(), ep.method, world.url + ep.path(), Buffer.from(raw));
						const what = `${ep.name} with ${raw.length} bytes: ${res.status} ${res.text.slice(0, 200)}`;
						expect(res.status, what).toBe(413);
						expect(res.headers['content-type'] ?? '', what).toContain('application/json');
						expect(
							(JSON.parse(res.text) as { error: { code: string; message: string } }).error.message,
							what
						).toBeTruthy();
					}, ep.name);
				}
			),
			{ numRuns: 4 }
		);
		// Sent in chunks, without a content-length: refused all the same, below and above
		// the adapter's own body limit (512 KB).
		for (const chunks of [5, 9]) {
			await unchanged(async () => {
				const c = ep.as();
				const headers: Record<string, string> = { 'content-type': 'application/json' };
				if (c.bearer) headers.authorization = `Bearer ${c.bearer}`;
				const cookies = (await c.ctx.storageState()).cookies.map((k) => `${k.name}=${k.value}`).join('; ');
				if (cookies) headers.cookie = cookies;
				const chunk = new TextEncoder().encode('"' + 'y'.repeat(64 * 1024 - 1));
				let sent = 0;
				const stream = new ReadableStream<Uint8Array>({
					pull(controller) {
						if (sent++ < chunks) controller.enqueue(chunk);
						else {
							controller.enqueue(new TextEncoder().encode('"'));
							controller.close();
						}
					}
				});
				const res = await fetch(world.url + ep.path(), {
					method: ep.method,
					headers,
					body: stream,
					duplex: 'half'
				} as RequestInit);
				const text = await res.text();
				const what = `${ep.name} chunked ×${chunks}: ${res.status} ${text.slice(0, 200)}`;
				expect(res.status, what).toBeGreaterThanOrEqual(400);
				expect(res.status, what).toBeLessThan(500);
				expect((JSON.parse(text) as { error: { code: string } }).error.code, what).toBeTruthy();
			}, `${ep.name} chunked`);
		}
		await expectAlive(world);
	}
});

test.describe('a chunked body to POST /api/rounds/{id}/attempts', () => {
	// The route once decided whether a body was sent from content-length alone, so a body sent
	// in chunks was ignored and a fresh attempt started.
	test('is read (and refused when malformed), not ignored', async () => {
		const { candA } = world;
		await unchanged(async () => {
			const cookies = (await candA.ctx.storageState()).cookies.map((k) => `${k.name}=${k.value}`).join('; ');
			const body = new TextEncoder().encode('{"attemptId": "not a uuid"}');
			const stream = new ReadableStream<Uint8Array>({
				start(controller) {
					controller.enqueue(body);
					controller.close();
				}
			});
			const res = await fetch(`${world.url}/api/rounds/practice/attempts`, {
				method: 'POST',
				headers: { 'content-type': 'application/json', cookie: cookies },
				body: stream,
				duplex: 'half'
			} as RequestInit);
			expect(res.status, await res.text()).toBe(400);
		}, 'a chunked malformed practice paper');
	});
});

test.describe('a bank import part over 512 KB', () => {
	// Above the adapter's BODY_SIZE_LIMIT reading the body throws: the route must still answer
	// 413 JSON, not SvelteKit's HTML error page.
	test('is refused with 413 JSON', async () => {
		await unchanged(async () => {
			const res = await rawRequest(
				{ ctx: world.organiser },
				'PUT',
				`${world.url}/api/admin/bank/imports/${randomUUID()}/parts/0`,
				Buffer.alloc(600 * 1024, 120)
			);
			expect(res.status).toBe(413);
			expect(res.headers['content-type'] ?? '').toContain('application/json');
		}, 'a large import part');
	});
});

test('sync batches over the limits (too many events, over 64 KB) are refused whole', async () => {
	const { candA } = world;
	const questions = candA.events.map((e) => e.questionId);
	// Well-formed next events; a batch of them is refused whole when it breaks a limit.
	const long = await chain(candA.attemptId, questions, candA.events, 260);
	await fc.assert(
		fc.asyncProperty(
			fc.integer({ min: 201, max: 260 }),
			fc.integer({ min: 180, max: 200 }),
			async (count, fatCount) => {
				await unchanged(async () => {
					const res = await send(
						{ ctx: world.anon, bearer: candA.token },
						'POST',
						`/api/attempts/${candA.attemptId}/events`,
						JSON.stringify({ deviceId: candA.deviceId, events: long.slice(0, count) })
					);
					await expectJsonError(res, [400], `${count} events`);
					// At most 200 events but over 64 KB of them: ids and choices of 64 characters that JSON escapes.
					const events = long
						.slice(0, fatCount)
						.map((e) => ({ ...e, questionId: '"'.repeat(64), choice: '\\'.repeat(64) }));
					expect(JSON.stringify(events).length).toBeGreaterThan(64 * 1024);
					const res2 = await send(
						{ ctx: world.anon, bearer: candA.token },
						'POST',
						`/api/attempts/${candA.attemptId}/events`,
						JSON.stringify({ deviceId: candA.deviceId, events })
					);
					await expectJsonError(res2, [413], `${events.length} fat events`);
				}, 'oversized batch');
			}
		),
		{ numRuns: 5 }
	);
	await expectAlive(world);
});

test('an event naming a lone surrogate (half a UTF-16 pair) is refused: 400 JSON, nothing stored', async () => {
	const { candA } = world;
	// Hashed by the device as any event is; stored, the text would become U+FFFD and the chain
	// it heads would no longer match what the device holds.
	const [next] = await chain(candA.attemptId, ['q\ud800x'], candA.events, 1);
	const last = candA.events[candA.events.length - 1];
	const { hash: _, ...unchained } = next;
	const choosing = await chainEvent(last.hash, {
		...unchained,
		questionId: candA.events[0].questionId,
		choice: 'o\udc00'
	});
	for (const event of [next, choosing])
		await unchanged(async () => {
			const res = await send(
				{ ctx: world.anon, bearer: candA.token },
				'POST',
				`/api/attempts/${candA.attemptId}/events`,
				JSON.stringify({ deviceId: candA.deviceId, events: [event] })
			);
			await expectJsonError(res, [400], `lone surrogate in ${JSON.stringify(event)}`);
		}, 'lone surrogate');
	await expectAlive(world);
});

// ---------------------------------------------------------------- forged tokens

function tokenOf(claims: unknown, secret: Buffer): string {
	const payload = Buffer.from(JSON.stringify(claims)).toString('base64url');
	return `${payload}.${createHmac('sha256', secret).update(payload).digest('base64url')}`;
}

test('forged tokens on every bearer route: 401 JSON, nothing changes', async () => {
	const { candA, candB, tablet1, fin1 } = world;
	const real = [candA.token, tablet1.token];
	const claims = fc.oneof(
		fc.record({
			kind: fc.constant('attempt'),
			attemptId: fc.constantFrom(candA.attemptId, candB.attemptId, fin1.venueAttemptId),
			userId: fc.constantFrom(candA.userId, candB.userId, 'x')
		}),
		fc.record({
			kind: fc.constant('device'),
			roomId: fc.constantFrom(ROOM1, ROOM2),
			deviceId: fc.constantFrom(tablet1.deviceId, 'tab-made-up')
		}),
		fc.jsonValue({ maxDepth: 2 })
	);
	const forged = fc.oneof(
		// Claims signed with a key that is not the server's.
		fc
			.tuple(claims, fc.uint8Array({ minLength: 16, maxLength: 32 }))
			.map(([c, k]) => tokenOf(c, Buffer.from(k))),
		// A real token with one character changed, or its claims swapped under the old signature.
		fc
			.tuple(fc.constantFrom(...real), fc.nat(), fc.constantFrom('A', 'b', '_', '-', '9'))
			.map(([t, i, ch]) => {
				const at = i % t.length;
				const out = t.slice(0, at) + ch + t.slice(at + 1);
				return out === t ? t.slice(0, at) + (ch === 'A' ? 'B' : 'A') + t.slice(at + 1) : out;
			}),
		fc
			.tuple(claims, fc.constantFrom(...real))
			.map(([c, t]) => `${Buffer.from(JSON.stringify(c)).toString('base64url')}.${t.split('.')[1]}`),
		// Anything at all.
		fc.string({ maxLength: 300 }),
		fc.base64String({ maxLength: 200 })
	);
	const routes: { method: Method; path: string; body?: unknown }[] = [
		{
			method: 'POST',
			path: `/api/attempts/${candA.attemptId}/events`,
			body: { deviceId: candA.deviceId, events: [] }
		},
		{
			method: 'POST',
			path: `/api/attempts/${candB.attemptId}/submit`,
			body: { deviceId: candB.deviceId, lastSeq: 0 }
		},
		{
			method: 'POST',
			path: `/api/attempts/${fin1.venueAttemptId}/events`,
			body: { deviceId: tablet1.deviceId, events: [] }
		},
		{ method: 'POST', path: '/api/venue/heartbeat', body: {} },
		{ method: 'GET', path: '/api/venue/package' },
		{ method: 'GET', path: '/api/venue/key' },
		{ method: 'GET', path: `/api/venue/attempts/${fin1.venueAttemptId}/continue` }
	];
	await fc.assert(
		fc.asyncProperty(
			fc.constantFrom(...routes),
			forged,
			fc.constantFrom('Bearer ', 'Bearer  ', 'bearer ', '', 'Basic '),
			async (r, t, scheme) => {
				fc.pre(!real.includes(t.trim()));
				await unchanged(async () => {
					const headers = { authorization: `${scheme}${t}` };
					const res = await send(
						{ ctx: world.anon },
						r.method,
						r.path,
						r.body === undefined ? undefined : JSON.stringify(r.body),
						headers
					);
					await expectJsonError(res, [401], `${r.path} with ${JSON.stringify(headers)}`);
				}, r.path);
			}
		),
		{ numRuns: RUNS * 2 }
	);
	await expectAlive(world);
});

// ---------------------------------------------------------------- someone else's data

test("other candidates', devices' and rooms' requests: refused, nothing changes", async () => {
	const { anon, candA, candB, tablet1, tablet2, pending, fin1, fin2, proctor1, proctor2, organiser } = world;
	// Well-formed next events for the attempts someone else will try to post to.
	const bNext = await chain(
		candB.attemptId,
		candB.events.map((e) => e.questionId),
		candB.events,
		5
	);
	const aNext = await chain(
		candA.attemptId,
		candA.events.map((e) => e.questionId),
		candA.events,
		5
	);
	const vNext = await chain(
		fin1.venueAttemptId,
		tablet1.events.map((e) => e.questionId),
		tablet1.events,
		5,
		0
	);
	const v2 = await chain(fin2.venueAttemptId, ['q1', 'q2'], [], 5, 0);
	const roomActions = fc.oneof(
		fc.constant({ action: 'start' }),
		fc.constant({ action: 'lock' }),
		fc.constant({ action: 'enrolCode' }),
		fc.record({
			action: fc.constantFrom('pause', 'resume'),
			seatId: fc.constantFrom(`${ROOM1}-s1`, undefined)
		}),
		fc.record({
			action: fc.constant('extend'),
			seatId: fc.constant(`${ROOM1}-s1`),
			minutes: fc.integer({ min: 1, max: 60 })
		}),
		fc.record({
			action: fc.constant('approve'),
			deviceId: fc.constantFrom(pending.deviceId, tablet1.deviceId),
			seatId: fc.constantFrom(`${ROOM1}-s2`, null)
		}),
		fc.record({
			action: fc.constant('move'),
			finalistId: fc.constant(fin1.finalistId),
			deviceId: fc.constant(pending.deviceId)
		}),
		fc.record({
			action: fc.constant('incident'),
			seatId: fc.constant(null),
			note: fc.string({ minLength: 1, maxLength: 50 })
		}),
		fc.record({ action: fc.constant('declareLost'), finalistId: fc.constant(fin1.finalistId) }),
		fc.record({ action: fc.constant('wipe'), deviceId: fc.constant(tablet1.deviceId) })
	);
	const bearer = (t: string): Caller => ({ ctx: anon, bearer: t });
	type Try = { name: string; who: Caller; method: Method; path: string; body?: unknown; status: number[] };
	const tries = fc.oneof(
		fc.integer({ min: 1, max: 5 }).map((n): Try => ({
			name: "A's token, B's events",
			who: bearer(candA.token),
			method: 'POST',
			path: `/api/attempts/${candB.attemptId}/events`,
			body: { deviceId: candB.deviceId, events: bNext.slice(0, n) },
			status: [403]
		})),
		fc.integer({ min: 0, max: 3 }).map((n): Try => ({
			name: "A's token, B's submit",
			who: bearer(candA.token),
			method: 'POST',
			path: `/api/attempts/${candB.attemptId}/submit`,
			body: { deviceId: candB.deviceId, lastSeq: n },
			status: [403]
		})),
		fc.integer({ min: 1, max: 5 }).map((n): Try => ({
			name: "B's token, A's events",
			who: bearer(candB.token),
			method: 'POST',
			path: `/api/attempts/${candA.attemptId}/events`,
			body: { deviceId: candA.deviceId, events: aNext.slice(0, n) },
			status: [403]
		})),
		fc.integer({ min: 1, max: 5 }).map((n): Try => ({
			name: "finalist's home token, their venue attempt",
			who: bearer(fin1.token),
			method: 'POST',
			path: `/api/attempts/${fin1.venueAttemptId}/events`,
			body: { deviceId: tablet1.deviceId, events: vNext.slice(0, n) },
			status: [403]
		})),
		fc.tuple(fc.constantFrom(tablet2, pending), fc.integer({ min: 1, max: 5 })).map(([t, n]): Try => ({
			name: `${t.deviceId} on finalist 1's attempt`,
			who: bearer(t.token),
			method: 'POST',
			path: `/api/attempts/${fin1.venueAttemptId}/events`,
			body: { deviceId: t.deviceId, events: vNext.slice(0, n) },
			status: [403]
		})),
		fc.constantFrom(tablet2, pending).map((t): Try => ({
			name: `${t.deviceId} submits finalist 1`,
			who: bearer(t.token),
			method: 'POST',
			path: `/api/attempts/${fin1.venueAttemptId}/submit`,
			body: { deviceId: t.deviceId, lastSeq: 0 },
			status: [403]
		})),
		fc.integer({ min: 1, max: 5 }).map((n): Try => ({
			name: "tablet 1 on room 2's finalist",
			who: bearer(tablet1.token),
			method: 'POST',
			path: `/api/attempts/${fin2.venueAttemptId}/events`,
			body: { deviceId: tablet1.deviceId, events: v2.slice(0, n) },
			status: [403]
		})),
		fc.integer({ min: 1, max: 5 }).map((n): Try => ({
			name: 'tablet 1 on a home attempt',
			who: bearer(tablet1.token),
			method: 'POST',
			path: `/api/attempts/${candA.attemptId}/events`,
			body: { deviceId: tablet1.deviceId, events: aNext.slice(0, n) },
			status: [403]
		})),
		fc.constant<Try>({
			name: "tablet 1 continues room 2's finalist",
			who: bearer(tablet1.token),
			method: 'GET',
			path: `/api/venue/attempts/${fin2.venueAttemptId}/continue`,
			status: [403]
		}),
		fc.constantFrom('/api/venue/package', '/api/venue/key').map((path): Try => ({
			name: `pending tablet ${path}`,
			who: bearer(pending.token),
			method: 'GET',
			path,
			status: [403]
		})),
		fc
			.tuple(
				roomActions,
				fc.constantFrom<[string, Caller, number[]]>(
					['proctor of room 2', { ctx: proctor2 }, [403]],
					['candidate', { ctx: candA.ctx }, [403]],
					['finalist', { ctx: fin1.ctx }, [403]],
					['tablet', bearer(tablet1.token), [401]],
					['anonymous', { ctx: anon }, [401]]
				)
			)
			.map(([body, [who, c, status]]): Try => ({
				name: `${who}: room 1 ${body.action}`,
				who: c,
				method: 'POST',
				path: `/api/proctor/rooms/${ROOM1}/actions`,
				body,
				status
			})),
		roomActions.map((body): Try => ({
			name: `proctor of room 1: room 2 ${body.action}`,
			who: { ctx: proctor1 },
			method: 'POST',
			path: `/api/proctor/rooms/${ROOM2}/actions`,
			body: { ...body, seatId: 'seatId' in body ? `${ROOM2}-s1` : undefined },
			status: [403]
		})),
		fc.constant<Try>({
			name: 'proctor of room 2 uploads to room 1',
			who: { ctx: proctor2 },
			method: 'POST',
			path: `/api/proctor/rooms/${ROOM1}/upload`,
			body: {
				kind: 'phongthi-venue-log',
				roomId: ROOM1,
				deviceId: tablet1.deviceId,
				token: tablet1.token,
				sealed: { iv: 'AAAA', data: 'AAAA' }
			},
			status: [403]
		}),
		fc
			.constantFrom<[string, Caller]>(['proctor', { ctx: proctor1 }], ['organiser', { ctx: organiser }])
			.map(([who, c]): Try => ({
				name: `${who} starts a home attempt`,
				who: c,
				method: 'POST',
				path: '/api/rounds/qualifying/attempts',
				status: [403]
			})),
		fc.constant<Try>({
			name: 'finalist starts the final at home',
			who: { ctx: fin1.ctx },
			method: 'POST',
			path: '/api/rounds/final/attempts',
			status: [403]
		}),
		fc
			.constantFrom<[string, Caller, number]>(
				['candidate', { ctx: candA.ctx }, 403],
				['proctor', { ctx: proctor1 }, 403],
				['tablet', bearer(tablet1.token), 401]
			)
			.map(([who, c, s]): Try => ({
				name: `${who} starts a bank import`,
				who: c,
				method: 'POST',
				path: '/api/admin/bank/imports',
				body: { fileName: 'x.csv', size: 10, defaults: {} },
				status: [s]
			})),
		fc
			.constantFrom<[string, Caller, number]>(
				['candidate', { ctx: candA.ctx }, 403],
				['tablet', bearer(tablet1.token), 401]
			)
			.map(([who, c, s]): Try => ({
				name: `${who} reads room 1`,
				who: c,
				method: 'GET',
				path: `/api/proctor/rooms/${ROOM1}`,
				status: [s]
			}))
	);
	await fc.assert(
		fc.asyncProperty(tries, async (t) => {
			await unchanged(async () => {
				const res = await send(
					t.who,
					t.method,
					t.path,
					t.body === undefined ? undefined : JSON.stringify(t.body)
				);
				await expectJsonError(res, t.status, t.name);
			}, t.name);
		}),
		{ numRuns: RUNS * 3 }
	);
	await expectAlive(world);
});

test('strange ids in paths: 4xx JSON, nothing changes', async () => {
	const { candA, organiser, proctor1, tablet1 } = world;
	const id = fc
		.string({ minLength: 1, maxLength: 300, unit: 'binary' })
		.filter((s) => !s.includes('/') && !s.includes('\\') && s !== '.' && s !== '..' && !/%/.test(s));
	const routes: {
		name: string;
		who: () => Caller;
		method: Method;
		path: (id: string) => string;
		body?: unknown;
		status: number[];
	}[] = [
		{
			name: 'events',
			who: () => ({ ctx: world.anon, bearer: candA.token }),
			method: 'POST',
			path: (i) => `/api/attempts/${i}/events`,
			body: { deviceId: candA.deviceId, events: [] },
			status: [403]
		},
		{
			name: 'submit',
			who: () => ({ ctx: world.anon, bearer: candA.token }),
			method: 'POST',
			path: (i) => `/api/attempts/${i}/submit`,
			body: { deviceId: candA.deviceId, lastSeq: 0 },
			status: [403]
		},
		{
			name: 'start',
			who: () => ({ ctx: candA.ctx }),
			method: 'POST',
			path: (i) => `/api/rounds/${i}/attempts`,
			status: [404]
		},
		{
			name: 'bank',
			who: () => ({ ctx: candA.ctx }),
			method: 'GET',
			path: (i) => `/api/rounds/${i}/bank`,
			status: [404]
		},
		{
			name: 'room grid',
			who: () => ({ ctx: organiser }),
			method: 'GET',
			path: (i) => `/api/proctor/rooms/${i}`,
			status: [403]
		},
		{
			name: 'room action',
			who: () => ({ ctx: proctor1 }),
			method: 'POST',
			path: (i) => `/api/proctor/rooms/${i}/actions`,
			body: { action: 'start' },
			status: [403]
		},
		{
			name: 'continue',
			who: () => ({ ctx: world.anon, bearer: tablet1.token }),
			method: 'GET',
			path: (i) => `/api/venue/attempts/${i}/continue`,
			status: [403]
		},
		{
			name: 'import',
			who: () => ({ ctx: organiser }),
			method: 'GET',
			path: (i) => `/api/admin/bank/imports/${i}`,
			status: [404]
		},
		{
			name: 'import part',
			who: () => ({ ctx: organiser }),
			method: 'PUT',
			path: (i) => `/api/admin/bank/imports/${i}/parts/0`,
			body: 'x',
			status: [404]
		}
	];
	await fc.assert(
		fc.asyncProperty(fc.constantFrom(...routes), id, async (r, raw) => {
			const path = r.path(encodeURIComponent(raw));
			await unchanged(async () => {
				const res = await send(
					r.who(),
					r.method,
					path,
					r.body === undefined ? undefined : typeof r.body === 'string' ? r.body : JSON.stringify(r.body)
				);
				await expectJsonError(res, r.status, `${r.name} ${path.slice(0, 200)}`);
			}, r.name);
		}),
		{ numRuns: RUNS * 2 }
	);
	await expectAlive(world);
});

test('strange query strings on pages: never a server error', async () => {
	const { organiser, candA, anon } = world;
	const value = fc.oneof(
		fc.string({ maxLength: 400, unit: 'binary' }),
		fc.string({ minLength: 61, maxLength: 400 }),
		fc.constantFrom('-1', '0', '1e9', '99999999999', 'NaN', '[]', '{}', '../..', '//evil.example', '\\evil')
	);
	const as = { organiser, candidate: candA.ctx, anon };
	const pages: [string, keyof typeof as, string[]][] = [
		['/admin/bank', 'organiser', ['q', 'topic', 'difficulty', 'pool', 'status', 'page']],
		['/admin/bank/import', 'organiser', ['id']],
		['/admin/results/qualifying', 'organiser', ['q', 'unit', 'page']],
		['/admin/results/qualifying/units', 'organiser', ['parent', 'rule', 'n']],
		['/results', 'anon', ['q']],
		['/dashboard', 'candidate', ['x']],
		['/login', 'anon', ['next', 'registered']],
		['/lang', 'anon', ['to', 'next']]
	];
	const wrong: string[] = [];
	await fc.assert(
		fc.asyncProperty(
			fc.constantFrom(...pages),
			fc.array(fc.tuple(fc.nat(), value), { minLength: 1, maxLength: 3 }),
			async ([path, who, keys], pairs) => {
				const ctx = as[who];
				const qs = new URLSearchParams(pairs.map(([k, v]) => [keys[k % keys.length], v]));
				const url = `${path}?${qs}`;
				// (Result pages build their caches on a read, so the database may change here.)
				const res = await ctx.get(url, { maxRedirects: 0 });
				if (res.status() >= 500) wrong.push(`${res.status()} GET ${url.slice(0, 300)}`);
				const location = res.headers()['location'];
				// Where a browser would go: the WHATWG parser drops tabs and newlines and reads `\` as `/`.
				if (location && new URL(location, world.url).host !== new URL(world.url).host)
					wrong.push(`GET ${url.slice(0, 200)} redirects off-site to ${location}`);
			}
		),
		{ numRuns: RUNS * 2 }
	);
	expect([...new Set(wrong.map((w) => w.split('?')[0]))], wrong.slice(0, 5).join('\n')).toEqual([]);
	await expectAlive(world);
});

test.describe('the question bank page with a long search', () => {
	// Longer filters than the load accepts (q > 200, topic/pool > 60 characters) are cut or
	// dropped, not a 500.
	test('answers without a server error', async () => {
		for (const [k, n] of [
			['q', 201],
			['topic', 61],
			['pool', 61]
		] as const) {
			const res = await world.organiser.get(`/admin/bank?${k}=${'a'.repeat(n)}`);
			expect(res.status(), `${k} of ${n} characters`).toBeLessThan(500);
		}
	});
});

// ---------------------------------------------------------------- form actions

interface FormAction {
	path: string;
	/** Malformed (or pointing at nothing) form data for this action. */
	bad: fc.Arbitrary<Record<string, string>>;
}

const junk = fc.dictionary(
	fc.string({ minLength: 1, maxLength: 20 }),
	fc.string({ maxLength: 100, unit: 'binary' }),
	{ maxKeys: 6 }
);
/** Text that is not a count, an empty or blank field included. */
const notNumber = fc
	.oneof(
		fc.constantFrom('', ' ', 'abc', '-1', '1e999', '1.5', 'NaN', '１２', '-0.5'),
		fc.string({ maxLength: 5 })
	)
	.filter((s) => {
		const n = Number(s);
		return s.trim() === '' || !(Number.isInteger(n) && n >= 0);
	});
const tooLong = (n: number) =>
	fc.string({ minLength: n + 1, maxLength: n + 50 }).map((s) => s.padEnd(n + 1, 'x'));
const nowhere = fc.string({ minLength: 1, maxLength: 40 }).map((s) => `no-such-${s}`);

function formActions(): FormAction[] {
	return [
		{
			path: '/admin/venue?/promote',
			bad: fc.record({
				fromRoundId: fc.constantFrom('qualifying', ''),
				topOverall: notNumber,
				topPerUnit: fc.oneof(notNumber, fc.constant('1'))
			})
		},
		{ path: '/admin/venue?/add', bad: fc.oneof(fc.constant({}), fc.record({ login: nowhere })) },
		{ path: '/admin/venue?/remove', bad: fc.oneof(fc.constant({}), fc.record({ finalistId: nowhere })) },
		{
			path: '/admin/venue?/proctor',
			bad: fc.record({ roomId: fc.oneof(nowhere, fc.constant(ROOM1)), userId: nowhere })
		},
		{
			path: '/admin/venue?/finalise',
			bad: fc.oneof(fc.constant({}), fc.record({ roomId: nowhere }), fc.constant({ roomId: ROOM1 }))
		},
		{
			path: '/admin/rounds?/contest',
			bad: fc.record({
				name: fc.string({ maxLength: 20 }),
				startsOn: fc.string({ maxLength: 12 }),
				minAge: notNumber
			})
		},
		{ path: '/admin/rounds/new?/save', bad: junk },
		{ path: '/admin/rounds/qualifying?/save', bad: junk },
		{ path: '/admin/rounds/no-such-round?/save', bad: junk },
		{ path: '/admin/bank/questions/new?/save', bad: junk },
		{ path: '/admin/bank/questions/no-such-question?/save', bad: junk },
		{ path: '/admin/bank/questions/no-such-question?/retire', bad: junk },
		{ path: '/admin/bank/questions/no-such-question?/restore', bad: junk },
		{
			path: '/admin/bank/setup?/topic',
			bad: fc.oneof(
				junk,
				fc.record({ name: tooLong(200), id: fc.constant('') }),
				fc.record({ name: fc.constant('Chủ đề'), id: tooLong(40) })
			)
		},
		{
			path: '/admin/bank/setup?/pool',
			bad: fc.oneof(
				junk,
				fc.record({
					name: fc.constant('Kho'),
					id: fc.constant(''),
					visibility: fc.string({ maxLength: 10 }).filter((v) => v !== 'public' && v !== 'secret')
				})
			)
		},
		{
			path: '/admin/bank/setup?/publish',
			bad: fc.oneof(fc.constant({}), fc.record({ id: nowhere }), fc.record({ id: tooLong(60) }))
		},
		{
			path: '/admin/bank/setup?/unpublish',
			bad: fc.oneof(fc.constant({}), fc.record({ id: nowhere }), fc.record({ id: tooLong(60) }))
		},
		{
			path: '/admin/results/qualifying?/finalise',
			bad: fc.oneof(junk, fc.record({ confirm: fc.string({ maxLength: 5 }).filter((s) => s !== 'yes') }))
		},
		{ path: '/admin/results/no-such-round?/finalise', bad: fc.constant({ confirm: 'yes' }) },
		{ path: '/admin/results/no-such-round?/publish', bad: junk },
		{ path: '/admin/results/no-such-round?/unpublish', bad: junk },
		{
			path: '/admin/results/qualifying/questions/no-such-question?/correct',
			bad: fc.oneof(
				junk,
				fc.record({ kind: fc.constantFrom('void', 'key'), reason: fc.string({ maxLength: 3 }) })
			)
		},
		{
			path: '/admin/results/qualifying/settings?/save',
			bad: fc.oneof(
				junk,
				fc.record({
					first: notNumber,
					second: fc.constant('1'),
					third: fc.constant('1'),
					consolation: fc.constant('1'),
					unitFirst: fc.constant('1'),
					unitSecond: fc.constant('1'),
					unitThird: fc.constant('1'),
					unitConsolation: fc.constant('1')
				})
			)
		},
		{
			path: '/admin/results/qualifying/units?/save',
			bad: fc.oneof(
				junk,
				fc.record({ rule: fc.string({ maxLength: 10 }), n: fc.constant('3') }),
				fc.record({ rule: fc.constant('average'), n: notNumber })
			)
		},
		{
			path: '/register',
			bad: fc.oneof(
				junk,
				fc.record({
					fullName: fc.string({ maxLength: 30 }),
					birthDate: fc.string({ maxLength: 12 }),
					nationalId: fc.string({ maxLength: 14 }),
					phone: fc.string({ maxLength: 12 }),
					password: fc.string({ maxLength: 12 })
				})
			)
		},
		{
			path: '/login',
			bad: fc.oneof(
				junk,
				fc.record({ login: fc.string({ maxLength: 30 }), password: fc.string({ maxLength: 30 }) })
			)
		}
	];
}

/** Posts a form as SvelteKit's enhanced forms do; the answer is `{type, status, …}`. */
async function postForm(
	ctx: APIRequestContext,
	path: string,
	form: Record<string, string>,
	headers: Record<string, string> = {}
) {
	const res = await ctx.post(path, {
		form,
		headers: { accept: 'application/json', ...headers },
		maxRedirects: 0
	});
	const text = await res.text();
	let body: { type?: string; status?: number; location?: string; data?: unknown; message?: string } = {};
	try {
		body = JSON.parse(text);
	} catch {
		/* not JSON: the assertions below say so */
	}
	return { http: res.status(), body, text };
}

test('form actions with malformed data: failure 4xx, nothing stored, server up', async () => {
	const wrong: string[] = [];
	for (const a of formActions()) {
		const who = a.path === '/register' || a.path === '/login' ? world.anon : world.organiser;
		const result = await fc.check(
			fc.asyncProperty(a.bad, async (form) => {
				await unchanged(async () => {
					const r = await postForm(who, a.path, form);
					const what = `${a.path} ← ${JSON.stringify(form).slice(0, 200)}: ${r.http} ${r.text.slice(0, 200)}`;
					expect(r.http, what).toBe(200);
					expect(r.body.type, what).toBe('failure');
					expect(r.body.status, what).toBeGreaterThanOrEqual(400);
					expect(r.body.status, what).toBeLessThan(500);
				}, a.path);
			}),
			{ numRuns: Math.ceil(RUNS / 3) }
		);
		if (result.failed)
			wrong.push(
				`${a.path}: ${String((result.errorInstance as Error | undefined)?.message ?? result.errorInstance).split('\n')[0]}`
			);
		await expectAlive(world);
	}
	expect(wrong).toEqual([]);
});

test.describe('form actions that once answered wrongly', () => {
	test('restoring a question that does not exist answers a 4xx failure, not 500', async () => {
		const path = '/admin/bank/questions/no-such-question?/restore';
		await unchanged(async () => {
			const r = await postForm(world.organiser, path, {});
			expect(r.body.type, `${path}: ${r.http} ${r.text.slice(0, 200)}`).toBe('failure');
		}, path);
	});
	test('an empty number field is refused, not taken as 0', async () => {
		const cases: [string, Record<string, string>][] = [
			[
				'/admin/results/qualifying/settings?/save',
				{
					first: '',
					second: '1',
					third: '1',
					consolation: '1',
					unitFirst: '1',
					unitSecond: '1',
					unitThird: '1',
					unitConsolation: '1'
				}
			],
			['/admin/venue?/promote', { fromRoundId: 'qualifying', topOverall: ' ', topPerUnit: '' }]
		];
		for (const [path, form] of cases) {
			await unchanged(async () => {
				const r = await postForm(world.organiser, path, form);
				expect(r.body.type, `${path}: ${r.http} ${r.text.slice(0, 200)}`).toBe('failure');
			}, path);
		}
	});
});

test('form actions from callers without the role: refused, nothing changes', async () => {
	const organiserActions = formActions()
		.map((a) => a.path)
		.filter((p) => p.startsWith('/admin'))
		.concat(['/admin/venue?/seat']);
	const callers: [string, APIRequestContext, Record<string, string>, 'login' | 403][] = [
		['anonymous', world.anon, {}, 'login'],
		['tablet', world.anon, { authorization: `Bearer ${world.tablet1.token}` }, 'login'],
		['candidate', world.candA.ctx, {}, 403],
		['finalist', world.fin1.ctx, {}, 403],
		['proctor', world.proctor1, {}, 403]
	];
	await fc.assert(
		fc.asyncProperty(
			fc.constantFrom(...organiserActions),
			fc.constantFrom(...callers),
			junk,
			async (path, [who, ctx, headers, want], form) => {
				await unchanged(async () => {
					const r = await postForm(ctx, path, form, headers);
					const what = `${who} ${path}: ${r.http} ${r.text.slice(0, 200)}`;
					if (want === 'login') {
						// By design a page (and its actions) sends an anonymous visitor to sign in.
						expect(r.body.type, what).toBe('redirect');
						expect(r.body.location, what).toBe(`/login?next=${encodeURIComponent(path)}`);
					} else {
						expect(r.http, what).toBe(403);
						expect(typeof r.body.message, what).toBe('string');
					}
				}, `${who} ${path}`);
			}
		),
		{ numRuns: RUNS * 2 }
	);
	await expectAlive(world);
});

/** A request sent with node:http, its path exactly as given (no client tidies its escapes), with `ctx`'s cookies. */
async function verbatim(
	ctx: APIRequestContext,
	method: 'GET' | 'POST',
	path: string,
	form?: Record<string, string>
): Promise<{ status: number; location: string | undefined; text: string }> {
	const headers: Record<string, string> = { origin: world.url, accept: 'application/json' };
	const cookies = (await ctx.storageState()).cookies.map((k) => `${k.name}=${k.value}`).join('; ');
	if (cookies) headers.cookie = cookies;
	const body = form ? new URLSearchParams(form).toString() : undefined;
	if (body !== undefined) headers['content-type'] = 'application/x-www-form-urlencoded';
	const { host, port } = new URL(world.url);
	return new Promise((resolve, reject) => {
		const req = http.request({ host: host.split(':')[0], port, method, path, headers }, (res) => {
			const parts: Buffer[] = [];
			res.on('data', (d: Buffer) => parts.push(d));
			res.on('end', () =>
				resolve({
					status: res.statusCode ?? 0,
					location: res.headers.location,
					text: Buffer.concat(parts).toString('utf8')
				})
			);
			res.on('error', reject);
		});
		req.on('error', reject);
		req.end(body);
	});
}

/** `/admin/…` spelled three ways with percent-escapes in its first segment: its first letter, its last in upper-case hex, every letter. */
function escapedSpellings(path: string): string[] {
	const [, first, rest] = /^\/([^/?]+)(.*)$/.exec(path)!;
	const hex = (c: string) => '%' + c.charCodeAt(0).toString(16);
	const at = (i: number, h: string) => first.slice(0, i) + h + first.slice(i + 1);
	return [
		at(0, hex(first[0])),
		at(first.length - 1, hex(first.at(-1)!).toUpperCase()),
		[...first].map(hex).join('')
	].map((spelled) => `/${spelled}${rest}`);
}

test('guarded paths spelled with percent-escapes: refused as the plain path is, nothing changes', async () => {
	// SvelteKit routes the decoded path, so `/%61dmin` is the organiser's `/admin`: the guard
	// must judge it as that, for pages, their data, the JSON API and form actions alike.
	const reads: [string, string, APIRequestContext, 'login' | 401 | 403][] = [
		['/admin', 'anonymous', world.anon, 'login'],
		['/admin/__data.json', 'anonymous', world.anon, 'login'],
		['/admin/bank/__data.json', 'candidate', world.candA.ctx, 403],
		[`/admin/accounts/__data.json?login=${PROCTOR1.login}`, 'candidate', world.candA.ctx, 403],
		[`/admin/accounts/__data.json?login=${PROCTOR1.login}`, 'proctor', world.proctor1, 403],
		['/admin/results', 'proctor', world.proctor1, 403],
		['/proctor', 'candidate', world.candA.ctx, 403],
		['/proctor/__data.json', 'anonymous', world.anon, 'login'],
		['/dashboard/__data.json', 'proctor', world.proctor1, 403],
		['/api/admin/bank/imports', 'anonymous', world.anon, 401],
		['/api/admin/bank/imports', 'candidate', world.candA.ctx, 403]
	];
	for (const [plain, who, ctx, want] of reads) {
		const api = plain.startsWith('/api/');
		const spellings = escapedSpellings(plain);
		// `/api/admin/…` also with its second segment escaped.
		if (api) spellings.push(...escapedSpellings(plain.slice(4)).map((p) => `/api${p}`));
		for (const spelled of spellings) {
			await unchanged(async () => {
				const r = await verbatim(
					ctx,
					api ? 'POST' : 'GET',
					spelled,
					api ? { fileName: 'x.xlsx' } : undefined
				);
				const what = `${who} ${spelled}: ${r.status} ${r.location ?? ''} ${r.text.slice(0, 200)}`;
				if (want === 'login') {
					// A page answers with a redirect; its data (`__data.json`) with the redirect as JSON.
					const to = r.text.startsWith('{')
						? (JSON.parse(r.text) as { location?: string }).location
						: r.location;
					expect([200, 303], what).toContain(r.status);
					expect(to ?? '', what).toMatch(/^\/login\?next=/);
				} else expect(r.status, what).toBe(want);
			}, `${who} ${spelled}`);
		}
	}
	// The organiser's form action that issues a reset code, as the candidate: no code for the proctor.
	await unchanged(async () => {
		const r = await verbatim(world.candA.ctx, 'POST', '/%61dmin/accounts?/issue', {
			login: PROCTOR1.login,
			confirm: 'on'
		});
		expect(r.status, r.text.slice(0, 200)).toBe(403);
	}, 'candidate /%61dmin/accounts?/issue');
	// The organiser still reaches the same pages however they are spelled.
	const own = await verbatim(world.organiser, 'GET', '/%61dmin/__data.json');
	expect(own.status, own.text.slice(0, 200)).toBe(200);
	await expectAlive(world);
});

test("a candidate's downloads that are not theirs: 404 with the catalogue's message, in their language", async () => {
	const ctx = world.candA.ctx;
	for (const [lang, want] of [
		['vi', 'Không tìm thấy trang.'],
		['en', 'Page not found.']
	] as const) {
		// The context's own cookies (its session) and the language's, in the one header sent.
		const jar = (await ctx.storageState()).cookies.map((k) => `${k.name}=${k.value}`);
		const cookie = { cookie: [...jar, `lang=${lang}`].join('; ') };
		// No certificate (the round is not published): the page says so in words, not "Error: 404".
		const page = await ctx.get('/dashboard/certificate/qualifying', {
			headers: { accept: 'text/html', ...cookie }
		});
		expect(page.status()).toBe(404);
		const html = await page.text();
		expect(html).toContain(want);
		expect(html).not.toContain('Error: 404');
		// Another candidate's attempt, as the result screen asks for it.
		const other = await ctx.get(`/dashboard/attempts/${world.candB.attemptId}`, {
			headers: { accept: 'application/json', ...cookie }
		});
		expect(other.status()).toBe(404);
		expect(((await other.json()) as { message: string }).message).toBe(want);
	}
});

test('cross-site writes with a valid session are refused (JSON API and form actions)', async () => {
	const { candA, organiser, proctor1 } = world;
	const evil = fc.constantFrom(
		'https://evil.example',
		'http://127.0.0.1.evil.example',
		'null',
		`http://localhost:1`,
		'not a url'
	);
	const writes: { who: APIRequestContext; path: string; body?: unknown; form?: Record<string, string> }[] = [
		{ who: candA.ctx, path: '/api/rounds/qualifying/attempts' },
		{
			who: proctor1,
			path: `/api/proctor/rooms/${ROOM1}/actions`,
			body: { action: 'incident', seatId: null, note: 'cross-site' }
		},
		{ who: organiser, path: '/api/admin/bank/imports', body: { fileName: 'x.csv', size: 10, defaults: {} } },
		{ who: organiser, path: '/admin/venue?/seat', form: {} },
		{ who: organiser, path: '/admin/bank/setup?/topic', form: { name: 'Chủ đề lạ', id: '' } },
		{ who: candA.ctx, path: '/logout', form: {} }
	];
	await fc.assert(
		fc.asyncProperty(fc.constantFrom(...writes), evil, async (w, origin) => {
			await unchanged(async () => {
				if (w.form) {
					const r = await postForm(w.who, w.path, w.form, { origin });
					expect(r.http, `${w.path} from ${origin}: ${r.text.slice(0, 200)}`).toBe(403);
				} else {
					const res = await w.who.post(w.path, { data: w.body ?? {}, headers: { origin }, maxRedirects: 0 });
					expect((await expectJsonError(res, [403], `${w.path} from ${origin}`)).code).toBe('badOrigin');
				}
			}, `${w.path} from ${origin}`);
		}),
		{ numRuns: RUNS }
	);
	// The session survived the forged sign-out.
	expect((await candA.ctx.get('/api/rounds')).status()).toBe(200);
	await expectAlive(world);
});

// ---------------------------------------------------------------- replays are not hostile

/** Liveness stamps a replay may move: when the server last heard from the device. */
const LIVENESS = ['attempt_device.last_seen_at', 'device.last_seen_at'];

test('replayed and reordered sync batches: the same 200, nothing changes', async () => {
	const { candA, tablet1, fin1, anon } = world;
	// Candidate A sends ten more answers once; from then on everything is a replay.
	const more = await chain(
		candA.attemptId,
		candA.events.map((e) => e.questionId),
		candA.events,
		10
	);
	const first = await send(
		{ ctx: anon, bearer: candA.token },
		'POST',
		`/api/attempts/${candA.attemptId}/events`,
		JSON.stringify({ deviceId: candA.deviceId, events: more.reverse() })
	);
	expect(first.status()).toBe(200);
	const all = [...candA.events, ...more].sort((a, b) => a.seq - b.seq);
	candA.events = all;
	const firstBody = (await first.json()) as { acked: number; state: unknown };
	const expected = { acked: firstBody.acked, state: firstBody.state };
	expect(expected.acked).toBe(all.length);

	const cases = [
		{
			who: { ctx: anon, bearer: candA.token },
			attemptId: candA.attemptId,
			deviceId: candA.deviceId,
			events: all,
			expect: expected
		},
		{
			who: { ctx: anon, bearer: tablet1.token },
			attemptId: fin1.venueAttemptId,
			deviceId: tablet1.deviceId,
			events: tablet1.events,
			expect: null as null | { acked: number; state: unknown }
		}
	];
	const replay = fc.integer({ min: 0, max: 1 }).chain((i) =>
		fc.record({
			i: fc.constant(i),
			events: fc.shuffledSubarray(cases[i].events, { minLength: 0 }),
			cuts: fc.array(fc.nat(), { maxLength: 3 })
		})
	);
	await fc.assert(
		fc.asyncProperty(replay, async ({ i, events, cuts }) => {
			const c = cases[i];
			// The replay, split into batches wherever the cuts fall, each sent in its shuffled order.
			const at = [...new Set(cuts.map((n) => (events.length ? n % events.length : 0)))].sort((a, b) => a - b);
			const batches = [0, ...at].map((from, k, list) => events.slice(from, list[k + 1] ?? events.length));
			await unchanged(
				async () => {
					for (const batch of batches) {
						const res = await send(
							c.who,
							'POST',
							`/api/attempts/${c.attemptId}/events`,
							JSON.stringify({ deviceId: c.deviceId, events: batch })
						);
						expect(res.status(), await res.text()).toBe(200);
						const body = (await res.json()) as { acked: number; state: unknown };
						c.expect ??= { acked: body.acked, state: body.state };
						expect({ acked: body.acked, state: body.state }).toEqual(c.expect);
						expect(body.acked).toBe(c.events.length);
					}
				},
				'a replay',
				LIVENESS
			);
		}),
		{ numRuns: RUNS }
	);

	// A submission replayed: the same answer, the same receipt.
	const { candC } = world;
	await fc.assert(
		fc.asyncProperty(fc.integer({ min: 1, max: 3 }), async (times) => {
			await unchanged(
				async () => {
					for (let k = 0; k < times; k++) {
						const res = await send(
							{ ctx: anon, bearer: candC.token },
							'POST',
							`/api/attempts/${candC.attemptId}/submit`,
							JSON.stringify({ deviceId: candC.deviceId, lastSeq: candC.events.length, reason: 'candidate' })
						);
						expect(res.status()).toBe(200);
						const { now: _n, state, ...rest } = (await res.json()) as Record<string, unknown>;
						const { now: _m, state: state0, ...rest0 } = candC.submitted;
						expect(rest).toEqual(rest0);
						expect(state).toEqual(state0);
					}
				},
				'a replayed submission',
				LIVENESS
			);
		}),
		{ numRuns: 5 }
	);
	await expectAlive(world);
});

// ---------------------------------------------------------------- a tablet acting for seats it does not serve

const HEARTBEAT_NOISE = [...LIVENESS, 'device.report', 'device.readiness'];

test("a tablet of another room cannot bind or start this room's finalists", async () => {
	const { anon, tablet2, fin1, fin3 } = world;
	await fc.assert(
		fc.asyncProperty(
			fc.constantFrom(fin1, fin3),
			fc.integer({ min: 0, max: 600_000 }),
			fc.boolean(),
			async (f, late, viaCode) => {
				await unchanged(
					async () => {
						const res = await send(
							{ ctx: anon, bearer: tablet2.token },
							'POST',
							'/api/venue/heartbeat',
							JSON.stringify({
								signedIn: { finalistId: f.finalistId, at: Date.now() },
								started: [{ attemptId: f.venueAttemptId, at: Date.now() + late, viaCode }]
							})
						);
						expect(res.status()).toBe(200); // its own heartbeat; the claims about room 1 are ignored
					},
					'a heartbeat about another room',
					HEARTBEAT_NOISE
				);
			}
		),
		{ numRuns: 10 }
	);
});

test.describe('heartbeats that speak for a seat the tablet does not serve', () => {
	// A heartbeat may apply `signedIn` and `started` only for the seat its own approved device
	// serves: not for another finalist of the room, nor from a tablet still pending.

	test("a pending (unapproved) tablet cannot bind another seat's finalist to itself", async () => {
		const { anon, pending, fin3 } = world;
		await unchanged(
			async () => {
				const res = await send(
					{ ctx: anon, bearer: pending.token },
					'POST',
					'/api/venue/heartbeat',
					JSON.stringify({ signedIn: { finalistId: fin3.finalistId, at: Date.now() } })
				);
				if (res.status() !== 200) await expectJsonError(res, [403], 'pending heartbeat');
			},
			'a pending tablet signing in seat 2',
			HEARTBEAT_NOISE
		);
	});

	test("a tablet cannot move the start (and so the deadline) of another seat's finalist", async () => {
		const { anon, tablet1, fin3 } = world;
		// As if the room had started five minutes ago (a start within a minute counts as on time).
		await withDb(world.server.sqliteFile, async (db) => {
			const at = Date.now() - 5 * 60_000;
			await db.updateTable('venue_room').set({ started_at: at }).where('room_id', '=', ROOM1).execute();
			await db.updateTable('attempt').set({ started_at: at }).where('id', '=', fin3.venueAttemptId).execute();
		});
		// A plain heartbeat first: it records what the server now holds of tablet 1's own chain
		// (src/lib/server/venue/reports.ts), which earlier tests' answers moved.
		expect(
			(await send({ ctx: anon, bearer: tablet1.token }, 'POST', '/api/venue/heartbeat', '{}')).status()
		).toBe(200);
		await unchanged(
			async () => {
				const res = await send(
					{ ctx: anon, bearer: tablet1.token },
					'POST',
					'/api/venue/heartbeat',
					JSON.stringify({ started: [{ attemptId: fin3.venueAttemptId, at: Date.now(), viaCode: false }] })
				);
				if (res.status() !== 200) await expectJsonError(res, [403], 'start for another seat');
			},
			'seat 1 starting seat 2 late',
			HEARTBEAT_NOISE
		);
	});
});

// ---------------------------------------------------------------- throttles

test('the registration throttle answers 429 JSON and stores nothing', async () => {
	const server = new TestServer('hostile-throttle', {
		REGISTRATIONS_PER_ADDRESS_PER_HOUR: '3',
		LOGIN_FAILURES_PER_ACCOUNT_ADDRESS: '3'
	});
	await server.start();
	const ctx = await apiContext(server.url);
	try {
		let n = 0;
		const person = () => {
			n += 1;
			const s = String(n).padStart(4, '0');
			return {
				fullName: `Thí Sinh Giới Hạn ${s}`,
				birthDate: '1991-05-05',
				gender: 'female',
				nationalId: `08219177${s}`,
				phone: `09460${String(n).padStart(5, '0')}`,
				address: 'Mỹ Tho',
				unitId: 'my-tho',
				password: 'MatKhau2026',
				publishName: true
			};
		};
		for (let i = 0; i < 3; i++)
			expect((await ctx.post('/api/candidates', { data: person() })).status()).toBe(201);
		const users = () => snapshot(server.sqliteFile).app_user;
		await fc.assert(
			fc.asyncProperty(
				fc.boolean(),
				fc.option(fc.jsonValue({ maxDepth: 1 }), { nil: undefined }),
				async (asForm, extra) => {
					const before = users();
					if (asForm) {
						const p = person();
						const r = await postFormTo(
							ctx,
							'/register',
							Object.fromEntries(Object.entries(p).map(([k, v]) => [k, String(v)]))
						);
						expect(r.type).toBe('failure');
						expect(r.status).toBe(429);
					} else {
						const res = await ctx.post('/api/candidates', {
							data: extra === undefined ? person() : { ...person(), extra }
						});
						expect((await res.json()).error?.code, 'throttled').toBe('tooManyRegistrations');
						expect(res.status()).toBe(429);
					}
					expect(users()).toEqual(before);
				}
			),
			{ numRuns: Math.ceil(RUNS / 2) }
		);
		// Failures from one address at one account make that address wait: 429 JSON, even with
		// the right password (another address is not held back; see accounts-api.spec.ts).
		for (let i = 0; i < 3; i++)
			expect(
				(await ctx.post('/api/session', { data: { login: '0946000001', password: 'SaiMatKhau9' } })).status()
			).toBe(401);
		const slowed = await ctx.post('/api/session', { data: { login: '0946000001', password: 'MatKhau2026' } });
		expect(slowed.status()).toBe(429);
		expect((await slowed.json()).error.code).toBe('tooManyTries');
		expect((await fetch(`${server.url}/api/time`)).status).toBe(200);
	} finally {
		await ctx.dispose();
		await server.stop();
	}
});

async function postFormTo(ctx: APIRequestContext, path: string, form: Record<string, string>) {
	const res = await ctx.post(path, { form, headers: { accept: 'application/json' }, maxRedirects: 0 });
	return (await res.json()) as { type: string; status: number };
}
