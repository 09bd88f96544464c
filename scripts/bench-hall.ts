// Two scenarios of the contest itself, in a process of their own, over plain fetch:
// - "hall": N tablets in a final hall. Each one syncs once a second (an empty batch is the
//   sync contract's heartbeat) and answers its 30 questions over `answerS` seconds (25 minutes
//   compressed); its answers ride on the next sync, as the client does. Then the lock: every
//   tablet flushes what it holds and submits at the same instant; the time until the last
//   submit is acknowledged.
// - "home": N devices of candidates at home, each answering once every `everyS` seconds with a
//   random phase, every answer synced at once.
// Latency is measured per request (send → answer); a tablet sends its next sync only after
// the previous one was answered, as the client does.
//   node --import tsx scripts/bench-hall.ts '<json options>'   → one JSON line on stdout
import fs from 'node:fs';
import type { UnchainedEvent } from '../src/lib/exam/events';
import type { BenchAttempt } from './bench-load';
import { benchAnswer, benchToken } from './bench-common';

export interface HallOptions {
	mode: 'hall' | 'home';
	url: string;
	attemptsFile: string;
	devices: number;
	devicePrefix: string;
	/** hall: seconds of answering (30 answers each), then the lock. */
	answerS?: number;
	/** hall: seconds between a tablet's syncs. */
	tickS?: number;
	/** home: seconds between a device's answers, and how long the scenario runs. */
	everyS?: number;
	durationS?: number;
}

export interface HallResult {
	mode: string;
	devices: number;
	requests: number;
	rps: number;
	events: number;
	p50: number;
	p99: number;
	max: number;
	/** Requests that got an HTTP status other than 200. */
	non200: number;
	/** Requests that got no HTTP answer, by error code. */
	errors: Record<string, number>;
	/** hall: syncs sent more than one tick late because the previous answer came late. */
	lateTicks: number;
	/** The session's p99 by 5 s window. */
	windows: number[];
	/**
	 * hall: the lock — time until every tablet's submit was acknowledged (after flushing what
	 * it held: those syncs count here, not in p50/p99, which are the session's).
	 */
	submit?: { acked: number; failed: number; allAckedMs: number; p50: number; p99: number };
	startUs: number;
	endUs: number;
}

const opts = JSON.parse(process.argv[2]) as HallOptions;
const attempts = JSON.parse(fs.readFileSync(opts.attemptsFile, 'utf8')) as BenchAttempt[];
// Node's fetch keeps each connection alive between requests and opens as many as needed:
// about one per device, as tablets hold.

class Device {
	readonly path: string;
	readonly token: string;
	readonly id: string;
	seq = 0;
	acked = 0;
	prev: string;
	unsent: Array<UnchainedEvent & { hash: string }> = [];

	constructor(
		readonly attempt: BenchAttempt,
		id: string
	) {
		this.path = `${opts.url}/api/attempts/${attempt.id}`;
		this.token = benchToken(attempt, id);
		this.id = id;
		this.prev = attempt.id;
	}

	answer(): void {
		this.seq += 1;
		const e = benchAnswer(this.attempt.questions, this.seq, this.prev);
		this.prev = e.hash;
		this.unsent.push(e);
	}
}

const latencies: number[] = [];
/** When each session sync was sent (ms from t0), beside its latency: the p99 by 5 s window. */
const sentAt: number[] = [];
/** The lock's flushes: counted in the lock's own figure, not in the session's sync p99. */
const lockSyncs: number[] = [];
let recording = latencies;
const errors: Record<string, number> = {};
let non200 = 0;
let events = 0;

async function post(
	url: string,
	token: string,
	body: unknown
): Promise<{ ms: number; status: number; json?: unknown }> {
	const t0 = performance.now();
	try {
		const res = await fetch(url, {
			method: 'POST',
			headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
			body: JSON.stringify(body),
			signal: AbortSignal.timeout(60_000)
		});
		const text = await res.text();
		const ms = performance.now() - t0;
		return { ms, status: res.status, json: res.status === 200 ? JSON.parse(text) : undefined };
	} catch (e) {
		const err = e as { cause?: { code?: string }; name?: string };
		const code = err.cause?.code ?? err.name ?? 'error';
		errors[code] = (errors[code] ?? 0) + 1;
		return { ms: performance.now() - t0, status: 0 };
	}
}

async function sync(d: Device): Promise<void> {
	const batch = d.unsent.slice(0, 200);
	const r = await post(`${d.path}/events`, d.token, { deviceId: d.id, events: batch });
	recording.push(r.ms);
	if (recording === latencies) sentAt.push(performance.now() - r.ms - t0);
	if (r.status !== 200) {
		if (r.status) non200++;
		return;
	}
	const acked = (r.json as { acked: number }).acked;
	const before = d.unsent.length;
	d.unsent = d.unsent.filter((e) => e.seq > acked);
	events += before - d.unsent.length;
	d.acked = acked;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, ms)));
const pct = (xs: number[], p: number) => {
	if (!xs.length) return NaN;
	const s = [...xs].sort((a, b) => a - b);
	return Math.round(s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]);
};

const devices = Array.from(
	{ length: opts.devices },
	(_, i) => new Device(attempts[i % attempts.length], `${opts.devicePrefix}-${i}`)
);
const startUs = Number(process.hrtime.bigint() / 1000n);
const t0 = performance.now();
let lateTicks = 0;
let submit: HallResult['submit'];

if (opts.mode === 'hall') {
	const answerMs = (opts.answerS ?? 30) * 1000;
	const tickMs = (opts.tickS ?? 1) * 1000;
	await Promise.all(
		devices.map(async (d) => {
			// Tablets were switched on at different moments: a random phase within one tick.
			let next = t0 + Math.random() * tickMs;
			for (;;) {
				await sleep(next - performance.now());
				const now = performance.now();
				if (now - t0 >= answerMs) break;
				// 30 answers spread over answerMs: those due by now.
				const due = Math.min(30, Math.floor(((now - t0) / answerMs) * 30) + 1);
				while (d.seq < due) d.answer();
				await sync(d);
				next += tickMs;
				if (performance.now() > next + tickMs) {
					lateTicks++;
					next = performance.now();
				}
			}
		})
	);
	// The lock: everyone flushes what is left and submits at once.
	const lockAt = performance.now();
	recording = lockSyncs;
	const submitMs: number[] = [];
	let failed = 0;
	await Promise.all(
		devices.map(async (d) => {
			while (d.seq < 30) d.answer();
			for (let tries = 0; tries < 5 && d.unsent.length; tries++) await sync(d);
			const r = await post(`${d.path}/submit`, d.token, { deviceId: d.id, lastSeq: d.seq, reason: 'lock' });
			if (r.status === 200) submitMs.push(performance.now() - lockAt);
			else failed++;
		})
	);
	submit = {
		acked: submitMs.length,
		failed,
		allAckedMs: Math.round(Math.max(0, ...submitMs)),
		p50: pct(submitMs, 50),
		p99: pct(submitMs, 99)
	};
} else {
	const everyMs = (opts.everyS ?? 20) * 1000;
	const durationMs = (opts.durationS ?? 40) * 1000;
	await Promise.all(
		devices.map(async (d) => {
			let next = t0 + Math.random() * everyMs;
			for (;;) {
				await sleep(next - performance.now());
				if (performance.now() - t0 >= durationMs) break;
				d.answer();
				await sync(d);
				next += everyMs;
			}
		})
	);
}

/** The session's p99 in each window of `ms`, so a stall shows where it happened. */
function p99ByWindow(ms: number): number[] {
	const byWindow: number[][] = [];
	latencies.forEach((l, i) => (byWindow[Math.floor(sentAt[i] / ms)] ??= []).push(l));
	return [...byWindow].map((w) => (w ? pct(w, 99) : 0));
}

const elapsedS = (performance.now() - t0) / 1000;
const result: HallResult = {
	mode: opts.mode,
	devices: opts.devices,
	requests: latencies.length + lockSyncs.length,
	rps: (latencies.length + lockSyncs.length) / elapsedS,
	events,
	p50: pct(latencies, 50),
	p99: pct(latencies, 99),
	max: Math.round(Math.max(0, ...latencies)),
	non200,
	errors,
	lateTicks,
	windows: p99ByWindow(5000),
	submit,
	startUs,
	endUs: Number(process.hrtime.bigint() / 1000n)
};
console.log(JSON.stringify(result));
process.exit(0);
