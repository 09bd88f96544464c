// `npm run chaos`: tablets answering a graded round while their connections drop, their
// pages reload and the server is killed (SIGKILL) and restarted, again and again. Each
// tablet runs the real client modules — appendAnswer (src/lib/client/answers.ts) and
// flushAttempt / flushAll (src/lib/client/sync.ts) over Dexie on fake-indexeddb, one
// database per tablet — against the built server, through the real API (register, sign
// in, start). At the end every event every tablet made must be on the server exactly
// once with the same hash, and each attempt's score must equal the score recomputed from
// the tablets' own logs with the paper's key; after every kill, before the restart, every
// event the server had acknowledged must be in its database.
//   npm run chaos                      200 tablets, ≥ 10,000 events, 6 kills
//   npm run chaos -- --short           40 tablets, ≥ 1,500 events, 2 kills (CI)
//   options: --tablets N --events N --kills N --seed N --pg (PostgreSQL via PG_ADMIN_URL)
import 'fake-indexeddb/auto';
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { PhongThiDb, type LocalAttempt } from '../src/lib/client/db';
import { appendAnswer, lastSeq } from '../src/lib/client/answers';
import { backoffMs, flushAll, flushAttempt, type SyncDeps } from '../src/lib/client/sync';
import { mergeAnswers, type DeviceEvent } from '../src/lib/exam/merge';
import { MAX_DEVICE_SEQ } from '../src/lib/exam/batch';
import { gradePaper } from '../src/lib/exam/scoring';
import type { Paper, PublicPaper } from '../src/lib/exam/paper';
import { openDb, type DbHandle } from '../src/lib/server/db';
import { TestServer } from '../tests/e2e/support/server';
import { createGradedRound, createPgDatabase, ensureBuild, sleep, table } from './bench-common';

const { values: args } = parseArgs({
	options: {
		short: { type: 'boolean', default: false },
		tablets: { type: 'string' },
		events: { type: 'string' },
		kills: { type: 'string' },
		seed: { type: 'string' },
		pg: { type: 'boolean', default: false },
		timeout: { type: 'string' }
	}
});
const SHORT = args.short!;
const TABLETS = Number(args.tablets ?? (SHORT ? 40 : 200));
const EVENTS = Number(args.events ?? (SHORT ? 1500 : 10_000));
const KILLS = Number(args.kills ?? (SHORT ? 2 : 6));
const SEED = Number(args.seed ?? Date.now() % 1_000_000);
const TIMEOUT_MS = Number(args.timeout ?? (SHORT ? 240 : 900)) * 1000;
/** Every tenth tablet is a second device on the attempt of the tablet before it (a resumed attempt). */
const SHARE_EVERY = 10;
// A tablet's answers are its seqs, and the server takes none past MAX_DEVICE_SEQ from a device
// (batch.ts). A tablet makes at most 4⁄3 of the mean and its share of the top-up, under twice
// the mean: about 100 with the defaults. Two tablets share an attempt at most.
if (2 * Math.ceil(EVENTS / TABLETS) > MAX_DEVICE_SEQ) {
	console.error(
		`--events ${EVENTS} over ${TABLETS} tablets could give a tablet more than the ${MAX_DEVICE_SEQ} answers the server takes from a device: add tablets`
	);
	process.exit(2);
}

// Chaos, per tablet step (one answer) unless said otherwise.
const P = {
	dropBeforeSend: 0.07, // per request: the request never reaches the server
	dropAfterSend: 0.07, // per request: the server stored it, the answer is lost
	outage: 0.012, // the tablet's network goes for 1–6 s
	reload: 0.02, // the page reloads (in-memory state gone, Dexie reopened)
	serviceWorker: 0.02 // Background Sync runs flushAll beside the page's own flush
};
const ANSWER_EVERY_MS: [number, number] = [150, 1100];

// A small seeded generator, so a failing run can be repeated with --seed.
let state = SEED >>> 0 || 1;
function random(): number {
	state ^= state << 13;
	state >>>= 0;
	state ^= state >>> 17;
	state ^= state << 5;
	state >>>= 0;
	return state / 2 ** 32;
}
const between = (a: number, b: number) => a + random() * (b - a);
const log = (s: string) =>
	console.log(`[chaos ${((Date.now() - began) / 1000).toFixed(1).padStart(6)} s] ${s}`);
const began = Date.now();

// ---------------------------------------------------------------- counters and the server's acks

const stats = {
	dropsBefore: 0,
	dropsAfter: 0,
	outages: 0,
	reloads: 0,
	swFlushes: 0,
	requests: 0,
	refused: 0,
	kills: 0,
	crashedFlushes: 0
};
/** Every event the server answered 200 for, by `attempt|device|seq` → hash. */
const serverAcked = new Map<string, string>();
const key = (attemptId: string, deviceId: string, seq: number) => `${attemptId}|${deviceId}|${seq}`;

let serverUp = true;
/**
 * Batches with events sent and not yet answered. At a SIGKILL these are inside the server:
 * queued for the database, inside a group transaction, or waiting for its WAL flush.
 */
let writesInFlight = 0;

function tabletFetch(t: Tablet): typeof fetch {
	return async (input, init) => {
		stats.requests++;
		if (Date.now() < t.offlineUntil) throw new TypeError('fetch failed (tablet offline)');
		if (random() < P.dropBeforeSend) {
			stats.dropsBefore++;
			throw new TypeError('fetch failed (dropped before send)');
		}
		let res: Response;
		const writes =
			String(input).endsWith('/events') &&
			typeof init?.body === 'string' &&
			!init.body.includes('"events":[]');
		if (writes) writesInFlight++;
		try {
			res = await fetch(input, { ...init, signal: AbortSignal.timeout(30_000) });
		} catch (e) {
			if (!serverUp) stats.refused++;
			throw e;
		} finally {
			if (writes) writesInFlight--;
		}
		const url = String(input);
		if (res.status === 200 && url.endsWith('/events') && typeof init?.body === 'string') {
			const body = JSON.parse(init.body) as { deviceId: string; events: { seq: number; hash: string }[] };
			const attemptId = url.split('/').at(-2)!;
			for (const e of body.events) serverAcked.set(key(attemptId, body.deviceId, e.seq), e.hash);
		}
		if (random() < P.dropAfterSend) {
			stats.dropsAfter++;
			await res.arrayBuffer().catch(() => undefined);
			throw new TypeError('fetch failed (answer lost)');
		}
		return res;
	};
}

// ---------------------------------------------------------------- a tablet and its page

interface Started {
	attemptId: string;
	token: string;
	paper: PublicPaper;
	startedAt: number;
	deadline: number;
	durationMs: number;
	graceMs: number;
	round: { id: string; name: string; tiebreakPrompt: string | null; review: boolean };
}

/** What lives in memory while a page is open: lost on reload (as ExamSession's fields are). */
class Page {
	db: PhongThiDb;
	sending = false;
	again = false;
	failures = 0;
	timer: ReturnType<typeof setTimeout> | null = null;
	heartbeat: ReturnType<typeof setInterval>;
	closed = false;

	constructor(readonly t: Tablet) {
		this.db = new PhongThiDb(t.dbName);
		// The page flushes on a heartbeat as well as after each answer (exam.svelte.ts).
		this.heartbeat = setInterval(() => this.flushSoon(0), 5000);
	}

	deps(): SyncDeps {
		return { db: this.db, fetch: tabletFetch(this.t), now: () => Date.now(), baseUrl: server.url };
	}

	flushSoon(ms: number) {
		if (this.closed) return;
		if (this.timer) clearTimeout(this.timer);
		this.timer = setTimeout(() => void this.flush(), ms);
	}

	/** As ExamSession.flush: one run at a time, back-off with jitter after a failure. */
	async flush(): Promise<void> {
		if (this.closed) return;
		if (this.sending) {
			this.again = true;
			return;
		}
		this.sending = true;
		this.again = false;
		try {
			const attempt = await this.db.attempts.get(this.t.attemptId);
			const outcome = await flushAttempt(this.deps(), this.t.attemptId, {
				heartbeat: attempt?.status === 'running',
				deviceId: this.t.deviceId
			});
			if (outcome.kind === 'done') this.failures = 0;
			else {
				this.failures++;
				this.flushSoon(backoffMs(this.failures));
			}
		} catch {
			// The page went away under the flush (a reload closed its database).
			stats.crashedFlushes++;
			if (!this.closed) this.flushSoon(backoffMs(++this.failures));
		} finally {
			this.sending = false;
			if (this.again && !this.closed) this.flushSoon(0);
		}
	}

	close() {
		this.closed = true;
		if (this.timer) clearTimeout(this.timer);
		clearInterval(this.heartbeat);
		this.db.close();
	}
}

class Tablet {
	page!: Page;
	offlineUntil = 0;
	made = 0;
	confirmed: { seq: number; hash: string }[] = [];
	done = false;
	constructor(
		readonly index: number,
		readonly deviceId: string,
		readonly dbName: string,
		readonly attemptId: string,
		readonly started: Started,
		public target: number
	) {}

	async open(first = false) {
		this.page = new Page(this);
		if (first) {
			const s = this.started;
			const local: LocalAttempt = {
				attemptId: s.attemptId,
				userId: `chaos-${this.index}`,
				roundId: s.round.id,
				roundName: s.round.name,
				kind: 'qualifying',
				token: s.token,
				paper: s.paper,
				startedAt: s.startedAt,
				deadline: s.deadline,
				durationMs: s.durationMs,
				graceMs: s.graceMs,
				tiebreakPrompt: s.round.tiebreakPrompt,
				review: s.round.review,
				status: 'running',
				flagged: []
			};
			await this.page.db.attempts.put(local);
		}
		// A page that opens flushes whatever waits (exam page and venue page alike).
		this.page.flushSoon(0);
	}

	reload() {
		stats.reloads++;
		this.page.close();
		return sleep(between(30, 300)).then(() => this.open());
	}

	async answer() {
		const q = this.started.paper.questions[Math.floor(random() * this.started.paper.questions.length)];
		const choice = random() < 0.05 ? null : q.options[Math.floor(random() * q.options.length)].id;
		const page = this.page;
		try {
			const e = await appendAnswer(page.db, {
				attemptId: this.attemptId,
				deviceId: this.deviceId,
				questionId: q.id,
				choice,
				elapsedMs: Math.max(0, Date.now() - this.started.startedAt),
				at: Date.now()
			});
			// The screen confirms the answer only now.
			this.confirmed.push({ seq: e.seq, hash: e.hash });
			this.made++;
			page.flushSoon(0);
		} catch {
			/* the page closed under the write: the answer was never confirmed */
		}
	}

	async submit() {
		const db = this.page.db;
		const seq = await lastSeq(db, this.attemptId, this.deviceId);
		const attempt = await db.attempts.get(this.attemptId);
		if (attempt?.status === 'running') {
			await db.attempts.update(this.attemptId, {
				status: 'submitted-local',
				localSubmit: {
					lastSeq: seq,
					reason: 'candidate',
					at: Date.now(),
					elapsedMs: Date.now() - this.started.startedAt
				}
			});
		}
		this.page.flushSoon(0);
	}

	chaosStep(): Promise<void> | void {
		if (random() < P.outage) {
			stats.outages++;
			this.offlineUntil = Date.now() + between(1000, 6000);
		}
		if (random() < P.serviceWorker) {
			stats.swFlushes++;
			void flushAll(this.page.deps()).catch(() => undefined);
		}
		if (random() < P.reload) return this.reload();
	}

	async isFinished(): Promise<boolean> {
		try {
			const a = await this.page.db.attempts.get(this.attemptId);
			if (a?.status !== 'submitted') return false;
			const pending = await this.page.db.outbox
				.where('[attemptId+status]')
				.equals([this.attemptId, 'pending'])
				.count();
			return pending === 0;
		} catch {
			return false;
		}
	}

	async run(): Promise<void> {
		while (this.made < this.target) {
			await sleep(between(...ANSWER_EVERY_MS));
			const reload = this.chaosStep();
			if (reload) await reload;
			await this.answer();
		}
		let submitted = false;
		for (;;) {
			try {
				if (!submitted) {
					await this.submit();
					submitted = true;
				}
			} catch {
				/* a reload in the middle: submit again */
			}
			await sleep(between(300, 1200));
			if (submitted && (await this.isFinished())) break;
			const reload = this.chaosStep();
			if (reload) await reload;
		}
		this.done = true;
		this.page.close();
	}
}

// ---------------------------------------------------------------- the server and its database

ensureBuild();
let pgDb: Awaited<ReturnType<typeof createPgDatabase>> | null = null;
if (args.pg) pgDb = await createPgDatabase('phongthi_chaos');
const server = new TestServer(`chaos${SHORT ? '-short' : ''}`, {
	REGISTRATIONS_PER_ADDRESS_PER_HOUR: '1000000',
	...(pgDb ? { DATABASE_URL: pgDb.url } : {})
});
// If this script dies half-way, the server it started goes with it.
process.once('exit', () => server.child?.kill('SIGKILL'));
const openServerDb = (): Promise<DbHandle> =>
	pgDb ? openDb({ databaseUrl: pgDb.url }) : openDb({ dataDir: server.dataDir });

interface StoredEvent {
	attempt_id: string;
	device_id: string;
	seq: number;
	hash: string;
	flags: string;
	counts: number;
}
async function storedEvents(): Promise<StoredEvent[]> {
	const h = await openServerDb();
	try {
		return await h.db
			.selectFrom('answer_event')
			.select(['attempt_id', 'device_id', 'seq', 'hash', 'flags', 'counts'])
			.execute();
	} finally {
		await h.close();
	}
}

/** After a SIGKILL, before the restart: is every acknowledged event in the database? */
async function checkAckedSurvived(acked: Map<string, string>): Promise<number> {
	const held = new Map<string, string>();
	for (const e of await storedEvents()) held.set(key(e.attempt_id, e.device_id, e.seq), e.hash);
	let lost = 0;
	for (const [k, hash] of acked) if (held.get(k) !== hash) lost++;
	return lost;
}

const killChecks: { at: number; acked: number; lost: number; inFlight: number }[] = [];
async function killAndRestart(): Promise<void> {
	const snapshot = new Map(serverAcked);
	serverUp = false;
	const inFlight = writesInFlight;
	await server.kill('SIGKILL');
	stats.kills++;
	const lost = await checkAckedSurvived(snapshot);
	killChecks.push({ at: Date.now() - began, acked: snapshot.size, lost, inFlight });
	log(
		`server killed (SIGKILL #${stats.kills}) after ${made()} answers with ${inFlight} batches of answers in flight (queued, in a group commit or its flush): ${snapshot.size} events acknowledged so far, ${lost} of them missing from the database`
	);
	await sleep(between(200, 1500));
	await server.start();
	serverUp = true;
	log('server restarted');
}

// ---------------------------------------------------------------- set-up through the API

async function json(res: Response) {
	const body = await res.json().catch(() => null);
	if (!res.ok) throw new Error(`${res.url}: HTTP ${res.status} ${JSON.stringify(body)}`);
	return body;
}

async function registerAndStart(i: number, roundId: string): Promise<{ cookie: string; started: Started }> {
	const n = String(i).padStart(6, '0');
	const person = {
		fullName: `Thí Sinh Hỗn Loạn ${i}`,
		birthDate: '1991-05-05',
		gender: 'female',
		nationalId: `082191${n}`,
		phone: `0946${n}`,
		address: 'Mỹ Tho, Tiền Giang',
		unitId: 'my-tho',
		password: 'MatKhau2026',
		publishName: true
	};
	const headers = { 'content-type': 'application/json' };
	await json(
		await fetch(`${server.url}/api/candidates`, { method: 'POST', headers, body: JSON.stringify(person) })
	);
	const session = await fetch(`${server.url}/api/session`, {
		method: 'POST',
		headers,
		body: JSON.stringify({ login: person.phone, password: person.password })
	});
	await json(session);
	const cookie = session.headers
		.getSetCookie()
		.map((c) => c.split(';')[0])
		.join('; ');
	const started = await resume(cookie, roundId, deviceOf(i));
	return { cookie, started };
}

/** Tablet i's device id: a token speaks for the device it was issued to. */
const deviceOf = (i: number) => `chaos-d-${i}`;

/** Starts or resumes the candidate's attempt, with a token for this device. */
async function resume(cookie: string, roundId: string, deviceId: string): Promise<Started> {
	return (await json(
		await fetch(`${server.url}/api/rounds/${roundId}/attempts`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', cookie },
			body: JSON.stringify({ deviceId })
		})
	)) as Started;
}

async function pool<T>(items: number[], size: number, fn: (i: number) => Promise<T>): Promise<T[]> {
	const out: T[] = new Array(items.length);
	let next = 0;
	await Promise.all(
		Array.from({ length: size }, async () => {
			while (next < items.length) {
				const i = next++;
				out[i] = await fn(items[i]);
			}
		})
	);
	return out;
}

// ---------------------------------------------------------------- run

log(
	`seed ${SEED}: ${TABLETS} tablets, ≥ ${EVENTS} events, ${KILLS} kills, on ${pgDb ? 'PostgreSQL' : 'SQLite'}`
);
await server.start();
let roundId: string;
{
	const h = await openServerDb();
	try {
		roundId = await createGradedRound(h.db, { durationS: 4 * 3600, name: 'Vòng thử hỗn loạn' });
	} finally {
		await h.close();
	}
}

const perTablet = Math.ceil(EVENTS / TABLETS);
const candidates = [...Array(TABLETS).keys()].filter((i) => i % SHARE_EVERY !== SHARE_EVERY - 1);
const registered = new Map<number, { cookie: string; started: Started }>();
await pool(candidates, 8, async (i) => registered.set(i, await registerAndStart(i, roundId)));
const tablets: Tablet[] = [];
for (let i = 0; i < TABLETS; i++) {
	let started: Started;
	if (registered.has(i)) started = registered.get(i)!.started;
	else {
		started = await resume(registered.get(i - 1)!.cookie, roundId, deviceOf(i));
		if (started.attemptId !== registered.get(i - 1)!.started.attemptId)
			throw new Error('resume gave another attempt');
	}
	// Between ⅔ and 4⁄3 of the mean, so tablets finish at different times.
	const target = Math.max(1, Math.round(perTablet * between(0.67, 1.34)));
	tablets.push(new Tablet(i, deviceOf(i), `chaos-tablet-${i}`, started.attemptId, started, target));
}
// Top up so the total is at least EVENTS.
let total = tablets.reduce((s, t) => s + t.target, 0);
for (let i = 0; total < EVENTS; i = (i + 1) % TABLETS, total++) tablets[i].target++;
log(
	`${registered.size} candidates registered and signed in, ${TABLETS} tablets on ${new Set(tablets.map((t) => t.attemptId)).size} attempts, ${total} answers to make`
);

for (const t of tablets) await t.open(true);
// Kills are spread over the answering: kill k comes once about (k + ½) / KILLS of all answers are made.
const killAt = Array.from({ length: KILLS }, (_, k) =>
	Math.round(((k + 0.25 + random() * 0.5) / KILLS) * total * 0.95)
);
const runStart = Date.now();
const made = () => tablets.reduce((s, t) => s + t.made, 0);
const killer = (async () => {
	for (const at of killAt) {
		while (made() < at && tablets.some((t) => !t.done)) await sleep(100);
		await killAndRestart();
		await sleep(between(500, 2000));
	}
})();
const running = Promise.all(tablets.map((t) => t.run()));
const timedOut = await Promise.race([running.then(() => false), sleep(TIMEOUT_MS).then(() => true)]);
await killer;
const runMs = Date.now() - runStart;
if (timedOut)
	log(`TIMEOUT: ${tablets.filter((t) => !t.done).length} tablets not finished after ${TIMEOUT_MS / 1000} s`);

// One last kill, with everything submitted: what the database holds is what survived.
const finalSnapshot = new Map(serverAcked);
serverUp = false;
await server.kill('SIGKILL');
stats.kills++;
const finalLost = await checkAckedSurvived(finalSnapshot);
killChecks.push({ at: Date.now() - began, acked: finalSnapshot.size, lost: finalLost, inFlight: 0 });
log(`final SIGKILL: ${finalSnapshot.size} acknowledged events, ${finalLost} missing`);

// ---------------------------------------------------------------- verdict

const problems: string[] = [];
let passed = 0;
const fail = (msg: string) => {
	if (problems.length < 30) problems.push(msg);
	else if (problems.length === 30) problems.push('…');
};
let failed = 0;

const stored = await storedEvents();
const byDevice = new Map<string, StoredEvent[]>();
for (const e of stored) {
	const k = `${e.attempt_id}|${e.device_id}`;
	byDevice.set(k, [...(byDevice.get(k) ?? []), e]);
}

// 1. Every event of every tablet is stored exactly once, with the same hash, not flagged —
// except, on an attempt two tablets share, what the other tablet sent after one of them
// submitted: closed means closed (DESIGN.md), so it is kept, flagged after_close, not counted.
const closeRules = await (async () => {
	const hd = await openServerDb();
	try {
		const rows = await hd.db
			.selectFrom('attempt_device')
			.select(['attempt_id', 'device_id', 'close_rule'])
			.execute();
		return new Map(rows.map((r) => [`${r.attempt_id}|${r.device_id}`, r.close_rule]));
	} finally {
		await hd.close();
	}
})();
const shared = new Set(
	tablets.filter((t) => tablets.some((o) => o !== t && o.attemptId === t.attemptId)).map((t) => t.index)
);
let deviceEvents = 0;
let afterOtherSubmit = 0;
const logsByAttempt = new Map<string, DeviceEvent[]>();
for (const t of tablets) {
	const db = new PhongThiDb(t.dbName);
	const outbox = await db.outbox
		.where('[attemptId+deviceId+seq]')
		.between([t.attemptId, t.deviceId, 0], [t.attemptId, t.deviceId, Infinity])
		.toArray();
	const local = await db.attempts.get(t.attemptId);
	db.close();
	deviceEvents += outbox.length;
	const held = new Map<number, StoredEvent[]>();
	for (const e of byDevice.get(`${t.attemptId}|${t.deviceId}`) ?? [])
		held.set(e.seq, [...(held.get(e.seq) ?? []), e]);
	for (const e of outbox) {
		const rows = held.get(e.seq) ?? [];
		held.delete(e.seq);
		if (e.status !== 'sent') {
			failed++;
			fail(`tablet ${t.index} seq ${e.seq}: still ${e.status} on the device`);
		} else if (rows.length === 0) {
			failed++;
			fail(`tablet ${t.index} seq ${e.seq}: not on the server`);
		} else if (rows.length > 1) {
			failed++;
			fail(`tablet ${t.index} seq ${e.seq}: stored ${rows.length} times`);
		} else if (rows[0].hash !== e.hash) {
			failed++;
			fail(`tablet ${t.index} seq ${e.seq}: hash differs`);
		} else if (
			rows[0].flags === 'after_close' &&
			rows[0].counts === 0 &&
			shared.has(t.index) &&
			closeRules.get(`${t.attemptId}|${t.deviceId}`) === 'held'
		) {
			afterOtherSubmit++;
			passed++;
		} else if (rows[0].flags !== '' || rows[0].counts !== 1) {
			failed++;
			fail(`tablet ${t.index} seq ${e.seq}: flagged "${rows[0].flags}", counts ${rows[0].counts}`);
		} else passed++;
		const list = logsByAttempt.get(t.attemptId) ?? [];
		list.push({
			deviceId: t.deviceId,
			counts: rows.length !== 1 || rows[0].flags !== 'after_close',
			event: {
				seq: e.seq,
				questionId: e.questionId,
				choice: e.choice,
				at: e.at,
				elapsedMs: e.elapsedMs,
				hash: e.hash
			}
		});
		logsByAttempt.set(t.attemptId, list);
	}
	for (const [seq] of held) {
		failed++;
		fail(`tablet ${t.index} seq ${seq}: on the server but not on the tablet`);
	}
	// Every answer the screen confirmed is in the device's log.
	const bySeq = new Map(outbox.map((e) => [e.seq, e.hash]));
	for (const c of t.confirmed) {
		if (bySeq.get(c.seq) !== c.hash) {
			failed++;
			fail(`tablet ${t.index} seq ${c.seq}: confirmed on screen but not in the device's log`);
		}
	}
	if (local?.status !== 'submitted') {
		failed++;
		fail(`tablet ${t.index}: attempt ${local?.status ?? 'missing'} on the device, not submitted`);
	}
	t.done = local?.status === 'submitted';
	(t as Tablet & { localScore?: number | null }).localScore = local?.result?.score ?? null;
}
const knownDevices = new Set(tablets.map((t) => `${t.attemptId}|${t.deviceId}`));
for (const [k, rows] of byDevice) {
	if (!knownDevices.has(k)) {
		failed += rows.length;
		fail(`${rows.length} events on the server from an unknown device ${k}`);
	}
}

// 2. Each attempt's score is the score of the tablets' own logs under the paper's key.
const h = await openServerDb();
const attempts = await h.db
	.selectFrom('attempt')
	.innerJoin('attempt_paper', 'attempt_paper.attempt_id', 'attempt.id')
	.select(['id', 'status', 'score', 'paper'])
	.where('round_id', '=', roundId)
	.execute();
await h.close();
let scoreChecks = 0;
for (const a of attempts) {
	const paper = JSON.parse(a.paper) as Paper;
	const expected = gradePaper(paper.questions, mergeAnswers(logsByAttempt.get(a.id) ?? [])).score;
	scoreChecks++;
	if (a.status !== 'submitted') {
		failed++;
		fail(`attempt ${a.id}: ${a.status}, not submitted`);
	} else if (a.score !== expected) {
		failed++;
		fail(`attempt ${a.id}: score ${a.score} on the server, ${expected} from the tablets' logs`);
	} else passed++;
	// A tablet alone on its attempt was shown the same score when it submitted.
	const own = tablets.filter((t) => t.attemptId === a.id);
	if (own.length === 1) {
		const shown = (own[0] as Tablet & { localScore?: number | null }).localScore;
		if (shown !== expected) {
			failed++;
			fail(`attempt ${a.id}: the tablet showed ${shown}, expected ${expected}`);
		} else passed++;
	}
}
if (attempts.length !== new Set(tablets.map((t) => t.attemptId)).size) {
	failed++;
	fail(
		`${attempts.length} attempts on the server for ${new Set(tablets.map((t) => t.attemptId)).size} on the tablets`
	);
}

// 3. Acknowledged events survived every SIGKILL.
for (const k of killChecks) {
	if (k.lost > 0) {
		failed++;
		fail(
			`${k.lost} of ${k.acked} acknowledged events missing after the SIGKILL at ${(k.at / 1000).toFixed(1)} s`
		);
	} else passed++;
}

if (pgDb) await pgDb.drop().catch(() => undefined);
fs.rmSync(server.dataDir, { recursive: true, force: true });

console.log('');
console.log(
	table(
		[
			'tablets',
			'attempts',
			'events (tablets)',
			'events (server)',
			'kills',
			'drops before / after send',
			'outages',
			'reloads',
			'sw flushes',
			'requests',
			'answering + sync',
			'mismatches'
		],
		[
			[
				TABLETS,
				attempts.length,
				deviceEvents,
				stored.length,
				stats.kills,
				`${stats.dropsBefore} / ${stats.dropsAfter}`,
				stats.outages,
				stats.reloads,
				stats.swFlushes,
				stats.requests,
				`${(runMs / 1000).toFixed(1)} s`,
				failed
			]
		],
		['r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r']
	)
);
console.log(
	`\nchecked: ${deviceEvents} events of the tablets on the server exactly once with the same hash; ${scoreChecks} attempt scores against the tablets' logs; after each of ${killChecks.length} SIGKILLs (batches of answers in flight at each: ${killChecks.map((k) => k.inFlight).join(', ')}), every event acknowledged before it; ${afterOtherSubmit} events a second tablet sent after its attempt was submitted on the first, kept and not counted (seed ${SEED}, ${pgDb ? 'PostgreSQL' : 'SQLite'}, ${((Date.now() - began) / 1000).toFixed(0)} s in all)`
);
for (const p of problems) console.log(`MISMATCH ${p}`);
if (deviceEvents < EVENTS) {
	failed++;
	console.log(`MISMATCH only ${deviceEvents} events made, ${EVENTS} wanted`);
}
console.log(`chaos: ${passed} passed, ${failed} failed`);
process.exit(failed > 0 || timedOut ? 1 : 0);
