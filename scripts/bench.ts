// `npm run bench`: the numbers an IT department asks for before trusting the final to this
// server. Starts the built server (SQLite, then PostgreSQL) and a bare node:http baseline,
// drives POST /api/attempts/{id}/events with autocannon in its own process, measures a
// hall of 1,000 tablets reconnecting, the cost of durable acks, where the CPU goes, and
// peak memory; prints a table and writes bench/results.md.
//   npm run bench [-- --duration 10 --only sqlite|postgres|bare --no-profile --out bench/results.md]
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { openDb, type Db } from '../src/lib/server/db';
import {
	benchAttempts,
	BenchServer,
	benchToken,
	createPgDatabase,
	ensureBuild,
	pgAvailable,
	runNode,
	SERVER_NODE_FLAGS,
	table,
	NOFILE
} from './bench-common';
import type { BenchAttempt, LoadOptions, LoadResult } from './bench-load';
import type { HallOptions, HallResult } from './bench-hall';
import type { PushResult } from './bench-push';
import { summariseProfile, type ProfileSummary } from './bench-profile';
import { VENUE_TEXT, venueHallScenario, venueLine, venueTable, type VenueResult } from './bench-venue';

const { values: args } = parseArgs({
	options: {
		duration: { type: 'string', default: '10' },
		only: { type: 'string' },
		'no-profile': { type: 'boolean', default: false },
		out: { type: 'string', default: 'bench/results.md' },
		tablets: { type: 'string', default: '1000' },
		connections: { type: 'string', default: '50,200' },
		'hall-tablets': { type: 'string', default: '1000' },
		'hall-answer-s': { type: 'string', default: '30' },
		'home-devices': { type: 'string', default: '5000' },
		'home-s': { type: 'string', default: '40' },
		'venue-tablets': { type: 'string', default: '1000' },
		'venue-s': { type: 'string', default: '30' },
		'venue-workers': { type: 'string', default: '2' },
		skip: { type: 'string', default: '' }
	}
});
const DURATION = Number(args.duration);
const CONNECTIONS = args.connections!.split(',').map(Number);
/** Parts left out: storm, durability, replay, hall, home, venue (for quick runs while tuning). */
const SKIP = new Set(args.skip!.split(',').filter(Boolean));
const BATCHES = [1, 30];
const TABLETS = Number(args.tablets);
/** The durability comparison: alternating slices of this many seconds. */
const SLICES = 5;
/** Connections in the comparisons: enough to keep the server busy, few enough that a short slice is all steady state. */
const COMPARE_CONNECTIONS = 50;
const SLICE_S = Math.max(3, Math.round(DURATION / 2));
const ATTEMPTS = Math.max(1000, TABLETS);
const VENUE = {
	tablets: Number(args['venue-tablets']),
	sessionS: Number(args['venue-s']),
	workers: Number(args['venue-workers'])
};
const WORK = path.resolve('bench/tmp');
const SECRET = randomBytes(24).toString('base64url');
const onlyList = args.only ? args.only.split(',') : null;
const wants = (part: string) => !onlyList || onlyList.includes(part);
const began = Date.now();

/**
 * Requests/s a cell will not exceed on this machine; bodies for 1.3× that are made ahead. The
 * server went past 3,000 and 800 (batch 1 and 30) in the 3 December run, and the bodies made
 * on the fly then took the same two cores from it.
 */
const CEILING: Record<string, Record<number, number>> = { real: { 1: 8000, 30: 2500 } };

fs.mkdirSync(WORK, { recursive: true });
ensureBuild();
{
	// A build from before SQLITE_SYNCHRONOUS existed would compare FULL with FULL.
	const dir = path.join(process.env.BUILD_OUT ?? 'build', 'server/chunks/chunks');
	const knows =
		fs.existsSync(dir) &&
		fs
			.readdirSync(dir)
			.some(
				(f) => f.endsWith('.js') && fs.readFileSync(path.join(dir, f), 'utf8').includes('SQLITE_SYNCHRONOUS')
			);
	if (!knows)
		console.warn(
			`warning: ${dir} predates SQLITE_SYNCHRONOUS; rebuild (npm run build) for the durability comparison`
		);
}
const fmt = (n: number, d = 0) => (Number.isFinite(n) ? n.toFixed(d) : '–');
const log = (s: string) =>
	console.log(`[bench ${((Date.now() - began) / 1000).toFixed(0).padStart(4)} s] ${s}`);

// ---------------------------------------------------------------- pieces

type Dialect = 'sqlite' | 'postgres';

interface Cell extends LoadResult {
	server: string;
	stored?: number;
	/** The machine's 1-minute load average when the cell started (other work shares the cores). */
	load: number;
	/** Connections the kernel's listen queue could not take during the cell (TcpExt ListenOverflows, machine-wide). */
	overflows: number;
}

/** 1,000 candidates with a running attempt each in a fresh graded round; tokens signed with SECRET. */
async function setUp(db: Db, file: string): Promise<BenchAttempt[]> {
	const out = await benchAttempts(db, ATTEMPTS, 'b', SECRET);
	fs.writeFileSync(file, JSON.stringify(out));
	return out;
}

async function cell(
	server: BenchServer,
	label: string,
	attemptsFile: string,
	o: {
		connections: number;
		batch: number;
		prefix: string;
		mode?: 'fresh' | 'replay';
		durationS?: number;
		ceiling?: number;
	}
): Promise<Cell> {
	const durationS = o.durationS ?? DURATION;
	const ceiling = o.ceiling ?? CEILING.real[o.batch] ?? 2000;
	const options: LoadOptions = {
		url: server.url,
		attemptsFile,
		connections: o.connections,
		batch: o.batch,
		durationS,
		devicePrefix: o.prefix,
		perConnection: Math.ceil((ceiling * durationS * 1.3) / o.connections) + 2,
		mode: o.mode ?? 'fresh'
	};
	const load = os.loadavg()[0];
	const overflowsBefore = listenOverflows();
	const out = await runNode([
		'--max-old-space-size=4096',
		'--import',
		'tsx',
		'scripts/bench-load.ts',
		JSON.stringify(options)
	]);
	const r = JSON.parse(out.trim().split('\n').at(-1)!) as LoadResult;
	await drain(server, attemptsFile);
	const overflows = listenOverflows() - overflowsBefore;
	log(
		`${label.padEnd(22)} ${String(o.connections).padStart(4)} conns, batch ${String(o.batch).padStart(2)} ${options.mode.padEnd(6)}: ` +
			`${r.rps.toFixed(0).padStart(6)} req/s, p50 ${r.p50} ms, p99 ${r.p99} ms` +
			(r.non2xx || r.errors || r.timeouts
				? ` — non-2xx ${r.non2xx}, errors ${r.errors} ${JSON.stringify(r.errorCodes)}, timeouts ${r.timeouts}`
				: '') +
			(r.madeOnTheFly ? ` — ${r.madeOnTheFly} bodies made on the fly` : '')
	);
	return { ...r, server: label, load, overflows };
}

/** The kernel's count of connections dropped because a listen queue was full (machine-wide). */
function listenOverflows(): number {
	try {
		const lines = fs
			.readFileSync('/proc/net/netstat', 'utf8')
			.split('\n')
			.filter((l) => l.startsWith('TcpExt:'));
		const names = lines[0].split(/\s+/);
		const values = lines[1].split(/\s+/);
		return Number(values[names.indexOf('ListenOverflows')]) || 0;
	} catch {
		return 0;
	}
}

/**
 * Waits until requests the load generator left behind have been served: a heartbeat queues
 * behind them for the database, so when it is answered the next cell starts clean.
 */
async function drain(server: BenchServer, attemptsFile: string): Promise<void> {
	const a = (JSON.parse(fs.readFileSync(attemptsFile, 'utf8')) as BenchAttempt[])[0];
	for (let i = 0; i < 3; i++) {
		try {
			await fetch(`${server.url}/api/attempts/${a.id}/events`, {
				method: 'POST',
				headers: { 'content-type': 'application/json', authorization: `Bearer ${benchToken(a, 'drain')}` },
				body: JSON.stringify({ deviceId: 'drain', events: [] }),
				signal: AbortSignal.timeout(120_000)
			});
		} catch {
			/* the bare server, or a slow answer: the next try */
		}
	}
	await new Promise((r) => setTimeout(r, 500));
}

async function storm(server: BenchServer, attemptsFile: string, variant: 'sync' | 'raw', prefix: string) {
	const out = await runNode([
		'--max-old-space-size=8192',
		'--import',
		'tsx',
		'scripts/bench-storm.ts',
		JSON.stringify({
			url: server.url,
			attemptsFile,
			tablets: TABLETS,
			answers: 30,
			devicePrefix: prefix,
			variant
		})
	]);
	const r = JSON.parse(out.trim().split('\n').at(-1)!) as {
		variant: string;
		tablets: number;
		events: number;
		totalMs: number;
		p50Ms: number;
		p99Ms: number;
		retries: number;
		clientCpuMs: number;
	};
	log(
		`storm ${variant.padEnd(4)}: ${r.tablets} tablets × 30 answers acknowledged in ${(r.totalMs / 1000).toFixed(2)} s (retries ${r.retries}, client CPU ${(r.clientCpuMs / 1000).toFixed(1)} s)`
	);
	return r;
}

/** Every event a 200 acknowledged is stored, exactly once; storm tablets are acked to 30. */
async function verify(db: Db, cells: Cell[], stormPrefixes: string[]): Promise<string[]> {
	const problems: string[] = [];
	for (const c of cells) {
		const prefix = (c as Cell & { prefix: string }).prefix;
		const row = await db
			.selectFrom('answer_event')
			.select((eb) => eb.fn.countAll<number>().as('n'))
			.where('device_id', 'like', `${prefix}-%`)
			.executeTakeFirstOrThrow();
		c.stored = Number(row.n);
		const acked = c.mode === 'replay' ? c.connections * c.batch : c.eventsAcked;
		if (c.stored < acked) problems.push(`${prefix}: ${acked} events acknowledged, ${c.stored} stored`);
	}
	const dup = await db
		.selectFrom('answer_event')
		.select(['attempt_id', 'device_id', 'seq'])
		.groupBy(['attempt_id', 'device_id', 'seq'])
		.having((eb) => eb.fn.countAll(), '>', 1)
		.execute();
	if (dup.length) problems.push(`${dup.length} (attempt, device, seq) stored more than once`);
	for (const p of stormPrefixes) {
		const row = await db
			.selectFrom('attempt_device')
			.select((eb) => eb.fn.countAll<number>().as('n'))
			.where('device_id', 'like', `${p}-%`)
			.where('acked_seq', '=', 30)
			.executeTakeFirstOrThrow();
		if (Number(row.n) !== TABLETS) problems.push(`${p}: ${row.n} of ${TABLETS} tablets acked to 30`);
	}
	return problems;
}

interface Scenario extends HallResult {
	/** hall: state changes pushed to 1,020 room streams while the hall syncs. */
	push?: PushResult;
	peakMiB: number;
	load: number;
	problems: string[];
}

/** A contest scenario (scripts/bench-hall.ts) on a server of its own, for its own peak memory. */
async function scenario(
	env: Record<string, string>,
	attemptsFile: string,
	o: Omit<HallOptions, 'url' | 'attemptsFile'>
): Promise<Scenario> {
	const server = new BenchServer({ env });
	await server.start();
	const load = os.loadavg()[0];
	// In the hall, a proctor's actions pushed to the room's streams (1,000 tablets + 20 consoles)
	// while the tablets sync: from sending the action to each stream hearing it.
	const pushing =
		o.mode === 'hall' && !SKIP.has('push')
			? runNode([
					'--import',
					'tsx',
					'scripts/bench-push.ts',
					JSON.stringify({
						url: server.url,
						streams: o.devices + 20,
						durationS: Math.max(5, (o.answerS ?? 30) - 5),
						everyMs: 2000
					})
				]).then(
					(text) => JSON.parse(text.trim().split('\n').at(-1)!) as PushResult,
					(e: Error) => {
						log(`push measurement failed: ${e.message}`);
						return undefined;
					}
				)
			: null;
	const out = await runNode([
		'--max-old-space-size=4096',
		'--import',
		'tsx',
		'scripts/bench-hall.ts',
		JSON.stringify({ ...o, url: server.url, attemptsFile })
	]);
	const r: HallResult & { push?: PushResult } = JSON.parse(out.trim().split('\n').at(-1)!) as HallResult;
	if (pushing) {
		r.push = await pushing;
		if (r.push)
			log(
				`hall push: ${r.push.changes} changes to ${r.push.connected} streams, p50 ${r.push.p50} ms, p99 ${r.push.p99} ms, max ${r.push.max} ms, missed ${r.push.missed}, ${r.push.closed} closed by the server`
			);
	}
	const peakMiB = server.peakRssMiB();
	await server.stop();
	if (r.windows?.length) log(`${o.mode} p99 by 5 s window: ${r.windows.join(' ')} ms`);
	log(
		`${o.mode.padEnd(5)} ${r.devices} devices: ${r.rps.toFixed(0)} req/s, p50 ${r.p50} ms, p99 ${r.p99} ms, max ${r.max} ms` +
			(r.non200 || Object.keys(r.errors).length
				? ` — non-200 ${r.non200}, errors ${JSON.stringify(r.errors)}`
				: '') +
			(r.submit
				? ` — lock: ${r.submit.acked} submits acked (${r.submit.failed} failed), the last after ${r.submit.allAckedMs} ms`
				: '') +
			`; peak RSS ${peakMiB.toFixed(0)} MiB`
	);
	return { ...r, peakMiB, load, problems: [] };
}

interface DialectReport {
	dialect: Dialect;
	cells: Cell[];
	replay?: Cell;
	storms: Awaited<ReturnType<typeof storm>>[];
	peakMiB: number;
	durability: Cell[];
	durable: Cell[];
	durabilityNote: string;
	compareCells: Cell[];
	scenarios: Scenario[];
	/** The venue hall (scripts/bench-venue.ts). */
	venue?: VenueResult;
	commit: { durableMs: number; relaxedMs: number };
	profiles: { label: string; summary: ProfileSummary }[];
	problems: string[];
}

async function profiled(
	label: string,
	env: Record<string, string>,
	attemptsFile: string,
	batch: number,
	dialect: string
): Promise<{ label: string; summary: ProfileSummary } | null> {
	const dir = path.join(WORK, `prof-${dialect}-b${batch}-${process.pid}`);
	fs.rmSync(dir, { recursive: true, force: true });
	const server = new BenchServer({ env, nodeFlags: ['--cpu-prof', `--cpu-prof-dir=${dir}`], quiet: true });
	await server.start();
	const c = await cell(server, `${dialect} (profiled)`, attemptsFile, {
		connections: 200,
		batch,
		prefix: `prof-b${batch}-${Date.now() % 1e6}`
	});
	await server.stop('SIGTERM');
	const file = fs.existsSync(dir) ? fs.readdirSync(dir).find((f) => f.endsWith('.cpuprofile')) : undefined;
	if (!file) {
		log(`no CPU profile written for ${label}`);
		return null;
	}
	const summary = summariseProfile(JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')), {
		fromUs: c.startUs,
		toUs: c.endUs
	});
	summary.rps = c.rps;
	return { label, summary };
}

/**
 * The cost of one durable commit on this machine's disk, without the server: 500 small
 * transactions (BEGIN, one insert, COMMIT) with the flush on and relaxed.
 */
async function commitCost(dialect: Dialect, url?: string): Promise<{ durableMs: number; relaxedMs: number }> {
	const N = 500;
	const row = 'x'.repeat(300);
	if (dialect === 'sqlite') {
		const file = path.join(WORK, `commit-${process.pid}.sqlite`);
		const out: Record<string, number> = {};
		for (const mode of ['FULL', 'NORMAL']) {
			for (const f of [file, `${file}-wal`, `${file}-shm`]) fs.rmSync(f, { force: true });
			const db = new SQLite(file);
			db.pragma('journal_mode = WAL');
			db.pragma(`synchronous = ${mode}`);
			db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)');
			const insert = db.prepare('INSERT INTO t (v) VALUES (?)');
			const t0 = performance.now();
			for (let i = 0; i < N; i++) {
				db.exec('BEGIN');
				insert.run(row);
				db.exec('COMMIT');
			}
			out[mode] = (performance.now() - t0) / N;
			db.close();
		}
		for (const f of [file, `${file}-wal`, `${file}-shm`]) fs.rmSync(f, { force: true });
		return { durableMs: out.FULL, relaxedMs: out.NORMAL };
	}
	const client = new pg.Client({ connectionString: url });
	await client.connect();
	try {
		await client.query('CREATE TABLE IF NOT EXISTS bench_commit (id serial PRIMARY KEY, v text)');
		const out: Record<string, number> = {};
		for (const mode of ['on', 'off']) {
			await client.query(`SET synchronous_commit = ${mode}`);
			const t0 = performance.now();
			for (let i = 0; i < N; i++) {
				await client.query('BEGIN');
				await client.query('INSERT INTO bench_commit (v) VALUES ($1)', [row]);
				await client.query('COMMIT');
			}
			out[mode] = (performance.now() - t0) / N;
		}
		await client.query('DROP TABLE bench_commit');
		return { durableMs: out.on, relaxedMs: out.off };
	} finally {
		await client.end();
	}
}

async function runDialect(dialect: Dialect): Promise<DialectReport> {
	const report: DialectReport = {
		dialect,
		cells: [],
		storms: [],
		peakMiB: NaN,
		durability: [],
		durable: [],
		durabilityNote: '',
		compareCells: [],
		scenarios: [],
		commit: { durableMs: NaN, relaxedMs: NaN },
		profiles: [],
		problems: []
	};
	const dataDir = path.join(WORK, `sqlite-${process.pid}`);
	let pgDb: Awaited<ReturnType<typeof createPgDatabase>> | null = null;
	let env: Record<string, string> = { APP_SECRET: SECRET };
	if (dialect === 'sqlite') {
		fs.rmSync(dataDir, { recursive: true, force: true });
		env = { ...env, DATA_DIR: dataDir };
	} else {
		pgDb = await createPgDatabase('phongthi_bench');
		env = { ...env, DATABASE_URL: pgDb.url, DATA_DIR: path.join(WORK, `pg-${process.pid}`) };
	}
	const openHere = () => (dialect === 'sqlite' ? openDb({ dataDir }) : openDb({ databaseUrl: pgDb!.url }));
	try {
		const server = new BenchServer({ env });
		await server.start();
		log(
			`${dialect}: server up on ${server.url} (pid ${server.pid}); creating ${ATTEMPTS} candidates and attempts`
		);
		const attemptsFile = path.join(WORK, `${dialect}-attempts-${process.pid}.json`);
		{
			const h = await openHere();
			try {
				await setUp(h.db, attemptsFile);
			} finally {
				await h.close();
			}
		}
		await cell(server, `${dialect} (warm-up)`, attemptsFile, {
			connections: 50,
			batch: 1,
			prefix: 'warm',
			durationS: 3
		});
		for (const batch of BATCHES) {
			for (const connections of CONNECTIONS) {
				const prefix = `${dialect}-b${batch}-c${connections}`;
				// At 1,000 connections the first answers take seconds: a longer cell reaches the steady state.
				const durationS = connections >= 1000 ? 2 * DURATION : DURATION;
				report.cells.push({
					...(await cell(server, dialect, attemptsFile, { connections, batch, prefix, durationS })),
					prefix
				} as Cell);
			}
		}
		if (!SKIP.has('replay'))
			report.replay = {
				...(await cell(server, dialect, attemptsFile, {
					connections: 200,
					batch: 30,
					prefix: `${dialect}-replay`,
					mode: 'replay'
				})),
				prefix: `${dialect}-replay`
			} as Cell;
		if (!SKIP.has('storm')) {
			report.storms.push(await storm(server, attemptsFile, 'raw', 'storm-raw'));
			report.storms.push(await storm(server, attemptsFile, 'sync', 'storm-sync'));
		}
		report.peakMiB = server.peakRssMiB();
		log(`${dialect}: peak RSS of the server ${report.peakMiB.toFixed(0)} MiB`);
		await server.stop();

		// What durable acks cost. Two servers on the same data, taking turns in short slices, so
		// that other work on the machine falls on both alike.
		if (!SKIP.has('durability')) await durability(report, dialect, env, pgDb?.url, attemptsFile);
		{
			const h = await openHere();
			try {
				report.problems = await verify(
					h.db,
					[...report.cells, ...(report.replay ? [report.replay] : []), ...report.compareCells],
					SKIP.has('storm') ? [] : ['storm-raw', 'storm-sync']
				);
			} finally {
				await h.close();
			}
		}
		log(
			`${dialect}: ${report.problems.length ? `PROBLEMS: ${report.problems.join('; ')}` : 'every acknowledged event is stored, once'}`
		);

		if (!args['no-profile']) {
			for (const batch of [1, 30]) {
				const p = await profiled(
					`${dialect}, 200 connections, batch ${batch}`,
					env,
					attemptsFile,
					batch,
					dialect
				);
				if (p) report.profiles.push(p);
			}
		}
		// The contest's own shapes. Home first: the hall ends by submitting every attempt.
		if (!SKIP.has('home'))
			report.scenarios.push(
				await scenario(env, attemptsFile, {
					mode: 'home',
					devices: Number(args['home-devices']),
					devicePrefix: 'home',
					everyS: 20,
					durationS: Number(args['home-s'])
				})
			);
		if (!SKIP.has('hall')) {
			const hall = await scenario(env, attemptsFile, {
				mode: 'hall',
				devices: Math.min(ATTEMPTS, Number(args['hall-tablets'])),
				devicePrefix: 'hall',
				answerS: Number(args['hall-answer-s']),
				tickS: 1
			});
			const h = await openHere();
			try {
				const row = await h.db
					.selectFrom('attempt_device')
					.select((eb) => eb.fn.countAll<number>().as('n'))
					.where('device_id', 'like', 'hall-%')
					.where('acked_seq', '=', 30)
					.executeTakeFirstOrThrow();
				if (Number(row.n) !== hall.devices)
					hall.problems.push(`hall: ${row.n} of ${hall.devices} tablets acked to 30`);
			} finally {
				await h.close();
			}
			report.problems.push(...hall.problems);
			report.scenarios.push(hall);
		}
		if (!SKIP.has('venue')) {
			const h = await openHere();
			try {
				report.venue = await venueHallScenario(h.db, env, { ...VENUE, workDir: WORK }, log);
			} finally {
				await h.close();
			}
			log(venueLine(report.venue));
		}
	} finally {
		if (pgDb) await pgDb.drop().catch((e) => log(`could not drop ${pgDb!.name}: ${e}`));
		fs.rmSync(dataDir, { recursive: true, force: true });
	}
	return report;
}

async function durability(
	report: DialectReport,
	dialect: Dialect,
	env: Record<string, string>,
	pgUrl: string | undefined,
	attemptsFile: string
): Promise<void> {
	{
		report.commit = await commitCost(dialect, pgUrl);
		log(
			`${dialect}: one commit ${fmt(report.commit.durableMs, 3)} ms durable, ${fmt(report.commit.relaxedMs, 3)} ms relaxed`
		);
		report.durabilityNote = dialect === 'sqlite' ? 'synchronous=NORMAL' : 'synchronous_commit=off';
		const relaxedEnv =
			dialect === 'sqlite'
				? { ...env, SQLITE_SYNCHRONOUS: 'NORMAL' }
				: { ...env, DATABASE_URL: `${pgUrl}?options=${encodeURIComponent('-c synchronous_commit=off')}` };
		const variants = [
			{ key: 'durable', server: new BenchServer({ env }) },
			{ key: 'relaxed', server: new BenchServer({ env: relaxedEnv }) }
		];
		for (const v of variants) await v.server.start();
		const compareCells: Cell[] = [];
		for (const batch of BATCHES) {
			const slices = new Map<string, Cell[]>(variants.map((v) => [v.key, []]));
			for (let round = 0; round < SLICES; round++) {
				for (let k = 0; k < variants.length; k++) {
					const v = variants[(k + round) % variants.length];
					const prefix = `${dialect}-${v.key}-b${batch}-r${round}`;
					const c = {
						...(await cell(
							v.server,
							`${dialect} ${v.key === 'relaxed' ? report.durabilityNote : v.key}`,
							attemptsFile,
							{ connections: COMPARE_CONNECTIONS, batch, prefix, durationS: SLICE_S }
						)),
						prefix
					} as Cell;
					slices.get(v.key)!.push(c);
					compareCells.push(c);
				}
			}
			for (const [key, list] of slices) {
				const mean = (f: (c: Cell) => number) => list.reduce((a, c) => a + f(c), 0) / list.length;
				const merged = {
					...list[0],
					rps: mean((c) => c.rps),
					p50: mean((c) => c.p50),
					p99: mean((c) => c.p99),
					load: mean((c) => c.load)
				} as Cell;
				(key === 'durable' ? report.durable : report.durability).push(merged);
			}
		}
		for (const v of variants) await v.server.stop();
		report.compareCells.push(...compareCells);
	}
}

async function runBare(attemptsFile: string): Promise<{ cells: Cell[]; peakMiB: number }> {
	const server = new BenchServer({ entry: 'scripts/bench-bare.ts', nodeFlags: ['--import', 'tsx'] });
	await server.start('/');
	const cells: Cell[] = [];
	await cell(server, 'bare (warm-up)', attemptsFile, {
		connections: 50,
		batch: 1,
		prefix: 'warm',
		durationS: 3,
		mode: 'replay'
	});
	for (const batch of BATCHES) {
		for (const connections of CONNECTIONS) {
			// The bare server reads every body the same way, so one body per connection is enough.
			const durationS = connections >= 1000 ? 2 * DURATION : DURATION;
			cells.push(
				await cell(server, 'bare node:http', attemptsFile, {
					connections,
					batch,
					prefix: `bare-b${batch}-c${connections}`,
					mode: 'replay',
					durationS
				})
			);
		}
	}
	const peakMiB = server.peakRssMiB();
	await server.stop();
	return { cells, peakMiB };
}

// ---------------------------------------------------------------- run

const reports: DialectReport[] = [];
let bare: { cells: Cell[]; peakMiB: number } | null = null;
if (wants('sqlite')) reports.push(await runDialect('sqlite'));
if (wants('bare')) {
	// This run's attempts file (a run before may have left its cursor files, `….json.next`).
	const file = fs
		.readdirSync(WORK)
		.find(
			(f) => f === `sqlite-attempts-${process.pid}.json` || f === `postgres-attempts-${process.pid}.json`
		);
	if (file) bare = await runBare(path.join(WORK, file));
	else log('bare baseline skipped: no attempts file (run the SQLite part first)');
}
if (wants('postgres')) {
	if (await pgAvailable()) reports.push(await runDialect('postgres'));
	else log('PostgreSQL not reachable: skipped (set PG_ADMIN_URL)');
}
for (const f of fs.readdirSync(WORK))
	if (/-attempts-\d+\.json(\.next)*$/.test(f)) fs.rmSync(path.join(WORK, f));

// ---------------------------------------------------------------- report

const bareOf = (c: Cell) => bare?.cells.find((b) => b.connections === c.connections && b.batch === c.batch);
const rows: (string | number)[][] = [];
for (const r of reports) {
	for (const c of r.cells) {
		const b = bareOf(c);
		rows.push([
			r.dialect,
			c.batch,
			c.connections,
			fmt(c.rps),
			fmt(c.eventsPerS),
			fmt(c.p50),
			fmt(c.p99),
			b ? fmt(b.rps) : '–',
			b ? fmt(b.p50) : '–',
			b ? fmt(b.p99) : '–',
			b ? `${fmt((100 * c.rps) / b.rps, 1)} %` : '–',
			c.non2xx + c.errors + c.timeouts,
			fmt(c.load, 1)
		]);
	}
}
const mainTable = table(
	[
		'database',
		'events/batch',
		'connections',
		'req/s',
		'events/s',
		'p50 ms',
		'p99 ms',
		'bare req/s',
		'bare p50',
		'bare p99',
		'ours / bare',
		'failed',
		'load avg'
	],
	rows
);
const replayTable = table(
	['database', 'events/batch', 'connections', 'req/s', 'p50 ms', 'p99 ms', 'same cell, fresh req/s'],
	reports
		.filter((r) => r.replay)
		.map((r) => {
			const fresh = r.cells.find(
				(c) => c.batch === r.replay!.batch && c.connections === r.replay!.connections
			);
			return [
				r.dialect,
				r.replay!.batch,
				r.replay!.connections,
				fmt(r.replay!.rps),
				fmt(r.replay!.p50),
				fmt(r.replay!.p99),
				fresh ? fmt(fresh.rps) : '–'
			];
		})
);
const stormTable = table(
	[
		'database',
		'client',
		'tablets × answers',
		'all acknowledged after',
		'p50 tablet',
		'p99 tablet',
		'retries',
		'client CPU'
	],
	reports.flatMap((r) =>
		r.storms.map((s) => [
			r.dialect,
			s.variant === 'sync'
				? 'real sync module (Dexie on fake-indexeddb, 1 process)'
				: 'one fetch per tablet, batch pre-built',
			`${s.tablets} × 30`,
			`${fmt(s.totalMs / 1000, 2)} s`,
			`${fmt(s.p50Ms / 1000, 2)} s`,
			`${fmt(s.p99Ms / 1000, 2)} s`,
			s.retries,
			`${fmt(s.clientCpuMs / 1000, 1)} s`
		])
	),
	['l', 'l']
);
const durabilityTable = table(
	[
		'database',
		'events/batch',
		'durable req/s',
		'p50 ms',
		'p99 ms',
		'relaxed',
		'relaxed req/s',
		'p50 ms',
		'p99 ms',
		'durable / relaxed',
		'load avg'
	],
	reports.flatMap((r) =>
		r.durability.map((d) => {
			const full = r.durable.find((c) => c.batch === d.batch)!;
			return [
				r.dialect,
				d.batch,
				fmt(full.rps),
				fmt(full.p50),
				fmt(full.p99),
				r.durabilityNote,
				fmt(d.rps),
				fmt(d.p50),
				fmt(d.p99),
				`${fmt((100 * full.rps) / d.rps, 0)} %`,
				fmt((full.load + d.load) / 2, 1)
			];
		})
	),
	['l', 'r', 'r', 'r', 'r', 'l']
);
const commitTable = table(
	['database', 'one commit, durable', 'one commit, relaxed', 'flush costs per commit'],
	reports.map((r) => [
		r.dialect,
		`${fmt(r.commit.durableMs, 3)} ms`,
		`${fmt(r.commit.relaxedMs, 3)} ms`,
		`${fmt(r.commit.durableMs - r.commit.relaxedMs, 3)} ms`
	])
);
const scenarioTable = table(
	[
		'database',
		'scenario',
		'devices',
		'req/s',
		'events stored',
		'p50 ms',
		'p99 ms',
		'max ms',
		'failed',
		'late syncs',
		'lock: submits acked',
		'lock: last ack after',
		'push: changes × streams',
		'push p50 / p99 ms',
		'server peak RSS',
		'load avg'
	],
	reports.flatMap((r) =>
		r.scenarios.map((c) => [
			r.dialect,
			c.mode === 'hall'
				? `hall: sync every 1 s, 30 answers in ${args['hall-answer-s']} s, then the lock`
				: 'at home: one answer every 20 s each',
			c.devices,
			fmt(c.rps),
			c.events,
			fmt(c.p50),
			fmt(c.p99),
			fmt(c.max),
			c.non200 + Object.values(c.errors).reduce((a, b) => a + b, 0),
			c.mode === 'hall' ? c.lateTicks : '–',
			c.submit ? `${c.submit.acked} / ${c.devices}` : '–',
			c.submit ? `${fmt(c.submit.allAckedMs / 1000, 2)} s` : '–',
			c.push
				? `${c.push.changes} × ${c.push.connected - c.push.closed}${c.push.missed ? ` (${c.push.missed} missed)` : ''}`
				: '–',
			c.push ? `${c.push.p50} / ${c.push.p99}` : '–',
			`${fmt(c.peakMiB)} MiB`,
			fmt(c.load, 1)
		])
	),
	['l', 'l']
);
const memoryTable = table(
	['process', 'peak RSS (VmHWM)'],
	[
		...reports.map((r) => [
			`server on ${r.dialect} (after all cells and both storms)`,
			`${fmt(r.peakMiB)} MiB`
		]),
		...(bare ? [['bare node:http baseline', `${fmt(bare.peakMiB)} MiB`]] : [])
	]
);

console.log(
	'\nPOST /api/attempts/{id}/events — fresh events in every request, ' +
		`${DURATION} s per cell (${2 * DURATION} s at 1,000 connections)\n`
);
console.log(mainTable);
console.log('\nReplays (the same batch again: stored once, then idempotent)\n');
console.log(replayTable);
console.log(`\n${TABLETS} tablets with 30 unsent answers each: the network returns\n`);
console.log(stormTable);
console.log(
	`\nDurable acks: what flushing before the 200 costs (${COMPARE_CONNECTIONS} connections, ${SLICES} alternating rounds of ${SLICE_S} s)\n`
);
console.log(durabilityTable);
console.log('');
console.log(commitTable);
console.log('');
console.log(memoryTable);
console.log('\nContest scenarios\n');
console.log(scenarioTable);
const venueRows = reports.flatMap((r) => (r.venue ? [{ dialect: r.dialect, r: r.venue }] : []));
if (venueRows.length) console.log(`\n${venueTable(venueRows)}`);
const problems = reports.flatMap((r) => r.problems.map((p) => `${r.dialect}: ${p}`));
for (const p of problems) console.log(`PROBLEM ${p}`);

// ---------------------------------------------------------------- results.md

const cpu = os.cpus();
const profileSections = reports
	.flatMap((r) => r.profiles)
	.map(
		(p) =>
			`#### ${p.label} (${fmt(p.summary.rps ?? NaN)} req/s while profiled)\n\n` +
			`Main thread over the load window: ${fmt(p.summary.busyPct, 0)} % busy, ${fmt(100 - p.summary.busyPct, 0)} % idle ` +
			`(waiting for the database, the network, or the other core's work).\n\n` +
			table(
				['where (self time)', 'share of samples'],
				p.summary.categories.map((c) => [c.name, `${fmt(c.pct, 1)} %`]),
				['l', 'r']
			) +
			'\n\n' +
			table(
				['top functions by self time', 'where', 'share'],
				p.summary.top.map((f) => [`\`${f.name}\``, f.where, `${fmt(f.pct, 1)} %`]),
				['l', 'l', 'r']
			)
	)
	.join('\n\n');

const failing = reports.flatMap((r) =>
	r.cells.filter((c) => c.errors + c.non2xx + c.timeouts > 0).map((c) => ({ r, c }))
);
const failedNote = failing.length
	? `\n"failed" counts requests that got no HTTP answer: ${failing
			.map(
				({ r, c }) =>
					`${r.dialect}, batch ${c.batch}, ${c.connections} connections: ${
						Object.entries(c.errorCodes)
							.map(([k, v]) => `${v} × ${k}`)
							.join(', ') || `${c.errors} errors`
					}${c.timeouts ? `, ${c.timeouts} timeouts` : ''}${c.non2xx ? `, ${c.non2xx} non-2xx` : ''} (listen-queue overflows during the cell: ${c.overflows})`
			)
			.join(
				'; '
			)}. No HTTP answer came at all and the server logged no error: the connections were reset. That the kernel's listen ` +
		"queue overflowed during those cells points at connection set-up: Node's default listen backlog is 511, fewer than 1,000 connections opening " +
		'in the same instant. A tablet treats a reset like any network drop and sends again (the reconnect storm below, with real retrying clients, ' +
		'counts its retries).\n'
	: '';
const analysisFile = 'bench/analysis.md';
const analysis = fs.existsSync(analysisFile) ? fs.readFileSync(analysisFile, 'utf8').trim() : '';
const md = `# Benchmark: answer sync under load

Produced by \`npm run bench\` (scripts/bench.ts) on ${new Date().toISOString().slice(0, 10)}: one run on this machine —
${cpu.length} × ${cpu[0]?.model.trim() ?? 'CPU'}, ${fmt(os.totalmem() / 2 ** 30)} GiB RAM, Node ${process.version},
PostgreSQL on the same machine. The built server (\`node ${[...SERVER_NODE_FLAGS, 'server/index.js'].join(' ')} ${path.basename(process.env.BUILD_OUT ?? 'build')}\`, as \`npm start\` runs it), the load generator
(autocannon ${JSON.parse(fs.readFileSync('node_modules/autocannon/package.json', 'utf8')).version}, in a process of its own) and the database all share the same
${cpu.length} cores, so every figure here is a floor for a real server with its clients elsewhere. Open files are raised
to ${NOFILE} (\`ulimit -n\`) for the server and the load generator. The machine was not ours alone: the "load avg"
column is its 1-minute load average as each cell started (this benchmark's own server and load generator account
for about 2 of it; anything above that is other work taking the same two cores), so compare cells with similar
load, and read every figure as "at least".

**What a request is.** Each autocannon connection is one tablet: its own attempt in a graded round (started through
the server's own \`startAttempt\`), its own bearer token and device id, and a hash chain that goes on from batch to
batch, so every request stores new events (\`fresh\`) and the server verifies every link. Events name real questions
and options of the attempt's paper. Bodies are made before the clock starts. "Batch 30" is the usual flush after a
reconnect; "batch 1" is the flush after each answer while online. ${DURATION} s per cell (${2 * DURATION} s at 1,000
connections, where the first answers take seconds), after a 3 s warm-up; the
server keeps its database between cells (it grows by every event stored). After the cells the script checks, in
the database, that every event a 200 acknowledged is stored, and no (attempt, device, seq) twice.
${problems.length ? `\n**PROBLEMS FOUND:** ${problems.join('; ')}\n` : ''}
## Requests/s and latency

The bare baseline is a node:http server that reads the same body, parses the JSON, checks nothing, stores nothing
and answers the same-shaped \`{acked, state, now}\`: the ceiling of this machine for this traffic.

${mainTable}
${failedNote}
Replays (a batch already stored, sent again — what a tablet does when an ack was lost) write nothing:

${replayTable}

## ${TABLETS} tablets reconnect at once

Each tablet holds 30 unsent answers (a whole paper answered offline); the network returns for all of them at the
same moment. Time until the server has acknowledged every event of every tablet (the script then checks
\`attempt_device.acked_seq = 30\` for all of them). The "real sync module" row runs \`flushAttempt\` from
\`src/lib/client/sync.ts\` for all ${TABLETS} tablets in one Node process over fake-indexeddb, which is far slower than a
browser's IndexedDB; its client CPU column shows how much of the time is the simulator's own. Failed requests
are retried with the client's back-off (\`backoffMs\`: 1 s, 2 s, 4 s … with jitter).

${stormTable}

## The contest's own shapes

Each on a server of its own (fresh process, same database), so its peak memory is its own. **Hall**: ${args['hall-tablets']}
tablets, each syncing once a second (an empty batch is the sync contract's heartbeat; answers ride on the next sync,
as the client does), answering 30 questions over ${args['hall-answer-s']} s (the 25 minutes of a final, compressed);
a tablet sends its next sync only once the last was answered ("late syncs": a whole tick lost waiting). Then
the lock: every tablet flushes what it holds and submits at the same instant (p50/p99 are the session's syncs;
the lock's flushes and submits are in "lock: last ack after"). **At home**: ${args['home-devices']}
devices answering once every 20 s each (random phase), every answer synced at once, for ${args['home-s']} s; the
devices share the ${ATTEMPTS} attempts the set-up made (five devices on an attempt, as many windows; each device
has its own chain), because starting ${args['home-devices']} attempts would take longer than the scenario. **Push**: during
the hall, ${Number(args['hall-tablets']) + 20} listeners (1,000 tablets and 20 consoles) hold the room's push stream (server-sent events) and the
demo organiser posts an action to the room every 2 s (scripts/bench-push.ts): "push p50 / p99" is the time from
sending the action to each listener hearing it. The listeners use the console's stream (the demo organiser's
session; enrolling 1,000 tablets is not what is measured): the same bus and stream code as the tablets' stream,
whose only difference is its token check at connect. One session holds at most 5 console streams (a newer one closes
the oldest), so the server closes all but 5 of them: "changes × streams" counts the streams left open, and the venue
hall below measures the push to 1,000 tablets' own streams. The hall's tablets keep in touch by empty sync batches; the
venue hall below keeps in touch as the product's tablets do.

${scenarioTable}
${venueRows.length ? `\n${VENUE_TEXT(VENUE)}\n\n${venueTable(venueRows)}\n` : ''}
## Durable acks

**What "acknowledged" means here.** \`ingestBatch\` stores a whole batch in one logical transaction per request,
and the 200 \`{acked}\` is written only after that transaction is durable. On SQLite the driver
(\`src/lib/server/db/sqlite-driver.ts\`) runs transactions that queue behind each other inside one physical
transaction, each in its own SAVEPOINT (group commit), COMMITs with \`synchronous=NORMAL\` (the WAL written, not
flushed) and then fsyncs the WAL on libuv's thread pool; a writer is answered when that fsync has returned, and
commits made while one fsync runs share the next. So an acknowledged event survives a killed process *and* a
power cut, as with \`synchronous=FULL\`, but the flush no longer stops the server's only thread. On PostgreSQL
(\`synchronous_commit=on\`, the default) COMMIT waits until the WAL is flushed; concurrent commits that wait at
the same time share one flush (PostgreSQL's implicit group commit). \`npm run chaos\` kills the server with
SIGKILL again and again and checks, each time before it restarts, that every event the server had acknowledged is
in the database.

**What it costs.** First the disk itself, without the server: one small transaction (BEGIN, one insert,
COMMIT), 500 times in a row, with the flush and without it:

${commitTable}

Then the server, at ${COMPARE_CONNECTIONS} connections (enough to keep it busy; few enough that a short slice is all steady
state): a durable server and a relaxed one, both up on the same data, take turns in ${SLICES} rounds of ${SLICE_S} s
slices (means shown), so that other work on the machine falls on both alike (relaxed =
\`SQLITE_SYNCHRONOUS=NORMAL\`, which the server reads for this comparison only: no fsync at all, or \`synchronous_commit=off\` in
the PostgreSQL connection options; both still survive a killed process, neither survives a power cut for the last
commits):

${durabilityTable}

One flush costs ${fmt(reports.find((r) => r.dialect === 'sqlite')?.commit.durableMs ?? NaN, 2)} ms measured alone on SQLite here; under load the
server shares each flush between every commit made while the previous one ran, off its main thread.

## Peak memory

${memoryTable}

## Where the time goes

CPU profiles of the server (\`node --cpu-prof\`) while it serves the 200-connection cells; self time by area,
over the load window only, then the top functions.

${profileSections || '_(profiles skipped)_'}

${analysis}

## Reproducing

\`\`\`sh
npm run bench                           # builds into $BUILD_OUT (default build/) if missing; about ${Math.max(8, Math.round((Date.now() - began) / 60000))} minutes
npm run bench -- --only sqlite          # or postgres, or bare; --duration 5; --no-profile
PG_ADMIN_URL=postgres://user@host/db npm run bench   # PostgreSQL elsewhere (a database is created and dropped)
\`\`\`
`;
fs.writeFileSync(args.out!, md);
log(`wrote ${args.out} in ${((Date.now() - began) / 60000).toFixed(1)} min`);
process.exit(problems.length ? 1 : 0);
