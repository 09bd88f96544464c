// One benchmark cell, in a process of its own: autocannon POSTs sync batches to
// /api/attempts/{id}/events. Each connection is one tablet: its own attempt and bearer
// token, its own device id, and a hash chain that goes on from batch to batch, so every
// request stores new events (mode "fresh"); mode "replay" sends each connection's first
// batch again and again (stored once, then idempotent replays). Bodies are made before the
// clock starts, so the load generator spends its CPU on HTTP only. The server takes seqs up
// to MAX_DEVICE_SEQ from a device and MAX_ATTEMPT_DEVICES devices an attempt (batch.ts): a
// connection whose chain reaches the last seq goes on as a new device of another attempt, and
// the cells of a run deal their devices over the attempts in turn.
//   node --import tsx scripts/bench-load.ts '<json options>'   → one JSON line on stdout
import { createHash } from 'node:crypto';
import fs from 'node:fs';
// @ts-expect-error autocannon ships no types
import autocannon from 'autocannon';
import { canonicalEvent, type UnchainedEvent } from '../src/lib/exam/events';
import { MAX_DEVICE_SEQ } from '../src/lib/exam/batch';
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

/** A request as autocannon sends it: the device's attempt, its token and the batch. */
interface Body {
	path: string;
	headers: Record<string, string>;
	body: Buffer;
}

/** A device's chain: the next batch of `batch` events each time it is asked, null past the last seq. */
function chain(attempt: BenchAttempt, deviceId: string, batch: number) {
	let seq = 0;
	let prev = attempt.id;
	const path = `/api/attempts/${attempt.id}/events`;
	const headers = {
		'content-type': 'application/json',
		authorization: `Bearer ${benchToken(attempt, deviceId)}`
	};
	return (): Body | null => {
		if (seq + batch > MAX_DEVICE_SEQ) return null;
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
		return { path, headers, body: Buffer.from(JSON.stringify({ deviceId, events })) };
	};
}

// Devices dealt over the attempts in turn, from where the run's last cell stopped (kept beside
// the attempts file): every cell brings new devices, and one attempt takes only so many. A
// connection's k-th chain takes the attempt `connections` further on than its (k−1)-th.
const batchesPerChain = Math.max(1, Math.floor(MAX_DEVICE_SEQ / opts.batch));
const chainsReserved = opts.mode === 'replay' ? 1 : Math.ceil(opts.perConnection / batchesPerChain);
const cursorFile = `${opts.attemptsFile}.next`;
const firstAttempt = fs.existsSync(cursorFile) ? Number(fs.readFileSync(cursorFile, 'utf8')) || 0 : 0;
fs.writeFileSync(cursorFile, String((firstAttempt + opts.connections * chainsReserved) % attempts.length));

/** Connection i's chains one after the other, each a device of its own attempt. */
function tabletChains(i: number): () => Body {
	let k = 0;
	const start = () =>
		chain(
			attempts[(firstAttempt + k * opts.connections + i) % attempts.length],
			k === 0 ? `${opts.devicePrefix}-${i}` : `${opts.devicePrefix}-${i}.${k}`,
			opts.batch
		);
	let current = start();
	return () => {
		let body = current();
		while (body === null) {
			k += 1;
			current = start();
			body = current();
		}
		return body;
	};
}

interface Tablet {
	bodies: Body[];
	next: number;
	more: () => Body;
}

const tablets: Tablet[] = [];
for (let i = 0; i < opts.connections; i++) {
	const more = tabletChains(i);
	const count = opts.mode === 'replay' ? 1 : opts.perConnection;
	tablets.push({ bodies: Array.from({ length: count }, more), next: 0, more });
}

let madeOnTheFly = 0;
let assigned = 0;
const sent: Body = { path: '/', headers: {}, body: Buffer.alloc(0) };

function nextBody(t: Tablet): Body {
	if (opts.mode === 'replay') return t.bodies[0];
	if (t.next < t.bodies.length) {
		const b = t.bodies[t.next];
		t.bodies[t.next++] = sent; // let it go
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
				path: t.bodies[0].path,
				headers: t.bodies[0].headers,
				setupRequest(req: { path?: string; headers?: Record<string, string>; body?: Buffer }) {
					const b = nextBody(t);
					req.path = b.path;
					req.headers = Object.assign(req.headers ?? {}, b.headers);
					req.body = b.body;
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
