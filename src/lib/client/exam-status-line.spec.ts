// The exam's sync line (SyncStatus.svelte, role="status": read aloud at each change) as the
// session words it: a heartbeat, sent every 5 s with nothing to deliver, must not change it,
// or a screen reader says "sending…" then "all sent" for the whole exam. Sending answers does.
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PhongThiDb } from './db';
import { ExamSession, type SyncView } from './exam.svelte';
import { FakeServer, localAttempt, twoOptionPaper } from '../../../tests/unit/support/fake-sync-server';

const ATTEMPT = 'a-status-line';
const paper = twoOptionPaper(['q1', 'q2']);

let db: PhongThiDb;
let server: FakeServer;
let session: ExamSession | null = null;
let n = 0;
/** Requests the server has received and not yet answered: each answers when released. */
let held: (() => void)[] = [];

beforeEach(() => {
	db = new PhongThiDb(`exam-status-line-${n++}`);
	server = new FakeServer();
	server.clock = () => Date.now();
	held = [];
	vi.stubGlobal('navigator', { onLine: true });
	// Every request to the attempt's events is held until the test lets it through: the
	// flush is caught in flight, as a screen reader would hear it.
	vi.stubGlobal('fetch', async (url: string, init: RequestInit) => {
		if (url.endsWith('/events')) await new Promise<void>((go) => held.push(go));
		return server.fetch(url, init);
	});
});

afterEach(async () => {
	for (const go of held) go();
	session?.stop();
	session = null;
	vi.unstubAllGlobals();
	db.close();
	await db.delete();
});

async function open(): Promise<ExamSession> {
	await db.attempts.put(localAttempt(ATTEMPT, { paper }));
	session = await ExamSession.open(ATTEMPT, db);
	if (!session) throw new Error('attempt not found');
	return session;
}

describe('the sync line', () => {
	it('stays as it is through a heartbeat with nothing to send', async () => {
		const s = await open();
		expect(s.sync).toBe('saved');
		const seen: SyncView[] = [];
		const flushed = s.flush();
		await vi.waitFor(() => expect(held).toHaveLength(1));
		seen.push(s.sync);
		held.shift()!();
		await flushed;
		seen.push(s.sync);
		// The server heard the heartbeat: it was a real flush, caught while it was sent.
		expect(server.sent.map((x) => x.body.events)).toEqual([[]]);
		expect(seen).toEqual(['saved', 'saved']);
	});

	it('says answers are going while they are sent, and saved once they are', async () => {
		const s = await open();
		await s.answer('q1', 'a');
		expect(s.sync).toBe('waiting');
		await vi.waitFor(() => expect(held).toHaveLength(1));
		expect(s.sync).toBe('sending');
		held.shift()!();
		await vi.waitFor(() => expect(s.sync).toBe('saved'));
		expect(server.acked).toBe(1);
	});
});
