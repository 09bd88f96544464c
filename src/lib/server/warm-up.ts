// Warms the sync path before the server listens (hooks.server.ts `init`).
// A fresh process runs its first sync batches before V8 has optimised their code, several times
// slower than later: the first answers after a start or a restart waited up to half a second
// (bench/analysis.md, at home). So, before listening, the server posts WARM_UP_BATCHES batches
// through the fast path's own handlers (token, body, zod, ingest, group commit, answer) to a
// throwaway SQLite database in memory: the demo contest, its candidates' qualifying attempts, a
// chained log on each, a few posted at once. The process's own database is never touched.
import { randomBytes } from 'node:crypto';
import { openDb } from './db';
import { seedDemo } from './demo/seed';
import { startAttempt, type StartedAttempt } from './attempts';
import { fastPathOn } from './fast-path';
import { chainEvent, type AnswerEvent } from '$lib/exam/events';

export interface WarmUp {
	/** Batches posted, and those answered 200. */
	posted: number;
	acked: number;
	ms: number;
}

/** Every tenth batch carries 30 events, as a tablet reconnecting with what it held. */
const sizeOf = (i: number) => (i % 10 === 9 ? 30 : 1);

interface Log {
	started: StartedAttempt;
	seq: number;
	hash: string;
}

async function nextEvents(log: Log, count: number, now: number): Promise<AnswerEvent[]> {
	const questions = log.started.paper.questions;
	const events: AnswerEvent[] = [];
	for (let k = 0; k < count; k++) {
		log.seq += 1;
		const q = questions[log.seq % questions.length];
		const choice = q.options[log.seq % q.options.length].id;
		const e = await chainEvent(log.hash, {
			seq: log.seq,
			questionId: q.id,
			choice,
			at: now,
			elapsedMs: log.seq * 500
		});
		events.push(e);
		log.hash = e.hash;
	}
	return events;
}

/**
 * The event stream routes' modules, loaded before the server listens. SvelteKit loads a route's
 * module at its first request; when a burst of streams met that first load with every file
 * descriptor taken (EMFILE), the failed load stayed the route's answer, 500, for the life of
 * the process. Returns how many were loaded.
 */
export async function loadStreamRoutes(): Promise<number> {
	const routes = import.meta.glob('/src/routes/api/**/stream/+server.ts');
	await Promise.all(Object.values(routes).map((load) => load()));
	return Object.keys(routes).length;
}

export async function warmSyncPath(batches: number): Promise<WarmUp> {
	const began = Date.now();
	const handle = await openDb({ sqliteFile: ':memory:' });
	try {
		const { db } = handle;
		const secret = randomBytes(32);
		await seedDemo(db, { now: began - 60_000, passwordHash: 'warm-up' });
		const candidates = await db.selectFrom('app_user').select('id').where('role', '=', 'candidate').execute();
		const logs: Log[] = [];
		for (const c of candidates) {
			const started = await startAttempt(db, secret, { userId: c.id, roundId: 'qualifying' }, began);
			if (started.ok) logs.push({ started, seq: 0, hash: started.attemptId });
		}
		const fast = fastPathOn(async () => ({ db, secret }));
		const post = async (log: Log, i: number) => {
			const { attemptId, deviceId, token } = log.started;
			const events = await nextEvents(log, sizeOf(i), Date.now());
			const send = fast.route(`/api/attempts/${attemptId}/events`)!;
			const answer = await send(`Bearer ${token}`, JSON.stringify({ deviceId, events }), '');
			return answer.status === 200;
		};
		let posted = 0;
		let acked = 0;
		// One batch on each attempt at once, so that they share group commits as a hall's do.
		for (let i = 0; logs.length > 0 && posted < batches; i++) {
			const round = logs.slice(0, batches - posted);
			const answers = await Promise.all(round.map((log) => post(log, i)));
			posted += round.length;
			acked += answers.filter(Boolean).length;
		}
		return { posted, acked, ms: Date.now() - began };
	} finally {
		await handle.close();
	}
}
