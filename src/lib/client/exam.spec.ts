// The exam session (exam.svelte.ts) as the screen drives it, against a fake server that keeps
// the sync contract: the device database is Dexie on fake-indexeddb, the network a fake
// fetch, and "offline" what navigator.onLine and a refused connection say.
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PhongThiDb, type LocalAttempt } from './db';
import { ExamSession } from './exam.svelte';
import { FakeServer, localAttempt, twoOptionPaper } from '../../../tests/unit/support/fake-sync-server';

const ATTEMPT = 'a-exam';

const paper = twoOptionPaper(['q1', 'q2', 'q3']);

let db: PhongThiDb;
let server: FakeServer;
let network: { onLine: boolean };
let session: ExamSession | null = null;
let n = 0;

async function open(extra: Partial<LocalAttempt> = {}): Promise<ExamSession> {
	await db.attempts.put(localAttempt(ATTEMPT, { paper, ...extra }));
	session = await ExamSession.open(ATTEMPT, db);
	if (!session) throw new Error('attempt not found');
	return session;
}

const outbox = async () =>
	(await db.outbox.orderBy('[attemptId+deviceId+seq]').toArray()).map((e) => [
		e.seq,
		e.questionId,
		e.choice,
		e.status
	]);

beforeEach(() => {
	db = new PhongThiDb(`exam-spec-${n++}`);
	server = new FakeServer();
	server.clock = () => Date.now();
	network = { onLine: true };
	vi.stubGlobal('navigator', network);
	vi.stubGlobal('fetch', server.fetch);
});

afterEach(async () => {
	session?.stop();
	session = null;
	vi.unstubAllGlobals();
	db.close();
	await db.delete();
});

describe('ExamSession', () => {
	it('keeps an answer in IndexedDB before confirming it, offline, and sends it when the server answers', async () => {
		network.onLine = false;
		server.down = true;
		const s = await open();
		await s.answer('q1', 'a');
		// Resolved means stored: the event is in the outbox, pending.
		expect(await outbox()).toEqual([[1, 'q1', 'a', 'pending']]);
		expect(s.answers.get('q1')).toBe('a');
		expect(s.pending).toBe(1);
		await vi.waitFor(() => expect(s.sync).toBe('offline'));

		server.down = false;
		network.onLine = true;
		s.flushSoon(0);
		await vi.waitFor(() => expect(s.pending).toBe(0));
		expect(server.acked).toBe(1);
		expect(s.sync).toBe('saved');
		expect(await outbox()).toEqual([[1, 'q1', 'a', 'sent']]);
	});

	it('submits on the device while offline, takes no answer after, and delivers the submit later', async () => {
		server.down = true;
		const s = await open();
		await s.answer('q1', 'a');
		await s.answer('q2', 'b');
		await s.answer('q1', 'b');
		expect(s.answeredCount).toBe(2);
		await s.submit('candidate');
		const local = await db.attempts.get(ATTEMPT);
		expect(local?.status).toBe('submitted-local');
		expect(local?.localSubmit).toMatchObject({ lastSeq: 3, reason: 'candidate' });
		expect(s.finished).toBe(true);
		expect(s.unsent).toBe(true);

		await s.answer('q3', 'a');
		expect(await outbox()).toHaveLength(3);

		server.down = false;
		s.flushSoon(0);
		await vi.waitFor(() => expect(s.attempt.status).toBe('submitted'));
		expect(server.acked).toBe(3);
		expect(server.sent.filter((x) => x.path.endsWith('/submit')).map((x) => x.body.lastSeq)).toEqual([3]);
		expect(s.unsent).toBe(false);
	});

	it('takes no answer while the room is paused', async () => {
		const now = Date.now();
		const s = await open({
			serverState: { status: 'paused', deadline: now + 1_500_000, pausedSince: now, allowedMs: 1_500_000 },
			serverStateSentAt: now
		});
		expect(s.paused).toBe(true);
		await s.answer('q1', 'a');
		expect(await outbox()).toEqual([]);
		expect(s.answers.has('q1')).toBe(false);
	});

	it('submits by itself when the time is up', async () => {
		// Started 30 minutes ago for 25: nothing of the time is left.
		const s = await open({ startedAt: Date.now() - 1_800_000, deadline: Date.now() - 300_000 });
		expect(s.remainingMs).toBe(0);
		await s.refresh();
		await vi.waitFor(async () =>
			expect((await db.attempts.get(ATTEMPT))?.localSubmit?.reason).toBe('timeout')
		);
	});

	it('submits by itself when the server says the room is locked', async () => {
		const s = await open({ serverState: { status: 'locked', deadline: Date.now() + 1_500_000 } });
		expect(s.remainingMs).toBeGreaterThan(0);
		await s.refresh();
		await vi.waitFor(async () => expect((await db.attempts.get(ATTEMPT))?.localSubmit?.reason).toBe('lock'));
	});

	it('on resume shows what the server holds from another device, and still does offline', async () => {
		server.others = [
			{
				deviceId: 'd-other-phone',
				seq: 1,
				questionId: 'q2',
				choice: 'b',
				at: 1,
				elapsedMs: 5_000,
				hash: 'f'.repeat(64),
				counts: true
			}
		];
		const s = await open();
		expect(s.answers.get('q2')).toBe('b');
		expect(s.answeredCount).toBe(1);
		s.stop();

		network.onLine = false;
		server.down = true;
		session = await ExamSession.open(ATTEMPT, db);
		expect(session?.answers.get('q2')).toBe('b');
	});

	it('a second tab of the attempt shows what the first answered, flagged and submitted', async () => {
		network.onLine = false;
		server.down = true;
		vi.stubGlobal('window', new EventTarget());
		vi.stubGlobal('document', Object.assign(new EventTarget(), { visibilityState: 'visible' }));
		const first = await open();
		first.run();
		// Another tab: its own connection to the same database, on the screen and running.
		const otherDb = new PhongThiDb(db.name);
		const second = await ExamSession.open(ATTEMPT, otherDb);
		if (!second) throw new Error('attempt not found');
		const stop = second.run();
		try {
			await first.answer('q1', 'a');
			await vi.waitFor(() => expect(second.answers.get('q1')).toBe('a'));
			expect(second.answeredCount).toBe(1);
			await second.answer('q1', 'b');
			await vi.waitFor(() => expect(first.answers.get('q1')).toBe('b'));

			// Flags set in both tabs are both kept.
			await first.toggleFlag('q2');
			await second.toggleFlag('q3');
			await vi.waitFor(() => expect([...first.flagged].sort()).toEqual(['q2', 'q3']));
			expect((await db.attempts.get(ATTEMPT))?.flagged.sort()).toEqual(['q2', 'q3']);

			await first.submit('candidate');
			await vi.waitFor(() => expect(second.finished).toBe(true));
			await second.answer('q3', 'a');
			expect(await outbox()).toHaveLength(2);
		} finally {
			stop();
			otherDb.close();
		}
	});
});
