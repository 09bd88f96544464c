// The network comes back to a hall of tablets that each hold unsent answers: how long until
// the server has acknowledged every one? Variant "sync" runs the real client sync module
// (flushAttempt from src/lib/client/sync.ts, over Dexie on fake-indexeddb), one database
// per tablet, all in this one process; variant "raw" sends the same single batch per tablet
// with plain fetch, so the time is the server's and the network's only. Failed requests are
// retried with the client's own back-off (backoffMs), as the exam page does.
//   node --import tsx scripts/bench-storm.ts '<json options>'   → one JSON line on stdout
import 'fake-indexeddb/auto';
import fs from 'node:fs';
import { chainEvent, type AnswerEvent } from '../src/lib/exam/events';
import { PhongThiDb, type LocalAttempt, type OutboxEvent } from '../src/lib/client/db';
import { backoffMs, flushAttempt } from '../src/lib/client/sync';
import type { BenchAttempt } from './bench-load';
import { benchToken } from './bench-common';

interface StormOptions {
	url: string;
	attemptsFile: string;
	tablets: number;
	answers: number;
	devicePrefix: string;
	variant: 'sync' | 'raw';
}

const opts = JSON.parse(process.argv[2]) as StormOptions;
const attempts = (JSON.parse(fs.readFileSync(opts.attemptsFile, 'utf8')) as BenchAttempt[]).slice(
	0,
	opts.tablets
);
if (attempts.length < opts.tablets)
	throw new Error(`only ${attempts.length} attempts for ${opts.tablets} tablets`);
const T0 = Date.now();

/** The log a tablet made while the network was down: `answers` chained events. */
async function offlineLog(a: BenchAttempt): Promise<AnswerEvent[]> {
	const events: AnswerEvent[] = [];
	let prev = a.id;
	for (let seq = 1; seq <= opts.answers; seq++) {
		const q = a.questions[(seq - 1) % a.questions.length];
		const e = await chainEvent(prev, {
			seq,
			questionId: q.id,
			choice: q.options[seq % q.options.length],
			at: T0 + seq * 20_000,
			elapsedMs: seq * 20_000
		});
		events.push(e);
		prev = e.hash;
	}
	return events;
}

const logs = await Promise.all(attempts.map(offlineLog));
const retries = { count: 0 };
const doneAt: number[] = [];
let start = 0;
let cpuBefore: NodeJS.CpuUsage;

if (opts.variant === 'sync') {
	// Each tablet's IndexedDB holds the attempt and 30 pending events, as appendAnswer left them.
	const dbs = await Promise.all(
		attempts.map(async (a, i) => {
			const db = new PhongThiDb(`${opts.devicePrefix}-${i}`);
			const deviceId = `${opts.devicePrefix}-${i}`;
			const local: LocalAttempt = {
				attemptId: a.id,
				userId: 'bench',
				roundId: 'bench',
				roundName: 'bench',
				kind: 'qualifying',
				token: benchToken(a, deviceId),
				paper: { seed: 'bench', questions: [] },
				startedAt: T0,
				deadline: T0 + 3600_000,
				durationMs: 3600_000,
				graceMs: 120_000,
				tiebreakPrompt: null,
				review: false,
				status: 'running',
				flagged: []
			};
			const log = logs[i];
			await db.transaction('rw', db.attempts, db.outbox, db.chains, async () => {
				await db.attempts.put(local);
				await db.outbox.bulkAdd(
					log.map((e): OutboxEvent => ({ ...e, attemptId: a.id, deviceId, status: 'pending' }))
				);
				const last = log[log.length - 1];
				await db.chains.put({
					attemptId: a.id,
					deviceId,
					lastSeq: last.seq,
					lastHash: last.hash,
					lastElapsedMs: last.elapsedMs
				});
			});
			return { db, deviceId };
		})
	);
	cpuBefore = process.cpuUsage();
	start = performance.now();
	await Promise.all(
		dbs.map(async ({ db, deviceId }, i) => {
			for (let failures = 0; ;) {
				const outcome = await flushAttempt(
					{ db, fetch: (...a) => fetch(...a), now: () => Date.now(), baseUrl: opts.url },
					attempts[i].id,
					{ deviceId }
				);
				const pending = await db.outbox
					.where('[attemptId+status]')
					.equals([attempts[i].id, 'pending'])
					.count();
				if (outcome.kind === 'done' && pending === 0) break;
				retries.count += 1;
				failures += 1;
				await new Promise((r) => setTimeout(r, backoffMs(failures)));
			}
			doneAt.push(performance.now() - start);
		})
	);
} else {
	const bodies = logs.map((log, i) => JSON.stringify({ deviceId: `${opts.devicePrefix}-${i}`, events: log }));
	cpuBefore = process.cpuUsage();
	start = performance.now();
	await Promise.all(
		attempts.map(async (a, i) => {
			for (let failures = 0; ;) {
				try {
					const res = await fetch(`${opts.url}/api/attempts/${a.id}/events`, {
						method: 'POST',
						headers: {
							'content-type': 'application/json',
							authorization: `Bearer ${benchToken(a, `${opts.devicePrefix}-${i}`)}`
						},
						body: bodies[i]
					});
					const body = (await res.json()) as { acked?: number };
					if (res.status === 200 && body.acked === opts.answers) break;
				} catch {
					/* the network failed: back off and try again */
				}
				retries.count += 1;
				failures += 1;
				await new Promise((r) => setTimeout(r, backoffMs(failures)));
			}
			doneAt.push(performance.now() - start);
		})
	);
}

const totalMs = performance.now() - start;
const cpu = process.cpuUsage(cpuBefore);
doneAt.sort((a, b) => a - b);
const at = (p: number) => doneAt[Math.min(doneAt.length - 1, Math.ceil((p / 100) * doneAt.length) - 1)];
process.stdout.write(
	JSON.stringify({
		variant: opts.variant,
		tablets: opts.tablets,
		events: opts.tablets * opts.answers,
		totalMs,
		p50Ms: at(50),
		p99Ms: at(99),
		retries: retries.count,
		clientCpuMs: (cpu.user + cpu.system) / 1000
	}) + '\n'
);
process.exit(0);
