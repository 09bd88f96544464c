// The push bus: a note published in one process reaches the subscribers of its topic in every
// process on the database (two PgPushBus instances stand for two `node build` nodes), and an
// SSE stream carries it to a tablet. Runs on PostgreSQL too when TEST_DATABASE_URL is set.
import { afterEach, describe, expect, it } from 'vitest';
import {
	MemoryPushBus,
	PgPushBus,
	sseResponse,
	type PushBus,
	type PushMessage
} from '../../src/lib/server/push';
import { createDatabase } from '../support/pg-database';

const opened: Array<() => Promise<void>> = [];
afterEach(async () => {
	for (const close of opened.splice(0).reverse()) await close();
});

/** Two nodes' buses on one database. */
type Pair = () => Promise<[PushBus, PushBus]>;
const pairs: Array<[string, Pair]> = [
	[
		'in memory (one process)',
		async () => {
			const bus = new MemoryPushBus();
			return [bus, bus];
		}
	]
];
const admin = process.env.TEST_DATABASE_URL;
if (admin) {
	pairs.push([
		'PostgreSQL LISTEN/NOTIFY (two nodes)',
		async () => {
			const database = await createDatabase('phongthi_push', admin);
			const a = new PgPushBus({ connectionString: database.url });
			const b = new PgPushBus({ connectionString: database.url });
			opened.push(async () => {
				await a.close();
				await b.close();
				await database.drop();
			});
			await Promise.all([a.ready(), b.ready()]);
			return [a, b];
		}
	]);
}

describe.each(pairs)('push bus: %s', (_name, pair) => {
	it('delivers a note to every subscriber of its topic on the other node, and to no other topic', async () => {
		const [a, b] = await pair();
		const heardOnB: PushMessage[] = [];
		const heardOnA: PushMessage[] = [];
		const otherRoom: PushMessage[] = [];
		b.subscribe('room:1', (m) => heardOnB.push(m));
		a.subscribe('room:1', (m) => heardOnA.push(m));
		b.subscribe('room:2', (m) => otherRoom.push(m));
		await a.publish('room:1', { version: 7, kind: 'pause' });
		await expect.poll(() => heardOnB.length).toBe(1);
		await expect.poll(() => heardOnA.length).toBe(1);
		expect(heardOnB[0]).toEqual({ topic: 'room:1', data: { version: 7, kind: 'pause' } });
		// A later note on another topic arrives; the earlier one never reached room 2.
		await a.publish('room:2', { version: 1 });
		await expect.poll(() => otherRoom.length).toBe(1);
		expect(otherRoom[0].data).toEqual({ version: 1 });
		expect(heardOnB).toHaveLength(1);
	});

	it('stops delivering to a subscriber that left', async () => {
		const [a, b] = await pair();
		const heard: unknown[] = [];
		const marker: unknown[] = [];
		const leave = b.subscribe('room:1', (m) => heard.push(m.data));
		b.subscribe('room:marker', (m) => marker.push(m.data));
		leave();
		await a.publish('room:1', { version: 2 });
		await a.publish('room:marker', { done: true });
		await expect.poll(() => marker.length).toBe(1);
		expect(heard).toEqual([]);
	});

	it('streams a change to an SSE client: the state to read first, then each note', async () => {
		const [a, b] = await pair();
		const gone = new AbortController();
		const res = sseResponse(b, 'room:1', { initial: { version: 3 }, signal: gone.signal });
		expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
		const reader = res.body!.getReader();
		const decoder = new TextDecoder();
		let text = '';
		const readUntil = async (needle: string) => {
			while (!text.includes(needle)) {
				const { value, done } = await reader.read();
				if (done) throw new Error(`stream ended before ${needle}`);
				text += decoder.decode(value);
			}
		};
		await readUntil('"version":3');
		await a.publish('room:1', { version: 4, kind: 'extend' });
		await readUntil('"version":4');
		expect(text).toContain('event: change\ndata: {"version":4,"kind":"extend"}\n\n');
		gone.abort();
		await expect(reader.read()).resolves.toMatchObject({ done: true });
	});
});
