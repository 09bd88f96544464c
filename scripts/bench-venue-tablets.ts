// A slice of the venue hall's tablets (scripts/bench-venue.ts runs several of these), each as
// the product's tablet behaves (src/lib/client/venue/tablet.svelte.ts, heartbeat.ts, push.ts):
// - a heartbeat every second (one at a time) with the client's body: readiness (its clock
//   offset measured from the last answer, as the client does), the finalist signed in, its
//   start (until a heartbeat delivered it), what is unsent and the last seq of its chain;
// - its room's push stream, GET /api/venue/stream with its device token, read as the client's
//   fetch reader does; a note carrying the proctor's short code (pause, resume, extend, lock)
//   is checked with the room's code key (fetched once after the start, as the client does) and
//   shown at once, as the client applies it (client/venue/codes.ts `applyShortCode`); any other
//   note makes it heartbeat at once (after one in flight);
// - 30 answers over the session, each synced at once through POST /api/attempts/{id}/events
//   with its device token (one batch in flight; answers made meanwhile ride on the next);
//   no answer while its heartbeat says the room is paused;
// - when a heartbeat says its attempt is locked: it flushes what it holds and submits.
// Protocol: prints {"ready":true} once every stream is open and every tablet has heartbeated
// once; waits for "go <epoch ms>" on stdin; at the end writes its TabletsResult to `resultFile`
// and prints {"done":true} (a large line on a pipe would be cut short by the exit).
//   node --import tsx scripts/bench-venue-tablets.ts '<json TabletsOptions>'
import fs from 'node:fs';
import http from 'node:http';
import readline from 'node:readline';
import type { UnchainedEvent } from '../src/lib/exam/events';
import { checkShortCode, extensionAfterCode, rawKeyFromB64 } from '../src/lib/exam/venue-crypto';
import type { VenueHall, VenueTablet } from './bench-venue-setup';
import { benchAnswer } from './bench-common';
import { allowedWithCodes, venuePause } from '../src/lib/exam/timer';

export interface TabletsOptions {
	url: string;
	hallFile: string;
	from: number;
	to: number;
	/** Seconds of answering (30 answers each); the coordinator locks the room after it. */
	sessionS: number;
	/** Give up this long after the lock if some tablet has not submitted. */
	lockTimeoutS: number;
	/** Where the TabletsResult goes. */
	resultFile: string;
}

/** A change of what a tablet shows (a heartbeat's answer, a code heard): room status and its own attempt. */
export type Seen = [epochMs: number, roomStatus: string, attemptStatus: string, allowedMs: number];

export interface TabletsResult {
	tablets: number;
	/** [sent (epoch ms), latency ms] of every heartbeat. */
	heartbeats: [number, number][];
	/** [sent (epoch ms), latency ms] of every events batch (those after the lock was seen flagged 1). */
	syncs: [number, number, number][];
	/** Per tablet: [heard (epoch ms), kind] of every `change` note with a kind. */
	notes: [number, string][][];
	/** Per tablet: every change of what it showed (its heartbeats' answers and the codes its stream brought). */
	seen: Seen[][];
	/** Per tablet: when its submit was acknowledged (epoch ms), or null. */
	submitted: (number | null)[];
	non200: Record<string, number>;
	errors: Record<string, number>;
	streamsOpen: number;
	streamsLost: number;
	events: number;
	clientCpuMs: number;
	/** [epoch ms, ms late] of a 20 ms timer during the session: this process's own event-loop lag. */
	lag: [number, number][];
}

const o = JSON.parse(process.argv[2]) as TabletsOptions;
const hall = JSON.parse(fs.readFileSync(o.hallFile, 'utf8')) as VenueHall;
const url = new URL(o.url);
const epoch = () => performance.timeOrigin + performance.now();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, ms)));

const non200: Record<string, number> = {};
const errors: Record<string, number> = {};
const heartbeats: [number, number][] = [];
const syncs: [number, number, number][] = [];
let streamsOpen = 0;
let streamsLost = 0;
let events = 0;

/** POST with JSON over the tablet's own keep-alive connections (a browser holds up to 6). */
function post(
	agent: http.Agent,
	path: string,
	token: string,
	body: unknown
): Promise<{ status: number; json?: unknown }> {
	const data = JSON.stringify(body);
	return new Promise((resolve) => {
		const req = http.request(
			{
				host: url.hostname,
				port: url.port,
				path,
				method: 'POST',
				agent,
				headers: {
					'content-type': 'application/json',
					'content-length': Buffer.byteLength(data),
					authorization: `Bearer ${token}`
				},
				timeout: 120_000
			},
			(res) => {
				const chunks: Buffer[] = [];
				res.on('data', (c: Buffer) => chunks.push(c));
				res.on('end', () => {
					const status = res.statusCode ?? 0;
					if (status !== 200) {
						const key = `${path.replace(/[^/]+\/(events|submit)$/, '…/$1')} ${status}`;
						non200[key] = (non200[key] ?? 0) + 1;
						return resolve({ status });
					}
					resolve({ status, json: JSON.parse(Buffer.concat(chunks).toString('utf8')) });
				});
			}
		);
		req.on('timeout', () => req.destroy(new Error('timeout')));
		req.on('error', (e: NodeJS.ErrnoException) => {
			const code = e.code ?? e.message;
			errors[code] = (errors[code] ?? 0) + 1;
			resolve({ status: 0 });
		});
		req.end(data);
	});
}

interface View {
	now: number;
	room: { status: string };
	finalists: { attemptId: string | null; state: { status: string; allowedMs: number } | null }[];
}

class Tablet {
	readonly agent = new http.Agent({ keepAlive: true, maxSockets: 6 });
	seq = 0;
	prev: string;
	unsent: Array<UnchainedEvent & { hash: string }> = [];
	offsetMs: number | null = null;
	startDelivered = false;
	beating: Promise<void> | null = null;
	syncing: Promise<void> | null = null;
	paused = false;
	locked = false;
	submittedAt: number | null = null;
	notes: [number, string][] = [];
	seen: Seen[] = [];
	/** The room's code key (after the start) and the seat's extension as the codes heard say. */
	codeKey: CryptoKey | null = null;
	codeExtensionMs = 0;
	/** When the last code was shown: a heartbeat sent before it is older news (timer.ts `venuePause`); 0: none. */
	codeAt = 0;
	durationMs: number | null = null;
	stream: http.ClientRequest | null = null;
	stopped = false;

	constructor(readonly t: VenueTablet) {
		this.prev = t.attemptId;
	}

	/** The stream, read as src/lib/client/push.ts's fetch reader; reconnects after 3 s. */
	openStream(): Promise<void> {
		return new Promise((resolve) => {
			const req = http.get(
				{
					host: url.hostname,
					port: url.port,
					path: '/api/venue/stream',
					headers: { authorization: `Bearer ${this.t.token}`, accept: 'text/event-stream' },
					agent: false
				},
				(res) => {
					if (res.statusCode !== 200) {
						errors[`stream ${res.statusCode}`] = (errors[`stream ${res.statusCode}`] ?? 0) + 1;
						res.resume();
						resolve();
						return;
					}
					streamsOpen++;
					resolve();
					let buffer = '';
					res.setEncoding('utf8');
					res.on('data', (d: string) => {
						buffer += d;
						let end: number;
						while ((end = buffer.indexOf('\n\n')) !== -1) {
							const frame = buffer.slice(0, end);
							buffer = buffer.slice(end + 2);
							if (!/^event: change$/m.test(frame)) continue;
							const m = /^data: (.*)$/m.exec(frame);
							const note = m ? (JSON.parse(m[1]) as { kind?: string; code?: string }) : {};
							if (note.kind) this.notes.push([epoch(), note.kind]);
							void this.heard(note.code);
						}
					});
					const lost = () => {
						if (this.stopped) return;
						streamsLost++;
						streamsOpen--;
						setTimeout(() => void this.openStream(), 3000);
					};
					res.on('error', () => {});
					res.once('close', lost);
				}
			);
			req.on('error', (e: NodeJS.ErrnoException) => {
				errors[`stream ${e.code}`] = (errors[`stream ${e.code}`] ?? 0) + 1;
				resolve();
			});
			this.stream = req;
		});
	}

	/** The room's code key, as the client fetches it once the room has started (package.ts `fetchKeys`). */
	async fetchKey(): Promise<void> {
		const r = await new Promise<{ codeKey?: string } | null>((resolve) => {
			http
				.get(
					{
						host: url.hostname,
						port: url.port,
						path: '/api/venue/key',
						agent: this.agent,
						headers: { authorization: `Bearer ${this.t.token}` }
					},
					(res) => {
						const chunks: Buffer[] = [];
						res.on('data', (c: Buffer) => chunks.push(c));
						res.on('end', () =>
							resolve(res.statusCode === 200 ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : null)
						);
					}
				)
				.on('error', () => resolve(null));
		});
		if (!r?.codeKey) {
			errors['key not fetched'] = (errors['key not fetched'] ?? 0) + 1;
			return;
		}
		this.codeKey = await crypto.subtle.importKey(
			'raw',
			rawKeyFromB64(r.codeKey),
			{ name: 'HMAC', hash: 'SHA-256' },
			false,
			['sign', 'verify']
		);
	}

	/** A note: its code shown at once when it checks, as the client does; else a heartbeat at once. */
	async heard(code: string | undefined): Promise<void> {
		const c =
			code && this.codeKey ? await checkShortCode(this.codeKey, hall.roomId, this.t.seatId, code) : null;
		if (!c || this.durationMs === null) return this.beat(true);
		const [, room, mine, allowed] = this.seen.at(-1) ?? [0, '', '', 0];
		this.codeExtensionMs = extensionAfterCode(this.codeExtensionMs, c);
		const roomWide = c.seat === '*';
		let shown: Seen;
		if (c.action === 'P' || c.action === 'R') {
			const status = c.action === 'P' ? 'paused' : 'running';
			shown = [epoch(), roomWide ? status : room, status, allowed];
			this.paused = c.action === 'P';
		} else if (c.action === 'L') shown = [epoch(), 'locked', 'locked', allowed];
		else shown = [epoch(), room, mine, allowedWithCodes(allowed, this.durationMs, this.codeExtensionMs)];
		this.seen.push(shown);
		this.codeAt = shown[0];
		if (c.action === 'L' && !this.locked) {
			this.locked = true;
			void this.submit();
		}
	}

	/** One heartbeat at a time; `fresh` waits for one in flight and sends another. */
	async beat(fresh = false): Promise<void> {
		const inFlight = this.beating;
		if (inFlight) {
			if (!fresh) return;
			await inFlight;
			const next = this.beating as Promise<void> | null;
			if (next) return next;
		}
		this.beating = this.beatOnce().finally(() => (this.beating = null));
		return this.beating;
	}

	async beatOnce(): Promise<void> {
		const sentAt = epoch();
		const started = this.startDelivered
			? []
			: [{ attemptId: this.t.attemptId, at: hall.startedAt, viaCode: false }];
		const r = await post(this.agent, '/api/venue/heartbeat', this.t.token, {
			readiness: {
				appCached: true,
				papersCached: 1,
				clockOffsetMs: this.offsetMs,
				persisted: true,
				freeBytes: 8_000_000_000 - this.seq * 512
			},
			signedIn: { finalistId: this.t.finalistId, at: hall.startedAt - 60_000 },
			started,
			incidents: [],
			unsent: this.unsent.length,
			lastSeqs: { [this.t.attemptId]: this.seq },
			heads: { [this.t.attemptId]: this.prev }
		});
		const answeredAt = epoch();
		if (running) heartbeats.push([sentAt, answeredAt - sentAt]);
		if (r.status !== 200) return;
		const view = r.json as View;
		if (started.length) this.startDelivered = true;
		this.offsetMs = Math.round(view.now - (sentAt + (answeredAt - sentAt) / 2));
		const mine = view.finalists.find((f) => f.attemptId === this.t.attemptId)?.state;
		// Before any extension (the bench extends one seat, mid-session).
		if (mine && this.durationMs === null) this.durationMs = mine.allowedMs;
		// As the client (timer.ts): a code shown after this heartbeat was sent is newer news; of the
		// extensions, the server's and the codes', the larger holds.
		const news = venuePause({
			serverPaused: view.room.status === 'paused' || mine?.status === 'paused',
			serverStateSentAt: sentAt,
			codePause: this.codeAt ? { paused: this.paused, at: this.codeAt } : undefined
		});
		if (news.by === 'server') {
			const allowed = allowedWithCodes(mine?.allowedMs ?? 0, this.durationMs ?? 0, this.codeExtensionMs);
			const shown: Seen = [answeredAt, view.room.status, mine?.status ?? '', allowed];
			const last = this.seen.at(-1);
			if (!last || last[1] !== shown[1] || last[2] !== shown[2] || last[3] !== shown[3])
				this.seen.push(shown);
			this.paused = news.paused;
		}
		if (!this.locked && (view.room.status === 'locked' || mine?.status === 'locked')) {
			this.locked = true;
			void this.submit();
		} else if (this.unsent.length) void this.flush();
	}

	answer(): void {
		this.seq += 1;
		const e = benchAnswer(this.t.questions, this.seq, this.prev);
		this.prev = e.hash;
		this.unsent.push(e);
		void this.flush();
	}

	/** Sends what is unsent, one batch in flight; answers made meanwhile go in the next. */
	flush(): Promise<void> {
		this.syncing ??= (async () => {
			try {
				for (let tries = 0; this.unsent.length && tries < 5; tries++) {
					const batch = this.unsent.slice(0, 200);
					const sentAt = epoch();
					const r = await post(this.agent, `/api/attempts/${this.t.attemptId}/events`, this.t.token, {
						deviceId: this.t.deviceId,
						events: batch
					});
					syncs.push([sentAt, epoch() - sentAt, this.locked ? 1 : 0]);
					if (r.status !== 200) continue;
					const acked = (r.json as { acked: number }).acked;
					const before = this.unsent.length;
					this.unsent = this.unsent.filter((e) => e.seq > acked);
					events += before - this.unsent.length;
				}
			} finally {
				this.syncing = null;
			}
		})();
		return this.syncing;
	}

	async submit(): Promise<void> {
		for (let tries = 0; tries < 5 && this.submittedAt === null; tries++) {
			await this.syncing;
			await this.flush();
			const r = await post(this.agent, `/api/attempts/${this.t.attemptId}/submit`, this.t.token, {
				deviceId: this.t.deviceId,
				lastSeq: this.seq,
				reason: 'lock'
			});
			if (r.status === 200) this.submittedAt = epoch();
			else await sleep(500);
		}
	}

	stop(): void {
		this.stopped = true;
		this.stream?.destroy();
		this.agent.destroy();
	}
}

const tablets = hall.tablets.slice(o.from, o.to).map((t) => new Tablet(t));
let running = false;
for (let i = 0; i < tablets.length; i += 50) {
	const slice = tablets.slice(i, i + 50);
	await Promise.all(slice.map((t) => t.openStream()));
	await Promise.all(slice.map((t) => t.beat()));
	await Promise.all(slice.map((t) => t.fetchKey()));
}
console.log(JSON.stringify({ ready: true, streamsOpen }));

// "go <epoch ms>" starts the session; "lock <epoch ms>" says when the proctor locked the
// room: the tablets give up lockTimeoutS after it (10 minutes after the session at most).
let lockPostedAt = Infinity;
const t0 = await new Promise<number>((resolve) => {
	const rl = readline.createInterface({ input: process.stdin });
	rl.on('line', (line) => {
		const m = /^(go|lock) (\d+(\.\d+)?)$/.exec(line.trim());
		if (m?.[1] === 'go') resolve(Number(m[2]));
		else if (m) lockPostedAt = Number(m[2]);
	});
});
const cpu0 = process.cpuUsage();
running = true;
// This process's own lag (a timer due every 20 ms): a tablet's latency includes it.
const lag: [number, number][] = [];
let due = epoch() + 20;
const lagTimer = setInterval(() => {
	const now = epoch();
	lag.push([due, Math.max(0, now - due)]);
	due = now + 20;
}, 20);
const sessionMs = o.sessionS * 1000;
const answerEveryMs = sessionMs / 30;
const endBy = () => Math.min(t0 + sessionMs + 600_000, lockPostedAt + o.lockTimeoutS * 1000);

await Promise.all(
	tablets.map(async (tab) => {
		// Tablets were switched on at different moments: a random phase within one second.
		const beatPhase = Math.random() * 1000;
		const answerPhase = Math.random() * answerEveryMs;
		let nextBeat = t0 + beatPhase;
		let nextAnswer = t0 + answerPhase;
		while (epoch() < endBy() && tab.submittedAt === null) {
			await sleep(Math.min(nextBeat, nextAnswer, endBy()) - epoch());
			const now = epoch();
			if (now >= nextAnswer) {
				if (tab.locked || tab.seq >= 30) nextAnswer = Infinity;
				else if (tab.paused) nextAnswer = now + 250;
				else {
					tab.answer();
					nextAnswer += answerEveryMs;
				}
			}
			if (now >= nextBeat) {
				void tab.beat();
				nextBeat += 1000;
				if (nextBeat < now) nextBeat = now + 1000;
			}
		}
	})
);
// A last heartbeat each (what a tablet reports after its submit), then the streams close.
await Promise.all(tablets.map((t) => t.beat(true)));
running = false;
clearInterval(lagTimer);
const cpu = process.cpuUsage(cpu0);
for (const t of tablets) t.stop();
const result: TabletsResult = {
	tablets: tablets.length,
	heartbeats,
	syncs,
	notes: tablets.map((t) => t.notes),
	seen: tablets.map((t) => t.seen),
	submitted: tablets.map((t) => t.submittedAt),
	non200,
	errors,
	streamsOpen,
	streamsLost,
	events,
	clientCpuMs: (cpu.user + cpu.system) / 1000,
	lag
};
fs.writeFileSync(o.resultFile, JSON.stringify(result));
process.stdout.write('{"done":true}\n', () => process.exit(0));
