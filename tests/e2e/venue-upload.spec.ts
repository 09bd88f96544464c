// A tablet's exported log, uploaded by the proctor over HTTP to a built server of its own. The
// largest log an honest tablet makes (a full chain of 5,000 answers) is far above the 256 KB
// every other endpoint takes and adapter-node's own 512 KB: the upload route holds its own
// limit and takes it whole, with a Content-Length or in chunks. Every other request is still
// held to 512 KB: a large form is refused, not read.
import http from 'node:http';
import { expect, test } from '@playwright/test';
import { withDb } from './support/fixtures';
import { buildWorld, chain, ROOM1, type World } from './support/hostile-world';
import { importAesKey, rawKeyFromB64, sealJson } from '../../src/lib/exam/venue-crypto';
import { MAX_DEVICE_SEQ } from '../../src/lib/exam/batch';

test.describe.configure({ mode: 'serial', timeout: 180_000 });

let world: World;

test.beforeAll(async () => {
	world = await buildWorld('venue-upload');
});

test.afterAll(async () => {
	await world?.close();
});

/** What the server holds of tablet 1's chain for its finalist. */
const storedOfTablet = () =>
	withDb(world.server.sqliteFile, async (db) =>
		Number(
			(
				await db
					.selectFrom('answer_event')
					.select((eb) => eb.fn.countAll().as('n'))
					.where('attempt_id', '=', world.fin1.venueAttemptId)
					.where('device_id', '=', world.tablet1.deviceId)
					.executeTakeFirstOrThrow()
			).n
		)
	);

/**
 * A POST in pieces of 64 KB: with its Content-Length, or chunked without one (as a browser's
 * fetch with a stream body sends it). A connection the server cuts is an `error`.
 */
function post(
	path: string,
	body: string,
	headers: Record<string, string>,
	chunked = false
): Promise<{ status: number; text: string } | { error: string }> {
	const length = chunked ? {} : { 'content-length': String(Buffer.byteLength(body)) };
	return new Promise((resolve) => {
		const req = http.request(
			world.url + path,
			{ method: 'POST', headers: { ...headers, ...length } },
			(res) => {
				const parts: Buffer[] = [];
				res.on('data', (d: Buffer) => parts.push(d));
				res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(parts).toString() }));
			}
		);
		req.on('error', (e) => resolve({ error: e.message }));
		for (let i = 0; i < body.length; i += 64 * 1024) req.write(body.slice(i, i + 64 * 1024));
		req.end();
	});
}

test("a full chain of the tablet's answers is uploaded whole, with a Content-Length or in chunks", async () => {
	const { fin1, tablet1, proctor1 } = world;
	const { paperKey, questions } = await withDb(world.server.sqliteFile, async (db) => ({
		paperKey: (
			await db
				.selectFrom('venue_room')
				.select('paper_key')
				.where('room_id', '=', ROOM1)
				.executeTakeFirstOrThrow()
		).paper_key,
		questions: (
			JSON.parse(
				(
					await db
						.selectFrom('attempt_paper')
						.select('paper')
						.where('attempt_id', '=', fin1.venueAttemptId)
						.executeTakeFirstOrThrow()
				).paper
			) as { questions: { id: string }[] }
		).questions.map((q) => q.id)
	}));
	// What the tablet already sent, then answers up to the most a device sends for one attempt.
	const events = [
		...tablet1.events,
		...(await chain(fin1.venueAttemptId, questions, tablet1.events, MAX_DEVICE_SEQ - tablet1.events.length))
	];
	const sealed = await sealJson(
		await importAesKey(rawKeyFromB64(paperKey)),
		{ attempts: [{ attemptId: fin1.venueAttemptId, events, localSubmit: null }] },
		`export:${tablet1.deviceId}`,
		crypto.getRandomValues(new Uint8Array(12))
	);
	const log = JSON.stringify({
		kind: 'phongthi-venue-log',
		roomId: ROOM1,
		deviceId: tablet1.deviceId,
		token: tablet1.token,
		sealed
	});
	// Above the 256 KB of the other endpoints and adapter-node's default 512 KB alike.
	expect(log.length).toBeGreaterThan(512 * 1024);
	expect(await storedOfTablet()).toBe(tablet1.events.length);

	const res = await proctor1.post(`/api/proctor/rooms/${ROOM1}/upload`, {
		data: log,
		headers: { 'content-type': 'application/json' }
	});
	expect(res.status(), (await res.text()).slice(0, 300)).toBe(200);
	expect(await res.json()).toEqual({
		ok: true,
		stored: MAX_DEVICE_SEQ - tablet1.events.length,
		refused: 0
	});
	expect(await storedOfTablet()).toBe(MAX_DEVICE_SEQ);

	// The same file in chunks: read whole too (nothing new to store).
	const cookie = (await proctor1.storageState()).cookies.map((k) => `${k.name}=${k.value}`).join('; ');
	const chunked = await post(
		`/api/proctor/rooms/${ROOM1}/upload`,
		log,
		{ 'content-type': 'application/json', cookie },
		true
	);
	expect(chunked).toEqual({ status: 200, text: JSON.stringify({ ok: true, stored: 0, refused: 0 }) });
});

test('every other request is still held to 512 KB: a large form is refused, unread', async () => {
	// Read, this form would be answered 200 with "wrong password": it must not be read at all.
	const form = `login=${'a'.repeat(2 * 1024 * 1024)}&password=x`;
	const headers = { 'content-type': 'application/x-www-form-urlencoded', origin: world.url };
	for (const chunked of [false, true]) {
		const refused = await post('/login', form, headers, chunked);
		expect(refused, `chunked: ${chunked}`).toMatchObject({ status: 400 });
	}
	// A form of the usual size is read and answered as ever.
	expect(await post('/login', 'login=0900000009&password=sai', headers)).toMatchObject({ status: 200 });
});
