// What one attempt can make the server store is bounded: at most MAX_ATTEMPT_DEVICES devices,
// each sending seqs up to MAX_DEVICE_SEQ (batch.ts). A batch beyond either bound is refused
// whole (422, its own code) and nothing of it is stored, not even the row a new device's first
// batch would make; a batch just inside is taken as any other.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { openDemoDb, type TestDb } from './testdb';
import { DEMO_ACCOUNTS } from '../../src/lib/server/demo/seed';
import { ingestBatch, startAttempt, type StartedAttempt } from '../../src/lib/server/attempts';
import { refusal } from '../../src/lib/server/http';
import { chainEvent, type AnswerEvent } from '../../src/lib/exam/events';
import { MAX_ATTEMPT_DEVICES, MAX_BATCH_EVENTS, MAX_DEVICE_SEQ } from '../../src/lib/exam/batch';
import type { Failure } from '../../src/lib/server/failure';

const NOW = Date.UTC(2026, 10, 23, 2, 0);
let t: TestDb;

beforeAll(async () => {
	({ t } = await openDemoDb(NOW - 3600_000));
});
afterAll(async () => t.drop());

async function attemptOf(candidate: number): Promise<StartedAttempt> {
	const user = await t.db
		.selectFrom('app_user')
		.select('id')
		.where('phone', '=', DEMO_ACCOUNTS.candidates[candidate].phone)
		.executeTakeFirstOrThrow();
	const started = await startAttempt(t.db, randomBytes(32), { userId: user.id, roundId: 'qualifying' }, NOW);
	if (!started.ok) throw new Error(JSON.stringify(started));
	return started;
}

/** A device's chain: its events made in seq order, each linked to the one before. */
function chain(a: StartedAttempt) {
	let prev = a.attemptId;
	let seq = 0;
	return async (count: number): Promise<AnswerEvent[]> => {
		const out: AnswerEvent[] = [];
		for (let k = 0; k < count; k++) {
			seq += 1;
			const q = a.paper.questions[seq % a.paper.questions.length];
			const e = await chainEvent(prev, {
				seq,
				questionId: q.id,
				choice: q.options[seq % q.options.length].id,
				at: NOW,
				elapsedMs: seq
			});
			prev = e.hash;
			out.push(e);
		}
		return out;
	};
}

const post = (a: StartedAttempt, deviceId: string, events: AnswerEvent[]) =>
	ingestBatch(t.db, a.attemptId, { deviceId, events }, NOW + 1000);

async function held(a: StartedAttempt, deviceId?: string) {
	let q = t.db
		.selectFrom('answer_event')
		.select((eb) => [eb.fn.countAll<number | string>().as('n'), eb.fn.max('seq').as('top')])
		.where('attempt_id', '=', a.attemptId);
	if (deviceId) q = q.where('device_id', '=', deviceId);
	const row = await q.executeTakeFirstOrThrow();
	return { events: Number(row.n), top: row.top === null ? 0 : Number(row.top) };
}

async function devices(a: StartedAttempt): Promise<string[]> {
	const rows = await t.db
		.selectFrom('attempt_device')
		.select(['device_id', 'acked_seq'])
		.where('attempt_id', '=', a.attemptId)
		.orderBy('device_id')
		.execute();
	return rows.map((r) => `${r.device_id}@${r.acked_seq}`);
}

/** The refusal as the API answers it: its status, and a sentence naming the bound in both languages. */
function answered(f: unknown, n: number) {
	const failure = f as Failure;
	const vi = refusal(failure, 'vi');
	const en = refusal(failure, 'en');
	const text = (r: typeof vi) => (r.body as { error: { message: string } }).error.message;
	expect(text(vi)).toContain(String(n));
	expect(text(en)).toContain(String(n));
	expect(text(vi)).not.toBe(text(en));
	return vi.status;
}

describe('the bounds of what one attempt can make the server store', () => {
	it(`takes a device's seqs up to ${MAX_DEVICE_SEQ} and refuses a batch reaching past it whole`, async () => {
		const a = await attemptOf(1);
		const next = chain(a);
		const device = 'long-chain';
		// Contiguous full batches, as a script flooding the attempt would send them.
		for (let sent = 0; sent < MAX_DEVICE_SEQ - 1;) {
			const events = await next(Math.min(MAX_BATCH_EVENTS, MAX_DEVICE_SEQ - 1 - sent));
			sent += events.length;
			expect(await post(a, device, events)).toMatchObject({ ok: true, acked: sent, stored: events.length });
		}
		const [last, over] = await next(2);
		expect(over.seq).toBe(MAX_DEVICE_SEQ + 1);

		// The last seq allowed with one past it: neither is stored, the device's row is unchanged.
		const refused = await post(a, device, [last, over]);
		expect(refused).toEqual({ ok: false, code: 'seqTooHigh', params: { n: MAX_DEVICE_SEQ } });
		expect(answered(refused, MAX_DEVICE_SEQ)).toBe(422);
		expect(await held(a, device)).toEqual({ events: MAX_DEVICE_SEQ - 1, top: MAX_DEVICE_SEQ - 1 });
		expect(await devices(a)).toEqual([`${device}@${MAX_DEVICE_SEQ - 1}`]);

		// Just inside: the last seq alone is taken, and the chain reaches it.
		expect(await post(a, device, [last])).toMatchObject({ ok: true, acked: MAX_DEVICE_SEQ, stored: 1 });
		// Past it, alone or as a replay's companion, nothing more.
		expect(await post(a, device, [over])).toMatchObject({ ok: false, code: 'seqTooHigh' });
		expect(await post(a, device, [last, over])).toMatchObject({ ok: false, code: 'seqTooHigh' });
		// A seq far past the bound on a device's first batch is refused the same way, before it
		// is judged too far ahead of nothing.
		expect(await post(a, 'far-ahead', [{ ...over, seq: 900_000 }])).toMatchObject({
			ok: false,
			code: 'seqTooHigh'
		});
		expect(await held(a)).toEqual({ events: MAX_DEVICE_SEQ, top: MAX_DEVICE_SEQ });
		expect(await devices(a)).toEqual([`${device}@${MAX_DEVICE_SEQ}`]);
	});

	it(`takes ${MAX_ATTEMPT_DEVICES} devices on an attempt and refuses a further one, its heartbeat too`, async () => {
		const a = await attemptOf(0);
		const ids = Array.from({ length: MAX_ATTEMPT_DEVICES }, (_, i) => `phone-${String(i).padStart(2, '0')}`);
		const chains = new Map(ids.map((id) => [id, chain(a)]));
		// The last device allowed comes first with an empty batch: a heartbeat makes its row too.
		for (const id of ids.slice(0, -1))
			expect(await post(a, id, await chains.get(id)!(3))).toMatchObject({ ok: true, acked: 3, stored: 3 });
		const lastAllowed = ids.at(-1)!;
		expect(await post(a, lastAllowed, [])).toMatchObject({ ok: true, acked: 0 });
		expect(await devices(a)).toHaveLength(MAX_ATTEMPT_DEVICES);

		const refused = await post(a, 'one-too-many', await chain(a)(3));
		expect(refused).toEqual({ ok: false, code: 'tooManyDevices', params: { n: MAX_ATTEMPT_DEVICES } });
		expect(answered(refused, MAX_ATTEMPT_DEVICES)).toBe(422);
		expect(await post(a, 'one-too-many', [])).toMatchObject({ ok: false, code: 'tooManyDevices' });
		expect(await held(a, 'one-too-many')).toEqual({ events: 0, top: 0 });
		expect(await devices(a)).toHaveLength(MAX_ATTEMPT_DEVICES);
		expect((await devices(a)).some((d) => d.startsWith('one-too-many'))).toBe(false);

		// Every device the attempt has goes on as before.
		expect(await post(a, lastAllowed, await chains.get(lastAllowed)!(2))).toMatchObject({
			ok: true,
			acked: 2,
			stored: 2
		});
		expect(await post(a, ids[0], await chains.get(ids[0])!(1))).toMatchObject({ ok: true, acked: 4 });
		expect(await held(a)).toEqual({ events: (MAX_ATTEMPT_DEVICES - 1) * 3 + 2 + 1, top: 4 });
	});

	it('holds the device bound when new devices of one attempt post at once', async () => {
		const a = await attemptOf(2);
		const extra = 6;
		const results = await Promise.all(
			Array.from({ length: MAX_ATTEMPT_DEVICES + extra }, async (_, i) =>
				post(a, `rush-${i}`, await chain(a)(2))
			)
		);
		expect(results.filter((r) => r.ok)).toHaveLength(MAX_ATTEMPT_DEVICES);
		expect(results.filter((r) => !r.ok && r.code === 'tooManyDevices')).toHaveLength(extra);
		expect(await devices(a)).toHaveLength(MAX_ATTEMPT_DEVICES);
		expect(await held(a)).toEqual({ events: 2 * MAX_ATTEMPT_DEVICES, top: 2 });
	});
});
