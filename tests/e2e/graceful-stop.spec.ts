// Stopping the server (SIGTERM) while tablets are syncing: every request it had received is
// answered — 200 or no answer at all, never a 5xx — and every event it acknowledged is stored.
import { test, expect } from '@playwright/test';
import { randomUUID } from 'node:crypto';
import { chainEvent, type AnswerEvent } from '../../src/lib/exam/events';
import { registerCandidate, withDb } from './support/fixtures';
import { apiContext, signedIn } from './support/hostile-world';
import { TestServer } from './support/server';

const CANDIDATES = 8;
const DEVICES_PER_CANDIDATE = 25;

interface Loop {
	attemptId: string;
	token: string;
	deviceId: string;
	questionIds: string[];
	events: AnswerEvent[];
	/** Highest seq a 200 acknowledged. */
	acked: number;
}

test('SIGTERM under load drains every request it received: no 5xx, every acknowledged event stored', async () => {
	test.setTimeout(180_000);
	const server = new TestServer('graceful', {
		REGISTRATIONS_PER_ADDRESS_PER_HOUR: '1000000',
		LOGIN_FAILURES_PER_ADDRESS: '1000000'
	});
	await server.start();
	const url = server.url;
	const anon = await apiContext(url);
	const loops: Loop[] = [];
	for (let i = 0; i < CANDIDATES; i++) {
		const who = await registerCandidate(anon, url);
		const ctx = await signedIn(url, who);
		// A token speaks for one device: each simulated tablet starts (or resumes) with its own id.
		for (let d = 0; d < DEVICES_PER_CANDIDATE; d++) {
			const deviceId = `gs-${randomUUID().slice(0, 8)}`;
			const res = await ctx.post('/api/rounds/qualifying/attempts', { data: { deviceId } });
			expect(res.status(), await res.text()).toBe(d === 0 ? 201 : 200);
			const started = (await res.json()) as {
				attemptId: string;
				token: string;
				paper: { questions: { id: string }[] };
			};
			loops.push({
				attemptId: started.attemptId,
				token: started.token,
				deviceId,
				questionIds: started.paper.questions.map((q) => q.id),
				events: [],
				acked: 0
			});
		}
		await ctx.dispose();
	}
	await anon.dispose();

	let ok = 0;
	let okAfterStop = 0;
	let stopping = false;
	const statuses: number[] = [];
	async function run(loop: Loop): Promise<void> {
		for (;;) {
			const seq = loop.events.length + 1;
			const prev = loop.events.at(-1)?.hash ?? loop.attemptId;
			const event = await chainEvent(prev, {
				seq,
				questionId: loop.questionIds[(seq - 1) % loop.questionIds.length],
				choice: null,
				at: Date.now(),
				elapsedMs: 1000 + seq * 1000
			});
			let res: Response;
			try {
				res = await fetch(`${url}/api/attempts/${loop.attemptId}/events`, {
					method: 'POST',
					headers: { 'content-type': 'application/json', authorization: `Bearer ${loop.token}` },
					body: JSON.stringify({ deviceId: loop.deviceId, events: [...loop.events.slice(loop.acked), event] })
				});
			} catch {
				// Refused or reset: the server no longer takes connections. A tablet would retry later.
				return;
			}
			const body = await res.text();
			if (res.status !== 200) {
				statuses.push(res.status);
				if (stopping) return;
				continue;
			}
			loop.events.push(event);
			loop.acked = (JSON.parse(body) as { acked: number }).acked;
			ok++;
			if (stopping) okAfterStop++;
		}
	}
	const running = Promise.all(loops.map(run));
	await expect.poll(() => ok, { timeout: 60_000 }).toBeGreaterThan(2 * loops.length);
	const exited = new Promise<number | null>((resolve) => server.child!.once('exit', (code) => resolve(code)));
	// Tablets that give up waiting: their requests are queued in the server when they hang up.
	const impatient = loops.slice(0, 40).map((l) => {
		const gone = new AbortController();
		const sent = fetch(`${url}/api/attempts/${l.attemptId}/events`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', authorization: `Bearer ${l.token}` },
			body: JSON.stringify({ deviceId: `${l.deviceId}-x`, events: [] }),
			signal: gone.signal
		}).catch(() => null);
		return { gone, sent };
	});
	stopping = true;
	server.child!.kill('SIGTERM');
	for (const i of impatient) i.gone.abort();
	await Promise.all(impatient.map((i) => i.sent));
	await running;
	expect(await exited).toBe(0);

	expect(statuses.filter((s) => s >= 500)).toEqual([]);
	// Nor did a request that was still being handled meet a closed database.
	expect(server.stderr).not.toMatch(/not open|destroyed|closed/i);
	// Requests in flight when the signal came were answered, not dropped.
	expect(okAfterStop).toBeGreaterThan(0);
	const stored = await withDb(server.sqliteFile, (db) =>
		db
			.selectFrom('answer_event')
			.select(['device_id', (eb) => eb.fn.max('seq').as('seq'), (eb) => eb.fn.countAll().as('n')])
			.where('device_id', 'like', 'gs-%')
			.groupBy('device_id')
			.execute()
	);
	const byDevice = new Map(stored.map((r) => [r.device_id, { seq: Number(r.seq), n: Number(r.n) }]));
	const lost = loops.filter((l) => l.acked > 0 && (byDevice.get(l.deviceId)?.seq ?? 0) < l.acked);
	expect(
		lost.map((l) => `${l.deviceId}: acked ${l.acked}, stored ${byDevice.get(l.deviceId)?.seq ?? 0}`)
	).toEqual([]);
	await server.kill();
});
