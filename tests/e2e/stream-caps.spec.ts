// One holder of a token cannot hold many event streams, on a real built server: a device token
// keeps at most two (each newer one closes the oldest, so a reconnecting tablet is never
// refused), a session five; meanwhile another tablet's heartbeat is answered. A pending tablet
// has no stream, the token goes in a header only, and a stream ends when its holder's right
// does (a signed-out session, a wiped tablet) at the next keep-alive's check (15 s).
import { test, expect, type APIRequestContext } from '@playwright/test';
import { buildWorld, ROOM1, signedIn, PROCTOR1, type World } from './support/hostile-world';

test.describe.configure({ mode: 'serial' });

let world: World;
test.beforeAll(async () => {
	world = await buildWorld('stream-caps');
});
test.afterAll(async () => {
	await world?.close();
});

interface Stream {
	/** Resolves when the server ends the stream. */
	ended: Promise<void>;
	isOpen(): boolean;
	/** Resolves when a `change` frame containing `text` has arrived. */
	heard(text: string): Promise<void>;
	close(): void;
}

async function openStream(path: string, headers: Record<string, string>): Promise<Stream> {
	const abort = new AbortController();
	const res = await fetch(`${world.url}${path}`, { headers, signal: abort.signal });
	expect(res.status, path).toBe(200);
	const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
	let text = '';
	let open = true;
	const waiting: Array<() => void> = [];
	const ended = (async () => {
		try {
			for (;;) {
				const { value, done } = await reader.read();
				if (done) break;
				text += value;
				for (const w of waiting.splice(0)) w();
			}
		} catch {
			/* aborted by us */
		}
		open = false;
		for (const w of waiting.splice(0)) w();
	})();
	return {
		ended,
		isOpen: () => open,
		async heard(s) {
			while (!text.includes(s)) {
				if (!open) throw new Error(`stream ended before ${s}`);
				await new Promise<void>((r) => waiting.push(r));
			}
		},
		close: () => abort.abort()
	};
}

const cookieOf = async (ctx: APIRequestContext) =>
	(await ctx.storageState()).cookies.map((c) => `${c.name}=${c.value}`).join('; ');

async function act(data: Record<string, unknown>) {
	const res = await world.proctor1.post(`/api/proctor/rooms/${ROOM1}/actions`, { data });
	expect(res.status(), await res.text()).toBe(200);
}
/** A note every console of the room hears (an incident concerns no tablet). */
const incident = (note: string) => act({ action: 'incident', seatId: null, note });
/** A note tablet 1 hears: its seat's extension (push/room.ts sends a tablet only what concerns it). */
const extendTablet1 = () => act({ action: 'extend', seatId: `${ROOM1}-s1`, minutes: 1 });

test('one device token holds two streams: each newer one closes the oldest; other tablets are answered', async () => {
	const auth = { authorization: `Bearer ${world.tablet1.token}` };
	const streams: Stream[] = [];
	for (let i = 0; i < 6; i++) streams.push(await openStream('/api/venue/stream', auth));
	// The four oldest were closed by the server, in order; the two newest are open.
	await Promise.all(streams.slice(0, 4).map((s) => s.ended));
	expect(streams.map((s) => s.isOpen())).toEqual([false, false, false, false, true, true]);
	// Another tablet (another room) is answered meanwhile.
	const beat = await fetch(`${world.url}/api/venue/heartbeat`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', authorization: `Bearer ${world.tablet2.token}` },
		body: '{}'
	});
	expect(beat.status, await beat.text()).toBe(200);
	// The newest two still hear the room.
	await extendTablet1();
	await Promise.all(streams.slice(4).map((s) => s.heard('"kind":"extend"')));
	for (const s of streams) s.close();
});

test('a session holds five console streams; a sixth and seventh close the oldest', async () => {
	const cookie = await cookieOf(world.proctor1);
	const streams: Stream[] = [];
	for (let i = 0; i < 7; i++)
		streams.push(await openStream(`/api/proctor/rooms/${ROOM1}/stream`, { cookie }));
	await Promise.all(streams.slice(0, 2).map((s) => s.ended));
	expect(streams.map((s) => s.isOpen())).toEqual([false, false, true, true, true, true, true]);
	await incident('Năm luồng của một phiên');
	await Promise.all(streams.slice(2).map((s) => s.heard('"kind":"incident"')));
	for (const s of streams) s.close();
});

test('no stream for a pending tablet, for a token in the URL, or for a token with a tail', async () => {
	const pending = await fetch(`${world.url}/api/venue/stream`, {
		headers: { authorization: `Bearer ${world.pending.token}` }
	});
	expect(pending.status).toBe(403);
	expect(((await pending.json()) as { error: { code: string } }).error.code).toBe('notApproved');
	const inUrl = await fetch(`${world.url}/api/venue/stream?token=${encodeURIComponent(world.tablet1.token)}`);
	expect(inUrl.status).toBe(401);
	await inUrl.body?.cancel();
	const tail = await fetch(`${world.url}/api/venue/stream`, {
		headers: { authorization: `Bearer ${world.tablet1.token}.x` }
	});
	expect(tail.status).toBe(401);
	await tail.body?.cancel();
});

test('a stream ends once its session is signed out, or its tablet wiped', async () => {
	test.setTimeout(90_000);
	// A session of its own, so the world's proctor stays signed in.
	const leaving = await signedIn(world.url, PROCTOR1);
	const consoleStream = await openStream(`/api/proctor/rooms/${ROOM1}/stream`, {
		cookie: await cookieOf(leaving)
	});
	// A spare tablet, approved without a seat, then wiped.
	const code = await world.proctor1.post(`/api/proctor/rooms/${ROOM1}/actions`, {
		data: { action: 'enrolCode' }
	});
	const enrolled = await world.anon.post('/api/venue/enrol', {
		data: { code: (await code.json()).code, deviceId: 'tab-spare-wiped', label: 'spare' }
	});
	expect(enrolled.status(), await enrolled.text()).toBe(201);
	const spare = (await enrolled.json()) as { deviceId: string; token: string };
	const approve = await world.proctor1.post(`/api/proctor/rooms/${ROOM1}/actions`, {
		data: { action: 'approve', deviceId: spare.deviceId, seatId: null }
	});
	expect(approve.status(), await approve.text()).toBe(200);
	const tabletStream = await openStream('/api/venue/stream', { authorization: `Bearer ${spare.token}` });
	const kept = await openStream('/api/venue/stream', { authorization: `Bearer ${world.tablet1.token}` });

	expect((await leaving.delete('/api/session')).status()).toBeLessThan(300);
	// The room has started: the spare says it holds nothing unsent, then may be wiped.
	const beat = await world.anon.post('/api/venue/heartbeat', {
		data: { unsent: 0, lastSeqs: {} },
		headers: { authorization: `Bearer ${spare.token}` }
	});
	expect(beat.status(), await beat.text()).toBe(200);
	const wipe = await world.proctor1.post(`/api/proctor/rooms/${ROOM1}/actions`, {
		data: { action: 'wipe', deviceId: spare.deviceId }
	});
	expect(wipe.status(), await wipe.text()).toBe(200);
	// Both end at the next check (every 15 s); the approved tablet's stream is kept.
	await Promise.all([consoleStream.ended, tabletStream.ended]);
	expect(kept.isOpen()).toBe(true);
	await extendTablet1();
	await kept.heard('"kind":"extend"');
	kept.close();
	await leaving.dispose();
});
