// Summarises a V8 CPU profile (node --cpu-prof) of the server: self time by area and the
// top functions, over a time window (the load, not start-up).
//   npx tsx scripts/bench-profile.ts file.cpuprofile     (prints the summary)

interface CallFrame {
	functionName: string;
	url: string;
	lineNumber: number;
}
interface ProfileNode {
	id: number;
	callFrame: CallFrame;
}
export interface CpuProfile {
	nodes: ProfileNode[];
	startTime: number;
	endTime: number;
	samples: number[];
	timeDeltas: number[];
}

export interface ProfileSummary {
	/** Share of the window the main thread was not idle. */
	busyPct: number;
	/** Self time by area, as a share of busy time. */
	categories: { name: string; pct: number }[];
	/** Top functions by self time, as a share of busy time. */
	top: { name: string; where: string; pct: number }[];
	windowed: boolean;
	rps?: number;
}

const SQLITE_NATIVE = new Set(['run', 'all', 'get', 'iterate', 'exec', 'prepare', 'pragma', 'raw']);

export function categoryOf(f: CallFrame): string {
	const { url, functionName: fn } = f;
	if (fn === '(idle)') return 'idle';
	if (fn === '(garbage collector)') return 'garbage collection';
	if (fn === '(program)') return 'V8 itself (compiling, ICs, runtime)';
	// better-sqlite3 runs statements synchronously in C++: their time shows as the self time of the
	// JavaScript frame that called them, our driver's runStatement and #control (BEGIN, SAVEPOINT,
	// COMMIT …; src/lib/server/db/sqlite-driver.ts, bundled into the app's chunks).
	if (
		url.includes('better-sqlite3') ||
		(url === '' && SQLITE_NATIVE.has(fn)) ||
		((fn === 'runStatement' || fn === '#control') &&
			(url.includes('/server/chunks/') || url.includes('sqlite-driver')))
	)
		return 'SQLite statements (compile, run, fsync at COMMIT)';
	if (
		url === '' &&
		/^(writev|writeBuffer|writeUtf8String|writeLatin1String|writeAsciiString|shutdown)$/.test(fn)
	)
		return 'socket writes (HTTP answers, PostgreSQL queries)';
	if (/node_modules\/(pg|pg-protocol|pg-pool|pg-types|pgpass|postgres-)/.test(url))
		return 'PostgreSQL client (pg)';
	if (url.includes('node_modules/kysely')) return 'Kysely (query building, driver)';
	if (url.includes('node_modules/zod')) return 'zod (body validation)';
	if (
		url.includes('internal/crypto') ||
		/^(digest|createHash|update|hash|timingSafeEqual|createHmac)$/.test(fn)
	)
		return 'hashing and HMAC (node:crypto, WebCrypto)';
	if (url === '' && /^(parse|stringify)$/.test(fn)) return 'JSON parse/stringify';
	if (
		/node:(_http|internal\/http|http|net|internal\/stream|stream|internal\/webstreams|internal\/deps\/undici|internal\/abort|internal\/event_target|internal\/streams)/.test(
			url
		) ||
		url.includes('undici')
	)
		return 'HTTP, sockets, web streams (node:http, undici Request/Response)';
	if (
		/\/server\/chunks\/(handler-|index\.js-|manifest|chunks\/(internal|shared|utils|env|exports|rolldown-runtime|index-server))/.test(
			url
		) ||
		/\/(handler|shims|env)\.js$/.test(url)
	)
		return 'SvelteKit + adapter-node (routing, hooks plumbing)';
	if (url.includes('/server/chunks/')) return 'app code (hooks, endpoint, ingest, access, tokens)';
	if (
		url === 'node:internal/async_hooks' ||
		url === 'node:async_hooks' ||
		url.includes('async_local_storage')
	)
		return 'async context tracking (AsyncLocalStorage hooks on every promise)';
	if (url.startsWith('node:')) return 'other Node internals (timers, promises, buffers)';
	if (url === '') return 'other native / builtins';
	return 'other';
}

function where(f: CallFrame): string {
	if (!f.url) return 'native';
	const short = f.url
		.replace(/^file:\/\//, '')
		.replace(/.*\/node_modules\//, '')
		.replace(/.*\/server\/chunks\//, 'build:')
		.replace(/-[\w-]{8}\.js$/, '.js');
	return `${short}:${f.lineNumber + 1}`;
}

export function summariseProfile(
	profile: CpuProfile,
	window?: { fromUs: number; toUs: number }
): ProfileSummary {
	const byId = new Map(profile.nodes.map((n) => [n.id, n]));
	const self = new Map<number, number>();
	let t = profile.startTime;
	const take = (useWindow: boolean) => {
		self.clear();
		t = profile.startTime;
		let n = 0;
		for (let i = 0; i < profile.samples.length; i++) {
			t += profile.timeDeltas[i] ?? 0;
			if (useWindow && window && (t < window.fromUs || t > window.toUs)) continue;
			const dt = profile.timeDeltas[i + 1] ?? 0;
			self.set(profile.samples[i], (self.get(profile.samples[i]) ?? 0) + dt);
			n++;
		}
		return n;
	};
	const inWindow = take(true);
	const windowed = window !== undefined && inWindow > 100;
	if (!windowed) take(false);

	let total = 0;
	let idle = 0;
	const categories = new Map<string, number>();
	const functions = new Map<string, { name: string; where: string; us: number }>();
	for (const [id, us] of self) {
		const node = byId.get(id)!;
		const cat = categoryOf(node.callFrame);
		total += us;
		if (cat === 'idle') {
			idle += us;
			continue;
		}
		categories.set(cat, (categories.get(cat) ?? 0) + us);
		const key = `${node.callFrame.functionName}|${node.callFrame.url}|${node.callFrame.lineNumber}`;
		const f = functions.get(key) ?? {
			name: node.callFrame.functionName || '(anonymous)',
			where: where(node.callFrame),
			us: 0
		};
		f.us += us;
		functions.set(key, f);
	}
	const busy = total - idle;
	const pct = (us: number) => (busy > 0 ? (100 * us) / busy : 0);
	return {
		busyPct: total > 0 ? (100 * busy) / total : 0,
		categories: [...categories].sort((a, b) => b[1] - a[1]).map(([name, us]) => ({ name, pct: pct(us) })),
		top: [...functions.values()]
			.sort((a, b) => b.us - a.us)
			.slice(0, 15)
			.map((f) => ({ name: f.name, where: f.where, pct: pct(f.us) })),
		windowed
	};
}

if (process.argv[1]?.endsWith('bench-profile.ts') && process.argv[2]) {
	const fs = await import('node:fs');
	const s = summariseProfile(JSON.parse(fs.readFileSync(process.argv[2], 'utf8')) as CpuProfile);
	console.log(`busy ${s.busyPct.toFixed(0)} %`);
	for (const c of s.categories) console.log(`${c.pct.toFixed(1).padStart(5)} %  ${c.name}`);
	console.log('');
	for (const f of s.top) console.log(`${f.pct.toFixed(1).padStart(5)} %  ${f.name}  ${f.where}`);
}
