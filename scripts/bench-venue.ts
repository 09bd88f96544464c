// The venue hall as the product runs it: N tablets (default 1,000) in one room of a final,
// each heartbeating POST /api/venue/heartbeat every second, holding the room's push stream
// GET /api/venue/stream and syncing its 30 answers through POST /api/attempts/{id}/events with
// its device token (scripts/bench-venue-tablets.ts, in several client processes); 20 consoles
// hold the console's stream and poll the grid every second (src/lib/client/proctor.svelte.ts).
// The proctor pauses, resumes, extends one seat, and at the end locks the room: from each
// POST to every tablet hearing its stream's note, and to the tablet showing the new state (the
// note's short code applied, as the client does, or a heartbeat's answer, whichever first); after
// the lock, until every tablet has shown it and its submit is acknowledged.
// Set-up (scripts/bench-venue-setup.ts) uses the server's own functions on the bench database.
//   npx tsx scripts/bench-venue.ts [--tablets 1000 --session-s 30 --workers 2 --consoles 20
//     --db sqlite|postgres --profile]                                        → a summary and one JSON line on stdout
// scripts/bench.ts runs it as its "venue hall" scenario (venueHallScenario below).
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { openDb, type Db } from '../src/lib/server/db';
import { seedDemo } from '../src/lib/server/demo/seed';
import {
	BenchServer,
	NOFILE,
	createPgDatabase,
	ensureBuild,
	killWithUs,
	percentile,
	table
} from './bench-common';
import { summariseProfile, type ProfileSummary } from './bench-profile';
import { setUpVenueHall, type VenueHall } from './bench-venue-setup';
import type { TabletsOptions, TabletsResult } from './bench-venue-tablets';

export interface VenueOptions {
	/** Tablets (and seats, finalists). */
	tablets: number;
	/** Seconds of answering before the lock. */
	sessionS: number;
	/** Client processes the tablets are split over. */
	workers: number;
	consoles?: number;
}

export interface VenueResult {
	tablets: number;
	workers: number;
	sessionS: number;
	setUpS: number;
	requests: number;
	rps: number;
	heartbeat: { n: number; p50: number; p99: number; max: number };
	/** The session's heartbeat p99 by 5 s window, so a stall shows where it happened. */
	windows: number[];
	/** The client processes' own event-loop lag, the most by 5 s window (ms). */
	clientLag: number[];
	sync: { n: number; p50: number; p99: number; max: number };
	/** Proctor's action → each tablet hears its stream's note (pause, resume, extend, lock). */
	push: { deliveries: number; missed: number; p50: number; p99: number; max: number };
	/** The same, to the 20 consoles' streams. */
	consolePush: { deliveries: number; missed: number; p50: number; p99: number };
	/** Action → each tablet shows it (its note's code, or a heartbeat's answer; pause and resume: every tablet; extend: its seat). */
	visible: { n: number; missed: number; p50: number; p99: number; max: number };
	/** The actions' own POST → 200. */
	actionMs: Record<string, number>;
	grid: { polls: number; p50: number; p99: number; max: number };
	lock: {
		/** Tablets whose heartbeat showed the lock, and when the last did (ms after the POST). */
		seen: number;
		seenP99: number;
		seenMaxMs: number;
		submitted: number;
		submitP50: number;
		allSubmittedMs: number;
	};
	non200: Record<string, number>;
	errors: Record<string, number>;
	streamsLost: number;
	events: number;
	clientCpuS: number;
	peakMiB: number;
	load: number;
	startUs: number;
	endUs: number;
}

const epoch = () => performance.timeOrigin + performance.now();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, ms)));
const stats = (xs: number[]) => {
	const s = [...xs].sort((a, b) => a - b);
	return {
		n: s.length,
		p50: Math.round(percentile(s, 50)),
		p99: Math.round(percentile(s, 99)),
		max: Math.round(s.at(-1) ?? NaN)
	};
};

/** A worker with stdin (the go signal) and stdout lines, under the raised open-file limit. */
function spawnWorker(args: string[]): { child: ChildProcess; lines: AsyncIterableIterator<string> } {
	const quoted = [process.execPath, ...args].map((a) => `'${a.replaceAll("'", "'\\''")}'`).join(' ');
	const child = killWithUs(
		spawn('bash', ['-c', `ulimit -n ${NOFILE} 2>/dev/null || ulimit -n $(ulimit -Hn); exec ${quoted}`], {
			stdio: ['pipe', 'pipe', 'inherit']
		})
	);
	const lines = readline.createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
	return { child, lines };
}

async function signIn(url: string, hall: VenueHall): Promise<string> {
	const res = await fetch(`${url}/api/session`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ login: hall.login, password: hall.password })
	});
	if (res.status !== 200) throw new Error(`sign-in: ${res.status} ${await res.text()}`);
	return res.headers
		.getSetCookie()
		.map((c) => c.split(';')[0])
		.join('; ');
}

/** A console's stream: [heard (epoch ms), kind] of every note with a kind. */
function consoleStream(url: string, roomId: string, cookie: string, heard: [number, string][]) {
	return new Promise<http.ClientRequest>((resolve, reject) => {
		const req = http.get(
			`${url}/api/proctor/rooms/${roomId}/stream`,
			{ agent: false, headers: { cookie, accept: 'text/event-stream' } },
			(res) => {
				if (res.statusCode !== 200) return reject(new Error(`console stream: ${res.statusCode}`));
				resolve(req);
				let buffer = '';
				res.setEncoding('utf8');
				res.on('data', (d: string) => {
					buffer += d;
					let end: number;
					while ((end = buffer.indexOf('\n\n')) !== -1) {
						const m = /^data: (.*)$/m.exec(buffer.slice(0, end));
						buffer = buffer.slice(end + 2);
						const kind = m ? (JSON.parse(m[1]) as { kind?: string }).kind : undefined;
						if (kind) heard.push([epoch(), kind]);
					}
				});
				res.on('error', () => {});
			}
		);
		req.on('error', reject);
	});
}

/** Drives the hall against a running server; `hallFile` holds scripts/bench-venue-setup.ts's VenueHall. */
export async function runVenueHall(
	url: string,
	hallFile: string,
	o: VenueOptions,
	log: (s: string) => void = () => {}
): Promise<Omit<VenueResult, 'peakMiB' | 'load' | 'setUpS'>> {
	const hall = JSON.parse(fs.readFileSync(hallFile, 'utf8')) as VenueHall;
	const n = hall.tablets.length;
	const lockTimeoutS = 60;
	const workers = Array.from({ length: o.workers }, (_, w) => {
		const options: TabletsOptions = {
			url,
			hallFile,
			from: Math.floor((w * n) / o.workers),
			to: Math.floor(((w + 1) * n) / o.workers),
			sessionS: o.sessionS,
			lockTimeoutS,
			resultFile: `${hallFile}.${w}.result.json`
		};
		return spawnWorker([
			'--max-old-space-size=4096',
			'--import',
			'tsx',
			'scripts/bench-venue-tablets.ts',
			JSON.stringify(options)
		]);
	});
	const ready = await Promise.all(
		workers.map(async (w) => JSON.parse((await w.lines.next()).value as string) as { streamsOpen: number })
	);
	log(
		`venue: ${ready.reduce((a, r) => a + r.streamsOpen, 0)} tablet streams open, every tablet heartbeated once`
	);

	const cookie = await signIn(url, hall);
	const consoleNotes: [number, string][][] = [];
	const consoles: http.ClientRequest[] = [];
	for (let i = 0; i < (o.consoles ?? 20); i++) {
		const heard: [number, string][] = [];
		consoleNotes.push(heard);
		consoles.push(await consoleStream(url, hall.roomId, cookie, heard));
	}

	const startUs = Number(process.hrtime.bigint() / 1000n);
	const t0 = epoch() + 200;
	for (const w of workers) w.child.stdin!.write(`go ${t0}\n`);
	await sleep(t0 - epoch());

	// Each console's poll of the grid, every second from when it was opened, one at a time (as
	// proctor.svelte.ts), accepting gzip as a browser does; the bytes are not unpacked here (a
	// proctor's browser does that on its own machine, not on the server's two cores).
	const gridMs: number[] = [];
	let polling = true;
	const gridAgent = new http.Agent({ keepAlive: true });
	const pollGrid = () =>
		new Promise<void>((resolve, reject) => {
			const req = http.get(
				`${url}/api/proctor/rooms/${hall.roomId}`,
				{ agent: gridAgent, headers: { cookie, 'accept-encoding': 'gzip' } },
				(res) => {
					res.on('data', () => {});
					res.on('end', () =>
						res.statusCode === 200 ? resolve() : reject(new Error(`grid ${res.statusCode}`))
					);
				}
			);
			req.on('error', reject);
		});
	const poller = Promise.all(
		consoles.map(async () => {
			for (let next = epoch() + Math.random() * 1000; polling; next += 1000) {
				await sleep(next - epoch());
				const sent = epoch();
				await pollGrid();
				gridMs.push(epoch() - sent);
				if (next < epoch() - 1000) next = epoch();
			}
		})
	);

	const actions: { kind: string; at: number; ms: number; seatId?: string }[] = [];
	const act = async (body: Record<string, unknown>) => {
		const at = epoch();
		const res = await fetch(`${url}/api/proctor/rooms/${hall.roomId}/actions`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', cookie },
			body: JSON.stringify(body)
		});
		const text = await res.text();
		if (res.status !== 200) throw new Error(`${String(body.action)}: ${res.status} ${text}`);
		actions.push({ kind: String(body.action), at, ms: epoch() - at, seatId: body.seatId as string });
		log(`venue: ${String(body.action)} answered in ${Math.round(epoch() - at)} ms`);
	};
	const S = o.sessionS * 1000;
	await sleep(t0 + 0.3 * S - epoch());
	await act({ action: 'pause' });
	await sleep(t0 + 0.3 * S + 3000 - epoch());
	await act({ action: 'resume' });
	await sleep(t0 + 0.6 * S - epoch());
	await act({ action: 'extend', seatId: hall.tablets[0].seatId, minutes: 5 });
	await sleep(t0 + S - epoch());
	await act({ action: 'lock' });
	const lockPost = actions.find((a) => a.kind === 'lock')!.at;
	for (const w of workers) w.child.stdin!.write(`lock ${lockPost}\n`);

	const results = await Promise.all(
		workers.map(async (w, i) => {
			for await (const _line of w.lines);
			const file = `${hallFile}.${i}.result.json`;
			const r = JSON.parse(fs.readFileSync(file, 'utf8')) as TabletsResult;
			fs.rmSync(file, { force: true });
			return r;
		})
	);
	polling = false;
	await poller;
	for (const c of consoles) c.destroy();
	gridAgent.destroy();
	const endAt = epoch();
	const endUs = Number(process.hrtime.bigint() / 1000n);

	const all = <K extends keyof TabletsResult>(k: K) =>
		results.flatMap((r) => r[k] as unknown as unknown[]) as TabletsResult[K];
	const notes = all('notes') as TabletsResult['notes'];
	const seen = all('seen') as TabletsResult['seen'];
	const submitted = all('submitted') as TabletsResult['submitted'];
	const lockAt = actions.find((a) => a.kind === 'lock')!.at;

	// Push: each action's note, heard by each stream after the POST was sent: every console, and
	// the tablets it concerns (one seat's: that seat's tablet alone; push/room.ts).
	const heardAfter = (lists: [number, string][][], kinds: string[], tablets: boolean) => {
		const ms: number[] = [];
		let missed = 0;
		const concerned = (a: (typeof actions)[number]) =>
			tablets && a.seatId !== undefined
				? [lists[hall.tablets.findIndex((t) => t.seatId === a.seatId)]]
				: lists;
		for (const a of actions.filter((x) => kinds.includes(x.kind)))
			for (const list of concerned(a)) {
				const h = list.find(([at, kind]) => kind === a.kind && at >= a.at);
				if (h) ms.push(h[0] - a.at);
				else missed++;
			}
		return { ms, missed };
	};
	const push = heardAfter(notes, ['pause', 'resume', 'extend', 'lock'], true);
	const consolePush = heardAfter(consoleNotes, ['pause', 'resume', 'extend', 'lock'], false);

	// Visible: the first the tablet showed the new state after the POST (a code heard, a heartbeat's answer).
	const visibleMs: number[] = [];
	let visibleMissed = 0;
	const firstSeen = (
		list: TabletsResult['seen'][number],
		from: number,
		ok: (s: (typeof list)[number]) => boolean
	) => list.find((s) => s[0] >= from && ok(s));
	for (const a of actions) {
		if (a.kind === 'pause' || a.kind === 'resume') {
			const want = a.kind === 'pause' ? 'paused' : 'running';
			for (const list of seen) {
				const s = firstSeen(list, a.at, (x) => x[1] === want);
				if (s) visibleMs.push(s[0] - a.at);
				else visibleMissed++;
			}
		} else if (a.kind === 'extend') {
			const i = hall.tablets.findIndex((t) => t.seatId === a.seatId);
			const before = seen[i].filter((s) => s[0] < a.at).at(-1)?.[3] ?? 0;
			const s = firstSeen(seen[i], a.at, (x) => x[3] > before);
			if (s) visibleMs.push(s[0] - a.at);
			else visibleMissed++;
		}
	}
	const lockSeen = seen
		.map((list) => firstSeen(list, lockAt, (x) => x[1] === 'locked' || x[2] === 'locked'))
		.filter((s) => s !== undefined)
		.map((s) => s[0] - lockAt);
	const submitMs = submitted.filter((s) => s !== null).map((s) => s - lockAt);

	const heartbeats = (all('heartbeats') as TabletsResult['heartbeats']).filter(([at]) => at < lockAt);
	const syncs = (all('syncs') as TabletsResult['syncs']).filter(([at, , late]) => at < lockAt && !late);
	const merge = (k: 'non200' | 'errors') => {
		const out: Record<string, number> = {};
		for (const r of results) for (const [key, v] of Object.entries(r[k])) out[key] = (out[key] ?? 0) + v;
		return out;
	};
	const requests =
		results.reduce((a, r) => a + r.heartbeats.length + r.syncs.length, 0) +
		submitted.filter((s) => s !== null).length +
		gridMs.length +
		actions.length;
	const p = (xs: number[]) => stats(xs);
	return {
		tablets: n,
		workers: o.workers,
		sessionS: o.sessionS,
		requests,
		rps: requests / ((endAt - t0) / 1000),
		heartbeat: p(heartbeats.map(([, ms]) => ms)),
		windows: byWindow(heartbeats, t0, 5000),
		clientLag: byWindow(
			(all('lag') as TabletsResult['lag']).filter(([at]) => at < lockAt),
			t0,
			5000,
			100
		),
		sync: p(syncs.map(([, ms]) => ms)),
		push: { deliveries: push.ms.length, missed: push.missed, ...omitN(p(push.ms)) },
		consolePush: {
			deliveries: consolePush.ms.length,
			missed: consolePush.missed,
			p50: p(consolePush.ms).p50,
			p99: p(consolePush.ms).p99
		},
		visible: { missed: visibleMissed, ...p(visibleMs) },
		actionMs: Object.fromEntries(actions.map((a) => [a.kind, Math.round(a.ms)])),
		grid: { polls: gridMs.length, ...omitN(p(gridMs)) },
		lock: {
			seen: lockSeen.length,
			seenP99: p(lockSeen).p99,
			seenMaxMs: p(lockSeen).max,
			submitted: submitMs.length,
			submitP50: p(submitMs).p50,
			allSubmittedMs: p(submitMs).max
		},
		non200: merge('non200'),
		errors: merge('errors'),
		streamsLost: results.reduce((a, r) => a + r.streamsLost, 0),
		events: results.reduce((a, r) => a + r.events, 0),
		clientCpuS: results.reduce((a, r) => a + r.clientCpuMs, 0) / 1000,
		startUs,
		endUs
	};
}

/** A percentile (99, or 100 for the most) of [sent, ms] pairs by window of `ms` from t0. */
function byWindow(pairs: [number, number][], t0: number, ms: number, pct = 99): number[] {
	const w: number[][] = [];
	for (const [at, l] of pairs) (w[Math.max(0, Math.floor((at - t0) / ms))] ??= []).push(l);
	return [...w].map((x) =>
		x
			? Math.round(
					percentile(
						[...x].sort((a, b) => a - b),
						pct
					)
				)
			: 0
	);
}

function omitN<T extends { n: number }>(x: T): Omit<T, 'n'> {
	const { n: _n, ...rest } = x;
	return rest;
}

/**
 * The scenario as scripts/bench.ts runs it: the hall set up on the bench database (`db`), then
 * a fresh server of its own (`env`) for its own peak memory, optionally CPU-profiled.
 */
export async function venueHallScenario(
	db: Db,
	env: Record<string, string>,
	o: VenueOptions & { workDir: string; profileDir?: string },
	log: (s: string) => void = () => {}
): Promise<VenueResult & { profile?: ProfileSummary }> {
	const began = Date.now();
	const hall = await setUpVenueHall(db, { tablets: o.tablets, secret: env.APP_SECRET, log });
	const setUpS = (Date.now() - began) / 1000;
	log(`venue: set up in ${setUpS.toFixed(0)} s`);
	const hallFile = path.join(o.workDir, `venue-hall-${process.pid}.json`);
	fs.writeFileSync(hallFile, JSON.stringify(hall));
	const server = new BenchServer({
		env,
		nodeFlags: o.profileDir ? ['--cpu-prof', `--cpu-prof-dir=${o.profileDir}`] : []
	});
	await server.start();
	const load = os.loadavg()[0];
	try {
		const r = await runVenueHall(server.url, hallFile, o, log);
		const peakMiB = server.peakRssMiB();
		await server.stop('SIGTERM');
		let profile: ProfileSummary | undefined;
		const file =
			o.profileDir && fs.existsSync(o.profileDir)
				? fs.readdirSync(o.profileDir).find((f) => f.endsWith('.cpuprofile'))
				: undefined;
		if (file) {
			profile = summariseProfile(JSON.parse(fs.readFileSync(path.join(o.profileDir!, file), 'utf8')), {
				fromUs: r.startUs,
				toUs: r.endUs
			});
			profile.rps = r.rps;
		}
		return { ...r, setUpS, peakMiB, load, profile };
	} finally {
		await server.stop().catch(() => {});
		fs.rmSync(hallFile, { force: true });
	}
}

/** The venue hall's figures as a line of the log. */
export function venueLine(r: VenueResult): string {
	return (
		`venue ${r.tablets} tablets (${r.workers} client processes, ${r.clientCpuS.toFixed(0)} s client CPU): ` +
		`${r.rps.toFixed(0)} req/s; heartbeat p50 ${r.heartbeat.p50} / p99 ${r.heartbeat.p99} / max ${r.heartbeat.max} ms; ` +
		`sync p50 ${r.sync.p50} / p99 ${r.sync.p99} ms; push p50 ${r.push.p50} / p99 ${r.push.p99} ms (missed ${r.push.missed}); ` +
		`visible p50 ${r.visible.p50} / p99 ${r.visible.p99} ms (missed ${r.visible.missed}); grid p50 ${r.grid.p50} / p99 ${r.grid.p99} ms; ` +
		`lock: seen by ${r.lock.seen} (last after ${r.lock.seenMaxMs} ms), ${r.lock.submitted} submits acked, the last after ${r.lock.allSubmittedMs} ms; ` +
		`peak RSS ${r.peakMiB.toFixed(0)} MiB; heartbeat p99 by 5 s window: ${r.windows.join(' ')} ms ` +
		`(the clients' own lag, the most by window: ${r.clientLag.join(' ')} ms)` +
		(Object.keys(r.non200).length || Object.keys(r.errors).length
			? ` — non-200 ${JSON.stringify(r.non200)}, errors ${JSON.stringify(r.errors)}`
			: '') +
		(r.streamsLost ? ` — ${r.streamsLost} streams lost` : '')
	);
}

/** The venue hall's table for bench/results.md (one row per database). */
export function venueTable(rows: { dialect: string; r: VenueResult }[]): string {
	const f = (x: number) => (Number.isFinite(x) ? String(x) : '–');
	const secs = (ms: number) => (Number.isFinite(ms) ? `${(ms / 1000).toFixed(2)} s` : '–');
	return table(
		[
			'database',
			'tablets',
			'req/s',
			'heartbeat p50 / p99 / max ms',
			'sync p50 / p99 ms',
			'push p50 / p99 ms',
			'visible p50 / p99 ms',
			'grid poll p50 / p99 ms',
			'lock: seen by, last after',
			'lock: submits acked, last after',
			'failed',
			'server peak RSS',
			'load avg'
		],
		rows.map(({ dialect, r }) => [
			dialect,
			r.tablets,
			r.rps.toFixed(0),
			`${f(r.heartbeat.p50)} / ${f(r.heartbeat.p99)} / ${f(r.heartbeat.max)}`,
			`${f(r.sync.p50)} / ${f(r.sync.p99)}`,
			`${f(r.push.p50)} / ${f(r.push.p99)}${r.push.missed ? ` (${r.push.missed} missed)` : ''}`,
			`${f(r.visible.p50)} / ${f(r.visible.p99)}${r.visible.missed ? ` (${r.visible.missed} missed)` : ''}`,
			`${f(r.grid.p50)} / ${f(r.grid.p99)}`,
			`${r.lock.seen} / ${r.tablets}, ${secs(r.lock.seenMaxMs)}`,
			`${r.lock.submitted} / ${r.tablets}, ${secs(r.lock.allSubmittedMs)}`,
			Object.values(r.non200).reduce((a, b) => a + b, 0) + Object.values(r.errors).reduce((a, b) => a + b, 0),
			`${r.peakMiB.toFixed(0)} MiB`,
			r.load.toFixed(1)
		]),
		['l']
	);
}

export const VENUE_TEXT = (o: VenueOptions) =>
	`**Venue hall** (scripts/bench-venue.ts): ${o.tablets} tablets in one room of a final, set up with the server's own ` +
	`functions (finalists added and seated, the room prepared, every tablet enrolled with the room's code and approved to ` +
	`its seat, the room started). Each tablet does what the product's does: POST /api/venue/heartbeat every second with ` +
	`the client's body (readiness, the finalist signed in, unsent, last seqs), holds the room's push stream ` +
	`(GET /api/venue/stream, its device token; the server sends a tablet only the notes that concern it), shows at once ` +
	`the short code a pause, resume, extension or lock note carries (checked with the room's code key, as the client ` +
	`does) and heartbeats at once on any other note, and syncs each of its 30 answers ` +
	`(over ${o.sessionS} s) at once through POST /api/attempts/{id}/events with its device token; ${o.consoles ?? 20} consoles ` +
	`hold the console's stream and each polls the grid every second. The proctor pauses (at 30 % of the session), resumes ` +
	`3 s later, extends one seat (60 %) and locks the room at the end: "push" is from each action's POST to each tablet ` +
	`it concerns hearing its note (pause, resume, lock: every tablet; extend: its seat's), "visible" from the POST to the tablet first ` +
	`showing the new state, from the note's code or a heartbeat's answer (pause and resume: every tablet; extend: its ` +
	`seat); after the lock, until every tablet shows it locked and until ` +
	`its flush and submit are acknowledged. Heartbeat and sync figures are the session's (before the lock). The tablets ` +
	`run in ${o.workers} client processes on the same machine.`;

// ---------------------------------------------------------------- standalone

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
	const { values: args } = parseArgs({
		options: {
			tablets: { type: 'string', default: '1000' },
			'session-s': { type: 'string', default: '30' },
			workers: { type: 'string', default: '2' },
			consoles: { type: 'string', default: '20' },
			db: { type: 'string', default: 'sqlite' },
			profile: { type: 'boolean', default: false },
			secret: { type: 'string', default: 'bench-venue-secret-0123456789abcdef' }
		}
	});
	ensureBuild();
	const began = Date.now();
	const log = (s: string) =>
		console.error(`[venue ${((Date.now() - began) / 1000).toFixed(0).padStart(4)} s] ${s}`);
	const work = path.resolve('bench/tmp');
	fs.mkdirSync(work, { recursive: true });
	const dataDir = path.join(work, `venue-${process.pid}`);
	const pgDb = args.db === 'postgres' ? await createPgDatabase('phongthi_venue') : null;
	const env: Record<string, string> = pgDb
		? { APP_SECRET: args.secret!, DATABASE_URL: pgDb.url, DATA_DIR: dataDir }
		: { APP_SECRET: args.secret!, DATA_DIR: dataDir };
	const profileDir = args.profile ? path.join(work, `prof-venue-${process.pid}`) : undefined;
	try {
		const h = await openDb(pgDb ? { databaseUrl: pgDb.url } : { dataDir });
		let r: VenueResult & { profile?: ProfileSummary };
		try {
			await seedDemo(h.db);
			r = await venueHallScenario(
				h.db,
				env,
				{
					tablets: Number(args.tablets),
					sessionS: Number(args['session-s']),
					workers: Number(args.workers),
					consoles: Number(args.consoles),
					workDir: work,
					profileDir
				},
				log
			);
		} finally {
			await h.close();
		}
		log(venueLine(r));
		if (r.profile) {
			log(`profile: main thread ${r.profile.busyPct.toFixed(0)} % busy`);
			for (const c of r.profile.categories) log(`  ${c.pct.toFixed(1).padStart(5)} %  ${c.name}`);
			for (const f of r.profile.top) log(`  ${f.pct.toFixed(1).padStart(5)} %  ${f.name}  ${f.where}`);
			log(`profile kept in ${profileDir}`);
		}
		const { profile: _p, ...line } = r;
		console.log(JSON.stringify(line));
	} finally {
		if (pgDb) await pgDb.drop().catch(() => {});
		fs.rmSync(dataDir, { recursive: true, force: true });
	}
	process.exit(0);
}
