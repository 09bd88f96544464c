// One benchmark cell, in a process of its own: autocannon POSTs sync batches to
// /api/attempts/{id}/events. Each connection is one tablet: its own attempt and bearer
// token, its own device id, and a hash chain that goes on from batch to batch, so every
// request stores new events (mode "fresh"); mode "replay" sends each connection's first
// batch again and again (stored once, then idempotent replays). Bodies are made before the
// clock starts, so the load generator spends its CPU on HTTP only.
//   node --import tsx scripts/bench-load.ts '<json options>'   → one JSON line on stdout
import { createHash } from 'node:crypto';
import fs from 'node:fs';
// @ts-expect-error autocannon ships no types
import autocannon from 'autocannon';
import { canonicalEvent, type UnchainedEvent } from '../src/lib/exam/events';
import { benchToken } from './bench-common';

export interface LoadOptions {
	url: string;
	attemptsFile: string;
	connections: number;
	batch: number;
	durationS: number;
	devicePrefix: string;
	/** Batches made ahead per connection; more are made on the fly (and counted) if it runs out. */
	perConnection: number;
	mode: 'fresh' | 'replay';
}

export interface BenchAttempt {
	id: string;
	userId: string;
	/** The server's APP_SECRET for this run, so a load process can sign a token per device. */
	secret: string;
	questions: { id: string; options: string[] }[];
}

export interface LoadResult {
	connections: number;
	batch: number;
	mode: string;
	durationS: number;
	ok: number;
	rps: number;
	eventsPerS: number;
	p50: number;
	p90: number;
	p99: number;
	max: number;
	non2xx: number;
	errors: number;
	timeouts: number;
	madeOnTheFly: number;
	eventsAcked: number;
	/** Socket errors by code (ECONNRESET, …), if any. */
	errorCodes: Record<string, number>;
	/** process.hrtime (µs, CLOCK_MONOTONIC: comparable across processes) when the load ran. */
	startUs: number;
	endUs: number;
}

const opts = JSON.parse(process.argv[2]) as LoadOptions;
const attempts = JSON.parse(fs.readFileSync(opts.attemptsFile, 'utf8')) as BenchAttempt[];
const T0 = Date.now();

/** A tablet's chain: the next batch of `batch` events each time it is asked. */
function chain(attempt: BenchAttempt, deviceId: string, batch: number) {
	let seq = 0;
	let prev = attempt.id;
	return (): Buffer => {
		const events = [];
		for (let k = 0; k < batch; k++) {
			seq += 1;
			const q = attempt.questions[(seq - 1) % attempt.questions.length];
			const e: UnchainedEvent = {
				seq,
				questionId: q.id,
				choice: seq % 17 === 0 ? null : q.options[(seq * 7) % q.options.length],
				at: T0 + seq * 500,
				elapsedMs: seq * 500
			};
			const hash = createHash('sha256')
				.update(`${prev}\n${canonicalEvent(e)}`)
				.digest('hex');
			prev = hash;
			events.push({ ...e, hash });
		}
		return Buffer.from(JSON.stringify({ deviceId, events }));
	};
}

interface Tablet {
	path: string;
	token: string;
	bodies: Buffer[];
	next: number;
	more: () => Buffer;
}

const tablets: Tablet[] = [];
for (let i = 0; i < opts.connections; i++) {
	const attempt = attempts[i % attempts.length];
	const deviceId = `${opts.devicePrefix}-${i}`;
	const more = chain(attempt, deviceId, opts.batch);
	const count = opts.mode === 'replay' ? 1 : opts.perConnection;
	tablets.push({
		path: `/api/attempts/${attempt.id}/events`,
		token: benchToken(attempt, deviceId),
		bodies: Array.from({ length: count }, more),
		next: 0,
		more
	});
}

let madeOnTheFly = 0;
let assigned = 0;

function nextBody(t: Tablet): Buffer {
	if (opts.mode === 'replay') return t.bodies[0];
	if (t.next < t.bodies.length) {
		const b = t.bodies[t.next];
		t.bodies[t.next++] = Buffer.alloc(0); // let it go
		return b;
	}
	madeOnTheFly += 1;
	return t.more();
}

const startUs = Number(process.hrtime.bigint() / 1000n);
const startMs = Date.now();
const instance = autocannon({
	url: opts.url,
	connections: opts.connections,
	duration: opts.durationS,
	timeout: 30,
	pipelining: 1,
	method: 'POST',
	setupClient(client: { setRequests(r: unknown[]): void }) {
		const t = tablets[assigned++ % tablets.length];
		client.setRequests([
			{
				method: 'POST',
				path: t.path,
				headers: { 'content-type': 'application/json', authorization: `Bearer ${t.token}` },
				setupRequest(req: { body?: Buffer }) {
					req.body = nextBody(t);
					return req;
				}
			}
		]);
	}
});

const errorCodes: Record<string, number> = {};
instance.on('reqError', (e: NodeJS.ErrnoException) => {
	const code = e.code ?? e.message ?? 'error';
	errorCodes[code] = (errorCodes[code] ?? 0) + 1;
	if (process.env.BENCH_DEBUG)
		process.stderr.write(`${code} at ${((Date.now() - startMs) / 1000).toFixed(2)} s\n`);
});

instance.on('done', (r: Record<string, any>) => {
	const ok = r['2xx'] as number;
	const result: LoadResult = {
		connections: opts.connections,
		batch: opts.batch,
		mode: opts.mode,
		durationS: r.duration,
		ok,
		rps: ok / r.duration,
		eventsPerS: (ok * opts.batch) / r.duration,
		p50: r.latency.p50,
		p90: r.latency.p90,
		p99: r.latency.p99,
		max: r.latency.max,
		non2xx: r.non2xx,
		errors: r.errors,
		timeouts: r.timeouts,
		madeOnTheFly,
		eventsAcked: ok * opts.batch,
		errorCodes,
		startUs,
		endUs: Number(process.hrtime.bigint() / 1000n)
	};
	process.stdout.write(JSON.stringify(result) + '\n');
	process.exit(0);
});
