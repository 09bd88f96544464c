// The sync engine against a fake server that keeps the sync contract (DESIGN.md): what is
// sent, what is kept aside, what is retried. The device database is Dexie on fake-indexeddb.
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PhongThiDb, type LocalAttempt, type OutboxEvent } from './db';
import { attemptsToFlush, backoffMs, batches, flushAttempt, MAX_BATCH_EVENTS } from './sync';
import { mayBeCut } from '$lib/exam/batch';
import { unsentOf } from './signout';
import { FakeServer, jsonResponse, localAttempt } from '../../../tests/unit/support/fake-sync-server';

const ATTEMPT = 'a-1';
const DEVICE = 'd-1';

const attempt = (extra: Partial<LocalAttempt> = {}) =>
	localAttempt(ATTEMPT, {
		paper: { seed: 's', questions: [] },
		startedAt: 0,
		deadline: 10_000_000,
		...extra
	});

function events(from: number, to: number): OutboxEvent[] {
	const out: OutboxEvent[] = [];
	for (let seq = from; seq <= to; seq++) {
		out.push({
			attemptId: ATTEMPT,
			deviceId: DEVICE,
			seq,
			questionId: `q${seq % 30}`,
			choice: 'o1',
			at: seq,
			elapsedMs: seq * 10,
			hash: 'h'.repeat(64),
			status: 'pending'
		});
	}
	return out;
}

let db: PhongThiDb;
let server: FakeServer;
let n = 0;

beforeEach(async () => {
	db = new PhongThiDb(`sync-spec-${n++}`);
	server = new FakeServer();
});
afterEach(async () => {
	db.close();
	await db.delete();
});

const deps = () => ({ db, fetch: server.fetch, now: () => 1_000 });
const statuses = async () => (await db.outbox.toArray()).map((e) => e.status);

describe('flushAttempt', () => {
	it('sends every pending event in batches of at most 200 and marks them sent', async () => {
		await db.attempts.put(attempt());
		await db.outbox.bulkPut(events(1, 450));
		const outcome = await flushAttempt(deps(), ATTEMPT);
		expect(outcome.kind).toBe('done');
		expect(server.sent.map((s) => s.body.events?.length)).toEqual([200, 200, 50]);
		expect(server.acked).toBe(450);
		expect(new Set(await statuses())).toEqual(new Set(['sent']));
	});

	it('keeps a refused batch aside with the server message and still sends later ones', async () => {
		await db.attempts.put(attempt());
		await db.outbox.bulkPut(events(1, 250));
		// The first batch (seq 1–200) is refused; the second is taken.
		server.refuse = (b) => (b.events?.[0]?.seq === 1 ? 422 : null);
		const outcome = await flushAttempt(deps(), ATTEMPT);
		expect(outcome.kind).toBe('done');
		const all = await db.outbox.orderBy('[attemptId+deviceId+seq]').toArray();
		expect(all.filter((e) => e.status === 'rejected').map((e) => e.seq)).toEqual(range(1, 200));
		expect(all.filter((e) => e.status === 'sent').map((e) => e.seq)).toEqual(range(201, 250));
		expect(all[0].error).toBe('refused 422');
		expect((await db.attempts.get(ATTEMPT))?.problem).toBe('refused 422');
		// Kept, never deleted.
		expect(all).toHaveLength(250);
	});

	it('asks to retry on a server error and keeps the events pending', async () => {
		await db.attempts.put(attempt());
		await db.outbox.bulkPut(events(1, 5));
		server.refuse = () => 503;
		const outcome = await flushAttempt(deps(), ATTEMPT);
		expect(outcome).toEqual({ kind: 'retry', reason: 'HTTP 503' });
		expect(new Set(await statuses())).toEqual(new Set(['pending']));
	});

	it('reports offline when the network fails, with nothing lost', async () => {
		await db.attempts.put(attempt());
		await db.outbox.bulkPut(events(1, 5));
		server.down = true;
		expect((await flushAttempt(deps(), ATTEMPT)).kind).toBe('offline');
		expect(await statuses()).toEqual(['pending', 'pending', 'pending', 'pending', 'pending']);
	});

	it('answers a 409 on submit by sending again from the missing seq, then submits', async () => {
		await db.attempts.put(
			attempt({
				status: 'submitted-local',
				localSubmit: { lastSeq: 40, reason: 'candidate', at: 1, elapsedMs: 400 }
			})
		);
		await db.outbox.bulkPut(events(1, 40));
		server.missingFrom = 31;
		const outcome = await flushAttempt(deps(), ATTEMPT, { deviceId: DEVICE });
		expect(outcome.kind).toBe('done');
		const submits = server.sent.filter((s) => s.path.endsWith('/submit'));
		expect(submits).toHaveLength(2);
		// The resend carried exactly the events the server said it lacked.
		const resent = server.sent.filter(
			(s, i) => i > server.sent.indexOf(submits[0]) && s.path.endsWith('/events')
		);
		expect(resent.flatMap((s) => s.body.events?.map((e) => e.seq) ?? [])).toEqual(range(31, 40));
		const stored = await db.attempts.get(ATTEMPT);
		expect(stored?.status).toBe('submitted');
		expect(stored?.result).toMatchObject({ score: 3, max: 30, provisional: true });
	});

	it('sends a heartbeat when asked and nothing is pending', async () => {
		await db.attempts.put(attempt());
		const outcome = await flushAttempt(deps(), ATTEMPT, { heartbeat: true, deviceId: DEVICE });
		expect(outcome).toMatchObject({ kind: 'done', serverNow: 5_000 });
		expect(server.sent).toEqual([
			{ path: `/api/attempts/${ATTEMPT}/events`, body: { deviceId: DEVICE, events: [] } }
		]);
		expect((await db.attempts.get(ATTEMPT))?.serverState?.status).toBe('running');
	});
});

describe('a practice paper drawn on this device, refused by the server', () => {
	const REGISTER = '/api/rounds/practice/attempts';
	const LIMIT = 'Bạn đã dùng hết số lượt thi của vòng này (trong tuần hoặc tổng cộng).';
	/** Answers the paper's registration with `answer`; everything else as the fake server does. */
	function registration(answer: () => Response) {
		const asked: string[] = [];
		const fetch = (async (url: string, init: RequestInit) => {
			if (url === REGISTER) {
				asked.push(url);
				return answer();
			}
			return server.fetch(url, init);
		}) as unknown as typeof globalThis.fetch;
		return { asked, deps: { db, fetch, now: () => 1_000 } };
	}
	const submitted = () =>
		attempt({
			kind: 'practice',
			roundId: 'practice',
			token: '',
			status: 'submitted-local',
			localSubmit: { lastSeq: 5, reason: 'candidate', at: 1, elapsedMs: 50 }
		});

	it('for good (the limits used): kept with every answer, the reason shown, never asked again, nothing left to send', async () => {
		await db.attempts.put(submitted());
		await db.outbox.bulkPut(events(1, 5));
		const { asked, deps } = registration(() =>
			jsonResponse(409, { error: { code: 'noAttemptsLeft', message: LIMIT } })
		);
		expect(await flushAttempt(deps, ATTEMPT)).toEqual({ kind: 'done' });
		const kept = await db.attempts.get(ATTEMPT);
		expect(kept).toMatchObject({ unrecorded: true, problem: LIMIT, status: 'submitted-local' });
		expect(await statuses()).toEqual(['pending', 'pending', 'pending', 'pending', 'pending']);
		// The next flushes (the exam page every 5 s, Background Sync, sign-out) ask nothing.
		expect(await flushAttempt(deps, ATTEMPT, { heartbeat: true, deviceId: DEVICE })).toEqual({
			kind: 'done'
		});
		expect(asked).toHaveLength(1);
		expect(server.sent).toEqual([]);
		expect(await attemptsToFlush(db)).toEqual([]);
		expect(await unsentOf(db, kept!.userId)).toBe(0);
	});

	it('for now (a server error, signed out): the reason shown, and asked again at the next flush', async () => {
		await db.attempts.put(submitted());
		await db.outbox.bulkPut(events(1, 5));
		const answers = [
			jsonResponse(503, { error: { code: 'serverError', message: 'Lỗi máy chủ.' } }),
			jsonResponse(401, { error: { code: 'unauthenticated', message: 'Bạn cần đăng nhập.' } })
		];
		const { asked, deps } = registration(() => answers.shift()!);
		await flushAttempt(deps, ATTEMPT);
		expect((await db.attempts.get(ATTEMPT))?.unrecorded).toBeUndefined();
		await flushAttempt(deps, ATTEMPT);
		const kept = await db.attempts.get(ATTEMPT);
		expect(kept?.unrecorded).toBeUndefined();
		expect(kept?.problem).toBe('Bạn cần đăng nhập.');
		expect(asked).toHaveLength(2);
		expect(await attemptsToFlush(db)).toEqual([ATTEMPT]);
	});
});

describe('batches', () => {
	it('cuts by count and by size', () => {
		expect(batches(range(1, 401), () => 10).map((b) => b.length)).toEqual([
			MAX_BATCH_EVENTS,
			MAX_BATCH_EVENTS,
			1
		]);
		// 2,000 characters an event: a batch stays within the byte limit.
		const big = batches(range(1, 100), () => 2_000);
		for (const b of big) expect(b.length * 2_001).toBeLessThanOrEqual(64 * 1024);
		expect(big.flat()).toEqual(range(1, 100));
	});

	it('the server reads every batch the device cut as maybe cut, and the last one as the end', () => {
		// Events as the contract carries them: short ones (cut by count) and ones whose texts are
		// at their bound and escaped in JSON (cut by bytes first).
		const event = (seq: number, text: string) => ({
			seq,
			questionId: text,
			choice: text,
			at: 1_765_000_000_000 + seq,
			elapsedMs: seq * 1000,
			hash: 'f'.repeat(64)
		});
		for (const text of ['q1', '\u0001'.repeat(64)]) {
			const cut = batches(range(1, 451).map((seq) => event(seq, text)));
			expect(cut.length, text).toBeGreaterThan(2);
			for (const b of cut.slice(0, -1)) expect(mayBeCut(b), `${text}: ${b.length}`).toBe(true);
			expect(mayBeCut(cut.at(-1)!), text).toBe(false);
		}
		expect(mayBeCut([])).toBe(false);
	});
});

describe('backoffMs', () => {
	it('doubles from 1 s to a 30 s cap, with jitter between half and all of it', () => {
		expect([0, 1, 2, 3].map((f) => backoffMs(f, () => 1))).toEqual([1000, 2000, 4000, 8000]);
		expect([0, 1, 2].map((f) => backoffMs(f, () => 0))).toEqual([500, 1000, 2000]);
		expect(backoffMs(20, () => 1)).toBe(30_000);
		expect(backoffMs(20, () => 0)).toBe(15_000);
	});
});

function range(from: number, to: number): number[] {
	return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}
