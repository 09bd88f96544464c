// Before and after, under the same load: on a machine other sessions share, figures taken
// minutes apart are not comparable. This runs the build from before a change ("before": a
// build directory and the server/index.js of that checkout), the current build ("after") and
// the bare node:http baseline side by side, all up at once on one SQLite database, and has
// them take turns in short slices (the order rotating each round), so that whatever else runs
// on the machine falls on all three alike. Means over the rounds.
//   npx tsx scripts/bench-ab.ts --before-build DIR --before-entry FILE [--rounds 3 --slice 4
//     --before-flags=… --after-flags=…]  (flags for node, space-separated, after `=`)
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { openDb } from '../src/lib/server/db';
import { startAttempt } from '../src/lib/server/attempts';
import type { PublicPaper } from '../src/lib/exam/paper';
import {
	BenchServer,
	BUILD_OUT,
	createGradedRound,
	ensureBuild,
	insertCandidates,
	runNode,
	SERVER_NODE_FLAGS,
	table
} from './bench-common';
import type { BenchAttempt, LoadOptions, LoadResult } from './bench-load';

const { values: args } = parseArgs({
	options: {
		'before-build': { type: 'string' },
		'before-entry': { type: 'string' },
		rounds: { type: 'string', default: '3' },
		slice: { type: 'string', default: '4' },
		connections: { type: 'string', default: '50,200' },
		// Node flags, space-separated: "before" runs with these in place of npm start's (SERVER_NODE_FLAGS;
		// `--before-flags=` for none), "after" with these besides them (a setting tried before it is adopted).
		'before-flags': { type: 'string' },
		'after-flags': { type: 'string' },
		out: { type: 'string', default: 'bench/tmp/ab.md' }
	}
});
if (!args['before-build'] || !args['before-entry']) throw new Error('--before-build and --before-entry');
const ROUNDS = Number(args.rounds);
const SLICE_S = Number(args.slice);
const CONNECTIONS = args.connections!.split(',').map(Number);
const WORK = path.resolve('bench/tmp');
const SECRET = randomBytes(24).toString('base64url');
const log = (s: string) => console.log(`[ab] ${s}`);
const flags = (s: string | undefined) => (s ? s.split(' ').filter(Boolean) : []);

ensureBuild();
const dataDir = path.join(WORK, `ab-${process.pid}`);
fs.rmSync(dataDir, { recursive: true, force: true });
const env = { APP_SECRET: SECRET, DATA_DIR: dataDir };

const variants = [
	{
		key: 'before',
		server: new BenchServer({
			env: { ...env, BUILD_OUT: path.resolve(args['before-build']) },
			entry: path.resolve(args['before-entry']),
			nodeFlags: args['before-flags'] === undefined ? SERVER_NODE_FLAGS : flags(args['before-flags'])
		})
	},
	{
		key: 'after',
		server: new BenchServer({ env: { ...env, BUILD_OUT }, nodeFlags: flags(args['after-flags']) })
	},
	{ key: 'bare', server: new BenchServer({ entry: 'scripts/bench-bare.ts', nodeFlags: ['--import', 'tsx'] }) }
];
// The older build first: it refuses a database migrated past what it knows.
await variants[0].server.start();
await variants[1].server.start();
await variants[2].server.start('/');

const attemptsFile = path.join(WORK, `ab-attempts-${process.pid}.json`);
{
	const h = await openDb({ dataDir });
	const roundId = await createGradedRound(h.db, { durationS: 6 * 3600, hours: 12 });
	const users = await insertCandidates(h.db, 1000, 'ab');
	const out: BenchAttempt[] = [];
	for (const userId of users) {
		const started = await startAttempt(h.db, Buffer.from(SECRET), { userId, roundId });
		if (!started.ok) throw new Error(started.code);
		const paper = started.paper as PublicPaper;
		out.push({
			id: started.attemptId,
			userId,
			secret: SECRET,
			questions: paper.questions.map((q) => ({ id: q.id, options: q.options.map((o) => o.id) }))
		});
	}
	fs.writeFileSync(attemptsFile, JSON.stringify(out));
	await h.close();
}

async function slice(
	url: string,
	connections: number,
	batch: number,
	prefix: string,
	mode: 'fresh' | 'replay'
) {
	const o: LoadOptions = {
		url,
		attemptsFile,
		connections,
		batch,
		durationS: SLICE_S,
		devicePrefix: prefix,
		perConnection: Math.ceil(((batch === 1 ? 3000 : 800) * SLICE_S * 1.3) / connections) + 2,
		mode
	};
	const load = os.loadavg()[0];
	const text = await runNode([
		'--max-old-space-size=4096',
		'--import',
		'tsx',
		'scripts/bench-load.ts',
		JSON.stringify(o)
	]);
	// Requests the load generator left behind are served before the next slice starts.
	await new Promise((r) => setTimeout(r, 1000));
	return { ...(JSON.parse(text.trim().split('\n').at(-1)!) as LoadResult), load };
}

// Warm-up: each server's first requests compile statements and JIT.
for (const v of variants)
	await slice(v.server.url, 50, 1, `ab-warm-${v.key}`, v.key === 'bare' ? 'replay' : 'fresh');

type Slice = LoadResult & { load: number };
const rows: (string | number)[][] = [];
for (const batch of [1, 30]) {
	for (const connections of CONNECTIONS) {
		const got = new Map<string, Slice[]>(variants.map((v) => [v.key, []]));
		for (let round = 0; round < ROUNDS; round++) {
			for (let k = 0; k < variants.length; k++) {
				const v = variants[(k + round) % variants.length];
				const r = await slice(
					v.server.url,
					connections,
					batch,
					`ab-${v.key}-b${batch}-c${connections}-r${round}`,
					v.key === 'bare' ? 'replay' : 'fresh'
				);
				got.get(v.key)!.push(r);
				log(
					`${v.key.padEnd(6)} batch ${batch} ${connections} conns: ${r.rps.toFixed(0)} req/s p50 ${r.p50} p99 ${r.p99} (non-2xx ${r.non2xx}, errors ${r.errors}) load ${r.load.toFixed(1)}`
				);
			}
		}
		const mean = (key: string, f: (s: Slice) => number) => {
			const list = got.get(key)!;
			return list.reduce((a, s) => a + f(s), 0) / list.length;
		};
		const bare = mean('bare', (s) => s.rps);
		rows.push([
			batch,
			connections,
			mean('before', (s) => s.rps).toFixed(0),
			`${((100 * mean('before', (s) => s.rps)) / bare).toFixed(1)} %`,
			mean('before', (s) => s.p99).toFixed(0),
			mean('after', (s) => s.rps).toFixed(0),
			`${((100 * mean('after', (s) => s.rps)) / bare).toFixed(1)} %`,
			mean('after', (s) => s.p99).toFixed(0),
			bare.toFixed(0),
			(mean('after', (s) => s.rps) / mean('before', (s) => s.rps)).toFixed(2),
			variants.reduce((a, v) => a + got.get(v.key)!.reduce((b, s) => b + s.non2xx + s.errors, 0), 0),
			mean('after', (s) => s.load).toFixed(1)
		]);
	}
}
const peak = variants.map((v) => `${v.key} ${v.server.peakRssMiB().toFixed(0)} MiB`).join(', ');
for (const v of variants) await v.server.stop();
const md = table(
	[
		'events/batch',
		'connections',
		'before req/s',
		'before / bare',
		'before p99 ms',
		'after req/s',
		'after / bare',
		'after p99 ms',
		'bare req/s',
		'after / before',
		'failed',
		'load avg'
	],
	rows
);
fs.writeFileSync(args.out!, `${md}\n\nPeak RSS: ${peak}. ${ROUNDS} rounds of ${SLICE_S} s slices.\n`);
console.log(md);
console.log(`peak RSS: ${peak}`);
process.exit(0);
