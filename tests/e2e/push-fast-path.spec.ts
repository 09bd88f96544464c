// The hot endpoints' fast path (server/index.js → src/lib/server/fast-path.ts) answers exactly
// as SvelteKit's routes do, and the room's push streams carry a proctor's action to the room's
// console and to the tablets it concerns. A chunked body (no Content-Length) is always left to
// SvelteKit, so the same request sent both ways compares the two paths on one server.
import { test, expect } from '@playwright/test';
import { buildWorld, chain, ROOM1, type World } from './support/hostile-world';

test.describe.configure({ mode: 'serial' });

let world: World;
test.beforeAll(async () => {
	world = await buildWorld('push-fast');
});
test.afterAll(async () => {
	await world?.close();
});

type Way = 'fast' | 'sveltekit';

/** POSTs JSON with a Content-Length (fast path) or chunked (SvelteKit's route). */
async function post(way: Way, path: string, body: string, headers: Record<string, string> = {}) {
	const init: RequestInit & { duplex?: 'half' } = {
		method: 'POST',
		headers: { 'content-type': 'application/json', ...headers }
	};
	if (way === 'fast') init.body = body;
	else {
		init.body = new ReadableStream({
			start(c) {
				c.enqueue(new TextEncoder().encode(body));
				c.close();
			}
		});
		init.duplex = 'half';
	}
	const res = await fetch(`${world.url}${path}`, init);
	return {
		status: res.status,
		type: res.headers.get('content-type'),
		text: await res.text()
	};
}

/** The answer with the server's clock taken out (it moves between two requests). */
const withoutNow = (text: string) => JSON.stringify({ ...JSON.parse(text), now: 0 });

test('the fast path answers the sync batch, the submit and the heartbeat as SvelteKit does', async () => {
	const cand = world.candA;
	const auth = { authorization: `Bearer ${cand.token}` };
	const events = `/api/attempts/${cand.attemptId}/events`;
	const questionIds = [...new Set(cand.events.map((e) => e.questionId))];

	// New events one way, the same batch again (a replay) the other: the same answer.
	for (const [first, second] of [
		['fast', 'sveltekit'],
		['sveltekit', 'fast']
	] as [Way, Way][]) {
		const more = await chain(cand.attemptId, questionIds, cand.events, 2);
		const body = JSON.stringify({ deviceId: cand.deviceId, events: more });
		const a = await post(first, events, body, auth);
		const b = await post(second, events, body, auth);
		expect(a.status, a.text).toBe(200);
		expect(JSON.parse(a.text).acked).toBe(cand.events.length + 2);
		expect(b.status).toBe(200);
		expect(b.type).toBe(a.type);
		expect(withoutNow(b.text)).toBe(withoutNow(a.text));
		cand.events.push(...more);
	}

	// Refusals, byte for byte: no token, another device, a body that is not JSON or not a batch,
	// a submit before the server holds the events (409), a heartbeat without a device token.
	const cases: [string, string, Record<string, string>][] = [
		[events, JSON.stringify({ deviceId: cand.deviceId, events: [] }), {}],
		[events, JSON.stringify({ deviceId: 'someone-else', events: [] }), auth],
		[events, '{"deviceId": ', auth],
		[events, JSON.stringify({ deviceId: cand.deviceId, events: [{ seq: 'x' }] }), auth],
		[
			`/api/attempts/${cand.attemptId}/submit`,
			JSON.stringify({ deviceId: cand.deviceId, lastSeq: cand.events.length + 5 }),
			auth
		],
		['/api/venue/heartbeat', '{}', auth],
		// The reader who chose English reads the refusal in English, either way.
		[events, JSON.stringify({ deviceId: 'someone-else', events: [] }), { ...auth, cookie: 'lang=en' }]
	];
	const statuses: number[] = [];
	for (const [path, body, headers] of cases) {
		const a = await post('fast', path, body, headers);
		const b = await post('sveltekit', path, body, headers);
		expect(b, `${path} ${body}`).toEqual(a);
		statuses.push(a.status);
	}
	expect(statuses).toEqual([401, 403, 400, 400, 409, 401, 403]);
	const [vi, en] = [cases[1], cases[6]].map(async ([path, body, headers]) => {
		const r = await post('fast', path, body, headers);
		return (JSON.parse(r.text) as { error: { code: string; message: string } }).error;
	});
	expect(await vi).toEqual({
		code: 'wrongDevice',
		message: 'Mã xác thực này không dùng được cho thiết bị này.'
	});
	expect(await en).toEqual({ code: 'wrongDevice', message: 'This token cannot be used on this device.' });

	// A tablet's heartbeat: the same view of its room either way.
	const tablet = { authorization: `Bearer ${world.tablet1.token}` };
	const a = await post('fast', '/api/venue/heartbeat', '{}', tablet);
	const b = await post('sveltekit', '/api/venue/heartbeat', '{}', tablet);
	expect(a.status, a.text).toBe(200);
	expect(withoutNow(b.text)).toBe(withoutNow(a.text));
});

/** Reads `event: change` frames of a server-sent event stream. */
async function openStream(path: string, headers: Record<string, string>) {
	const abort = new AbortController();
	const res = await fetch(`${world.url}${path}`, { headers, signal: abort.signal });
	expect(res.status, path).toBe(200);
	expect(res.headers.get('content-type')).toContain('text/event-stream');
	const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
	let buffer = '';
	return {
		async next(): Promise<unknown> {
			for (;;) {
				const end = buffer.indexOf('\n\n');
				if (end !== -1) {
					const frame = buffer.slice(0, end);
					buffer = buffer.slice(end + 2);
					const data = /^event: change\ndata: (.*)$/m.exec(frame);
					if (data) return JSON.parse(data[1]);
					continue;
				}
				const { value, done } = await reader.read();
				if (done) throw new Error('stream ended');
				buffer += value;
			}
		},
		close: () => abort.abort()
	};
}

test("a proctor's action reaches the room's console and the tablets it concerns", async () => {
	const cookies = (await world.proctor1.storageState()).cookies;
	const cookie = cookies.map((c) => `${c.name}=${c.value}`).join('; ');
	const tablet = await openStream('/api/venue/stream', { authorization: `Bearer ${world.tablet1.token}` });
	const console_ = await openStream(`/api/proctor/rooms/${ROOM1}/stream`, { cookie });
	try {
		// On (re)connecting, a client is told to read the state once.
		expect(await tablet.next()).toEqual({ resync: true });
		expect(await console_.next()).toEqual({ resync: true });
		const act = async (data: Record<string, unknown>) => {
			const res = await world.proctor1.post(`/api/proctor/rooms/${ROOM1}/actions`, { data });
			expect(res.status(), await res.text()).toBe(200);
		};
		// A note in the minutes changes nothing a tablet shows: the console hears it, the tablet
		// does not (in a hall, a thousand tablets would heartbeat at once for nothing) …
		await act({ action: 'incident', seatId: null, note: 'Kiểm tra kênh đẩy' });
		expect(await console_.next()).toMatchObject({ kind: 'incident' });
		// … while its own seat's extension reaches it: the next note it hears.
		await act({ action: 'extend', seatId: `${ROOM1}-s1`, minutes: 1 });
		expect(await tablet.next()).toMatchObject({ kind: 'extend' });
		expect(await console_.next()).toMatchObject({ kind: 'extend' });
	} finally {
		tablet.close();
		console_.close();
	}
	// Nobody else's stream: no device token, and a proctor of another room.
	expect((await fetch(`${world.url}/api/venue/stream`)).status).toBe(401);
	const other = (await world.proctor2.storageState()).cookies.map((c) => `${c.name}=${c.value}`).join('; ');
	expect(
		(await fetch(`${world.url}/api/proctor/rooms/${ROOM1}/stream`, { headers: { cookie: other } })).status
	).toBe(403);
});
