// Shared by `npm run bench` and `npm run chaos`: the built server in a child process with a
// raised open-file limit, a throw-away PostgreSQL database, a round and candidates written
// straight into the database (set-up only: everything measured goes through HTTP).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import pg from 'pg';
import type { Db } from '../src/lib/server/db';
import { demoBlueprint } from '../src/lib/server/demo/blueprint';
import { hashPassword } from '../src/lib/server/password';
import { endProcess, freePort as anyFreePort, waitForServer } from '../tests/e2e/support/processes';
import { issueToken } from '../src/lib/server/tokens';
import { startAttempt } from '../src/lib/server/attempts';
import type { PublicPaper } from '../src/lib/exam/paper';
import type { BenchAttempt } from './bench-load';
import { canonicalEvent, type UnchainedEvent } from '../src/lib/exam/events';

export const BUILD_OUT = process.env.BUILD_OUT ?? 'build';
export const PG_ADMIN = process.env.PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
/**
 * The node flags the product runs with: those of `npm start` (package.json), so that the bench
 * measures the server as it is started. Read from there, not repeated here.
 */
export const SERVER_NODE_FLAGS: string[] = (() => {
	const start = (
		JSON.parse(fs.readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
			scripts: { start: string };
		}
	).scripts.start;
	const m = /\bnode((?: --\S+)*) server\/index\.js/.exec(start);
	if (!m) throw new Error(`package.json's start script does not run node … server/index.js: ${start}`);
	return m[1].split(' ').filter(Boolean);
})();
/** Open files for the server and the load generator: 1,000 sockets each need one. */
export const NOFILE = 65536;

/** Builds the app into BUILD_OUT unless it is there already. */
export function ensureBuild(): void {
	if (fs.existsSync(path.join(BUILD_OUT, 'index.js'))) return;
	console.log(`building into ${BUILD_OUT}/ …`);
	const r = spawnSync('npx', ['vite', 'build'], { stdio: ['ignore', 'ignore', 'inherit'], env: process.env });
	if (r.status !== 0) throw new Error('vite build failed');
}

/**
 * A port for the next bench server: from BENCH_PORTS ("4310-4330", shared machines give each
 * session its own range), taken in turn, else any free port.
 */
let nextInRange = 0;
export async function freePort(): Promise<number> {
	const m = /^(\d+)-(\d+)$/.exec(process.env.BENCH_PORTS ?? '');
	if (!m) return anyFreePort();
	const [lo, hi] = [Number(m[1]), Number(m[2])];
	for (let i = 0; i <= hi - lo; i++) {
		const port = lo + ((nextInRange++ + i) % (hi - lo + 1));
		if (await portIsFree(port)) return port;
	}
	throw new Error(`no free port in BENCH_PORTS ${process.env.BENCH_PORTS}`);
}

function portIsFree(port: number): Promise<boolean> {
	return new Promise((resolve) => {
		const s = net.createServer();
		s.once('error', () => resolve(false));
		s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
	});
}

const children = new Set<ChildProcess>();
/** Children still running when this process ends (an error, Ctrl-C) are killed with it. */
export function killWithUs(child: ChildProcess): ChildProcess {
	children.add(child);
	child.once('exit', () => children.delete(child));
	return child;
}
process.once('exit', () => {
	for (const c of children) c.kill('SIGKILL');
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => process.exit(130));

/** Runs `node args…` under `ulimit -n NOFILE` (exec, so the pid is node's own). */
export function spawnNode(
	args: string[],
	opts: { env?: NodeJS.ProcessEnv; stdio?: 'pipe' | 'inherit' } = {}
): ChildProcess {
	const quoted = [process.execPath, ...args].map((a) => `'${a.replaceAll("'", "'\\''")}'`).join(' ');
	return killWithUs(
		spawn('bash', ['-c', `ulimit -n ${NOFILE} 2>/dev/null || ulimit -n $(ulimit -Hn); exec ${quoted}`], {
			env: opts.env ?? process.env,
			stdio: opts.stdio === 'inherit' ? ['ignore', 'inherit', 'inherit'] : ['ignore', 'pipe', 'pipe']
		})
	);
}

/** Runs a node child to its end and returns its stdout (stderr passes through). */
export async function runNode(args: string[], env: NodeJS.ProcessEnv = process.env): Promise<string> {
	const child = spawnNode(args, { env });
	let out = '';
	child.stdout!.on('data', (d) => (out += d));
	child.stderr!.on('data', (d) => process.stderr.write(d));
	const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
	if (code !== 0) throw new Error(`node ${args.join(' ')} exited with ${code}`);
	return out;
}

export interface ServerOptions {
	env?: Record<string, string>;
	/** Extra node flags, e.g. --cpu-prof. */
	nodeFlags?: string[];
	entry?: string;
	port?: number;
	quiet?: boolean;
}

/** The built server (or any node HTTP entry) on a free port. */
export class BenchServer {
	child: ChildProcess | null = null;
	port = 0;
	constructor(readonly opts: ServerOptions) {}

	get url(): string {
		return `http://127.0.0.1:${this.port}`;
	}
	get pid(): number {
		return this.child?.pid ?? 0;
	}

	async start(readyPath = '/api/time'): Promise<void> {
		this.port ||= this.opts.port ?? (await freePort());
		const args = this.opts.entry ? [this.opts.entry] : [...SERVER_NODE_FLAGS, 'server/index.js', BUILD_OUT];
		this.child = spawnNode([...(this.opts.nodeFlags ?? []), ...args], {
			env: {
				...process.env,
				PORT: String(this.port),
				HOST: '127.0.0.1',
				SEED_DEMO: 'true',
				// Thousands of simulated tablets and homes come from this one address; a real hall has an
				// address per tablet, or a proxy (server/connections.js).
				CONNECTIONS_PER_ADDRESS: '0',
				...this.opts.env
			}
		});
		this.child.stdout!.on('data', () => {});
		this.child.stderr!.on('data', (d) => {
			if (!this.opts.quiet) process.stderr.write(`[server ${this.port}] ${d}`);
		});
		await waitForServer(`${this.url}${readyPath}`, this.child, 600);
	}

	/** Peak resident memory of the process so far (VmHWM), in MiB. */
	peakRssMiB(): number {
		try {
			const status = fs.readFileSync(`/proc/${this.pid}/status`, 'utf8');
			const m = /VmHWM:\s+(\d+) kB/.exec(status);
			return m ? Number(m[1]) / 1024 : NaN;
		} catch {
			return NaN;
		}
	}

	async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
		await endProcess(this.child, signal, 15_000);
		this.child = null;
	}
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// ---------------------------------------------------------------- PostgreSQL

export async function pgAvailable(): Promise<boolean> {
	const c = new pg.Client({ connectionString: PG_ADMIN });
	try {
		await c.connect();
		await c.end();
		return true;
	} catch {
		return false;
	}
}

export async function pgAdmin(sqlText: string): Promise<void> {
	const c = new pg.Client({ connectionString: PG_ADMIN });
	await c.connect();
	try {
		await c.query(sqlText);
	} finally {
		await c.end();
	}
}

/** Creates a database of its own; returns its URL and how to drop it. */
export async function createPgDatabase(
	prefix: string
): Promise<{ url: string; name: string; drop(): Promise<void> }> {
	const name = `${prefix}_${randomUUID().slice(0, 8)}`;
	await pgAdmin(`CREATE DATABASE ${name}`);
	const url = new URL(PG_ADMIN);
	url.pathname = `/${name}`;
	return { url: url.toString(), name, drop: () => pgAdmin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

// ---------------------------------------------------------------- set-up rows

/** A graded round open now for `hours`, drawing 30 secret questions (as tests/e2e's createRound). */
export async function createGradedRound(
	db: Db,
	opts: { durationS: number; hours?: number; name?: string }
): Promise<string> {
	const id = `r-${randomUUID().slice(0, 8)}`;
	const topics = (await db.selectFrom('topic').select('id').orderBy('id').execute()).map((t) => t.id);
	const now = Date.now();
	await db
		.insertInto('round')
		.values({
			id,
			contest_id: 'demo',
			kind: 'qualifying',
			name: opts.name ?? `Vòng tải ${id}`,
			opens_at: now - 1000,
			closes_at: now + (opts.hours ?? 6) * 3600_000,
			question_count: 30,
			duration_s: opts.durationS,
			grace_s: 120,
			min_age: 12,
			max_attempts: null,
			max_attempts_per_week: null,
			review_after: 0,
			settings: JSON.stringify({ blueprint: demoBlueprint(topics), poolIds: ['secret'], tiebreak: null }),
			finalised_at: null
		})
		.execute();
	return id;
}

/**
 * `count` candidates with a running attempt each in a fresh graded round, as the server's own
 * `startAttempt` starts them; `secret` is the server's APP_SECRET (the tokens are signed with it).
 */
export async function benchAttempts(
	db: Db,
	count: number,
	tag: string,
	secret: string
): Promise<BenchAttempt[]> {
	const roundId = await createGradedRound(db, { durationS: 6 * 3600, hours: 12 });
	const out: BenchAttempt[] = [];
	for (const userId of await insertCandidates(db, count, tag)) {
		const started = await startAttempt(db, Buffer.from(secret), { userId, roundId });
		if (!started.ok) throw new Error(`startAttempt: ${started.code}`);
		const paper = started.paper as PublicPaper;
		out.push({
			id: started.attemptId,
			userId,
			secret,
			questions: paper.questions.map((q) => ({ id: q.id, options: q.options.map((o) => o.id) }))
		});
	}
	return out;
}

/** `count` adult candidates sharing one password hash (registration's scrypt is not what is measured). */
export async function insertCandidates(db: Db, count: number, tag: string): Promise<string[]> {
	const hash = await hashPassword('MatKhau2026');
	const ids: string[] = [];
	const now = Date.now();
	for (let start = 0; start < count; start += 200) {
		const users = [];
		const profiles = [];
		for (let i = start; i < Math.min(count, start + 200); i++) {
			const id = randomUUID();
			ids.push(id);
			users.push({
				id,
				role: 'candidate' as const,
				full_name: `Thí Sinh Tải ${tag} ${i}`,
				national_id: `0821${String(90 + (i % 10)).padStart(2, '0')}${tag.slice(0, 1).charCodeAt(0) % 10}${String(i).padStart(5, '0')}`,
				phone: `038${tag.slice(0, 1).charCodeAt(0) % 10}${String(i).padStart(6, '0')}`,
				email: null,
				password_hash: hash,
				created_at: now,
				disabled: 0
			});
			profiles.push({
				user_id: id,
				birth_date: '1990-01-01',
				gender: 'female' as const,
				address: 'Mỹ Tho, Tiền Giang',
				unit_id: 'my-tho',
				guardian_name: null,
				guardian_phone: null,
				guardian_consent: 0,
				publish_name: 1
			});
		}
		await db.insertInto('app_user').values(users).execute();
		await db.insertInto('candidate_profile').values(profiles).execute();
	}
	return ids;
}

// ---------------------------------------------------------------- numbers

export function percentile(sorted: number[], p: number): number {
	if (sorted.length === 0) return NaN;
	const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
	return sorted[i];
}

export function table(headers: string[], rows: (string | number)[][], align: ('l' | 'r')[] = []): string {
	const cells = rows.map((r) => r.map(String));
	const widths = headers.map((h, i) => Math.max(h.length, ...cells.map((r) => (r[i] ?? '').length)));
	const line = (r: string[]) =>
		'| ' +
		r
			.map((c, i) =>
				(align[i] ?? (i === 0 ? 'l' : 'r')) === 'l' ? c.padEnd(widths[i]) : c.padStart(widths[i])
			)
			.join(' | ') +
		' |';
	const sep =
		'|' +
		widths
			.map((w, i) =>
				(align[i] ?? (i === 0 ? 'l' : 'r')) === 'l' ? `:${'-'.repeat(w + 1)}` : `${'-'.repeat(w + 1)}:`
			)
			.join('|') +
		'|';
	return [line(headers), sep, ...cells.map(line)].join('\n');
}

/** A token speaks for one device (as the start endpoint issues it): one per simulated tablet. */
export function benchToken(a: BenchAttempt, deviceId: string): string {
	return issueToken(Buffer.from(a.secret), { kind: 'attempt', attemptId: a.id, userId: a.userId, deviceId });
}

/** A bench device's `seq`-th answer to its paper, chained on `prev` as a tablet chains it. */
export function benchAnswer(
	questions: BenchAttempt['questions'],
	seq: number,
	prev: string
): UnchainedEvent & { hash: string } {
	const q = questions[(seq - 1) % questions.length];
	const e: UnchainedEvent = {
		seq,
		questionId: q.id,
		choice: q.options[(seq * 7) % q.options.length],
		at: Date.now(),
		elapsedMs: seq * 1000
	};
	const hash = createHash('sha256')
		.update(`${prev}\n${canonicalEvent(e)}`)
		.digest('hex');
	return { ...e, hash };
}
