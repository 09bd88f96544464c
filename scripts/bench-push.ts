// State changes pushed during the hall scenario: `streams` listeners on a room's push channel
// (server-sent events, the same bus and stream code tablets and consoles use), and a proctor
// posting an action to the room every `everyMs`; the time from sending the action to each
// listener hearing its `change` note. The listeners open the console stream of the demo's
// room with the demo organiser's session (enrolling 1,000 tablets is not what is measured), so
// the tablet stream's only difference, its token check at connect, is not in the figure. One
// session holds at most 5 console streams (a newer one closes the oldest): the streams the server
// closed so are counted apart (`closed`), and only those still open count as missing a note. The
// venue hall (bench-venue.ts) measures the tablets' own streams.
//   node --import tsx scripts/bench-push.ts '<json options>'   → one JSON line on stdout
import http from 'node:http';
import { percentile } from './bench-common';

export interface PushOptions {
	url: string;
	streams: number;
	durationS: number;
	everyMs: number;
	/** The demo seed's organiser (any room); tests/e2e/support/hostile-world.ts ORGANISER. */
	login?: string;
	password?: string;
	roomId?: string;
}

export interface PushResult {
	streams: number;
	connected: number;
	changes: number;
	deliveries: number;
	/** Of the notes, those a stream still open at the end did not hear. */
	missed: number;
	/** Streams the server closed during the run (the console's cap of streams per session). */
	closed: number;
	p50: number;
	p99: number;
	max: number;
	actionP99: number;
}

const o = JSON.parse(process.argv[2]) as PushOptions;
const room = o.roomId ?? 'room-1';
const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity });

async function signIn(): Promise<string> {
	const res = await fetch(`${o.url}/api/session`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ login: o.login ?? '0900000001', password: o.password ?? 'BanToChuc2026' })
	});
	if (res.status !== 200) throw new Error(`sign-in: ${res.status} ${await res.text()}`);
	return res.headers
		.getSetCookie()
		.map((c) => c.split(';')[0])
		.join('; ');
}

/** When each action was sent; a listener's k-th `incident` note answers the k-th (the bus keeps order). */
const sentAt: number[] = [];
const latencies: number[] = [];
let connected = 0;
/** Each listener: notes heard, and whether its stream is still open. */
const listeners: { heard: number; open: boolean }[] = [];

function listen(cookie: string): Promise<void> {
	return new Promise((resolve, reject) => {
		const req = http.get(
			`${o.url}/api/proctor/rooms/${room}/stream`,
			{ agent, headers: { cookie, accept: 'text/event-stream' } },
			(res) => {
				if (res.statusCode !== 200) return reject(new Error(`stream: ${res.statusCode}`));
				connected++;
				resolve();
				let buffer = '';
				const me = { heard: 0, open: true };
				listeners.push(me);
				res.once('close', () => (me.open = false));
				res.setEncoding('utf8');
				res.on('data', (d: string) => {
					buffer += d;
					let end: number;
					while ((end = buffer.indexOf('\n\n')) !== -1) {
						const frame = buffer.slice(0, end);
						buffer = buffer.slice(end + 2);
						const m = /^data: (.*)$/m.exec(frame);
						if (!m || (JSON.parse(m[1]) as { kind?: string }).kind !== 'incident') continue;
						const t0 = sentAt[me.heard++];
						if (t0 !== undefined) latencies.push(performance.now() - t0);
					}
				});
				res.on('error', () => {});
			}
		);
		req.on('error', reject);
	});
}

const cookie = await signIn();
for (let i = 0; i < o.streams; i += 50)
	await Promise.all(Array.from({ length: Math.min(50, o.streams - i) }, () => listen(cookie)));

const actionMs: number[] = [];
let changes = 0;
const end = Date.now() + o.durationS * 1000;
while (Date.now() < end) {
	const t0 = performance.now();
	sentAt.push(t0);
	const res = await fetch(`${o.url}/api/proctor/rooms/${room}/actions`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', cookie },
		body: JSON.stringify({ action: 'incident', seatId: null, note: `bench push ${changes}` })
	});
	await res.text();
	actionMs.push(performance.now() - t0);
	if (res.status !== 200) throw new Error(`action: ${res.status}`);
	changes++;
	await new Promise((r) => setTimeout(r, o.everyMs));
}
await new Promise((r) => setTimeout(r, 1000));
latencies.sort((a, b) => a - b);
actionMs.sort((a, b) => a - b);
const result: PushResult = {
	streams: o.streams,
	connected,
	changes,
	deliveries: latencies.length,
	missed: listeners.filter((l) => l.open).reduce((n, l) => n + Math.max(0, changes - l.heard), 0),
	closed: listeners.filter((l) => !l.open).length,
	p50: Math.round(percentile(latencies, 50)),
	p99: Math.round(percentile(latencies, 99)),
	max: Math.round(latencies.at(-1) ?? NaN),
	actionP99: Math.round(percentile(actionMs, 99))
};
console.log(JSON.stringify(result));
process.exit(0);
