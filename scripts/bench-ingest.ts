// In process, no HTTP: how fast the ingest alone stores batches (ingestBatch: the attempt and
// device read, the chain checked, each event hashed and judged, the rows inserted, the group
// commit and its flush), on a database file with the server's own settings. What the sync
// endpoint adds on top (HTTP, the body, zod, the token) is the rest of a request's time, so this
// is a ceiling for the bench's sync cells. bench/analysis.md quotes it.
// A tablet whose chain would pass the last seq a device may send (MAX_DEVICE_SEQ, batch.ts:
// not with the defaults, 66 batches of 30) goes on as a new device of its attempt.
//   npx tsx scripts/bench-ingest.ts     CONNS=200 BATCH=30 ROUNDS=60; PROF=file.cpuprofile to profile
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Session } from 'node:inspector/promises';
import { openDb } from '../src/lib/server/db';
import { ingestBatch } from '../src/lib/server/attempts';
import type { AnswerEvent } from '../src/lib/exam/events';
import { seedDemo } from '../src/lib/server/demo/seed';
import { benchAnswer, benchAttempts } from './bench-common';
import { MAX_ATTEMPT_DEVICES, MAX_DEVICE_SEQ } from '../src/lib/exam/batch';

const CONNS = Number(process.env.CONNS ?? 200);
const BATCH = Number(process.env.BATCH ?? 30);
const ROUNDS = Number(process.env.ROUNDS ?? 60);
// Stored one at a time first: over the 1,000 commits after which the checkpoints leave the
// thread (sqlite-checkpoint.ts), as in a server that has been running.
const WARM_ROUNDS = Math.ceil(1200 / CONNS);
/** Batches one device sends before the next takes over. */
const PER_DEVICE = Math.max(1, Math.floor(MAX_DEVICE_SEQ / BATCH));
if (Math.ceil((WARM_ROUNDS + ROUNDS) / PER_DEVICE) > MAX_ATTEMPT_DEVICES)
	throw new Error(`ROUNDS × BATCH is more than ${MAX_ATTEMPT_DEVICES} devices of an attempt may send`);

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-ingest-'));
const handle = await openDb({ dataDir: dir });
const { db } = handle;
await seedDemo(db, { now: Date.now(), passwordHash: 'bench' });

/** One tablet per connection: its attempt and its batches, chained, made before the clock starts. */
const tablets = (await benchAttempts(db, CONNS, 'i', 'x'.repeat(32))).map((a) => {
	const batches: { deviceId: string; events: AnswerEvent[] }[] = [];
	let prev = a.id;
	let seq = 0;
	for (let r = 0; r < WARM_ROUNDS + ROUNDS; r++) {
		const device = Math.floor(r / PER_DEVICE);
		if (r % PER_DEVICE === 0) [prev, seq] = [a.id, 0];
		const batch: AnswerEvent[] = [];
		for (let k = 0; k < BATCH; k++) {
			const e = benchAnswer(a.questions, ++seq, prev);
			prev = e.hash;
			batch.push(e);
		}
		const deviceId = `bench-${a.userId.slice(0, 8)}${device ? `.${device}` : ''}`;
		batches.push({ deviceId, events: batch });
	}
	return { attemptId: a.id, batches };
});

const store = async (t: (typeof tablets)[number], b: (typeof t.batches)[number]) => {
	const r = await ingestBatch(db, t.attemptId, b);
	if (!r.ok || r.acked !== b.events.at(-1)!.seq) throw new Error(`ingest: ${JSON.stringify(r)}`);
};
for (const t of tablets) for (const b of t.batches.splice(0, WARM_ROUNDS)) await store(t, b);

const session = new Session();
session.connect();
await session.post('Profiler.enable');
if (process.env.PROF) await session.post('Profiler.start');
const before = { ...handle.groupCommit! };
const t0 = performance.now();
// Every connection sends its next batch once the last was answered, as autocannon's do.
await Promise.all(
	tablets.map(async (t) => {
		for (const b of t.batches) await store(t, b);
	})
);
const seconds = (performance.now() - t0) / 1000;
if (process.env.PROF)
	fs.writeFileSync(process.env.PROF, JSON.stringify((await session.post('Profiler.stop')).profile));
const n = CONNS * ROUNDS;
const g = handle.groupCommit!;
console.log(
	`${CONNS} connections, batch ${BATCH}: ${n} batches in ${seconds.toFixed(2)} s = ${(n / seconds).toFixed(0)} a second, ` +
		`${((seconds * 1e6) / n).toFixed(0)} µs each; ${g.commits - before.commits} commits, ${g.flushes - before.flushes} flushes`
);
await handle.close();
fs.rmSync(dir, { recursive: true, force: true });
