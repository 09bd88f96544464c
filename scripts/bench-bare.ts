// The baseline: a bare node:http server that reads the same sync batch, parses its JSON,
// validates and stores nothing, and answers the same-shaped JSON {acked, state, now}.
// `npm run bench` runs it beside the real server to show what the framework, the checks and
// the database cost on this machine.   PORT=… node scripts/bench-bare.ts
import http from 'node:http';

const started = Date.now();
const server = http.createServer((req, res) => {
	if (req.method === 'GET') {
		res.writeHead(200, { 'content-type': 'application/json' });
		res.end(JSON.stringify({ now: Date.now() }));
		return;
	}
	const chunks: Buffer[] = [];
	req.on('data', (c: Buffer) => chunks.push(c));
	req.on('end', () => {
		let acked: number;
		try {
			const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { events?: { seq: number }[] };
			acked = body.events?.at(-1)?.seq ?? 0;
		} catch {
			res.writeHead(400, { 'content-type': 'application/json' });
			res.end('{"error":{"code":"invalidJson","message":"JSON"}}');
			return;
		}
		const now = Date.now();
		res.writeHead(200, { 'content-type': 'application/json' });
		res.end(
			JSON.stringify({
				acked,
				state: { status: 'running', deadline: started + 3600_000, allowedMs: 3600_000, startedAt: started },
				now
			})
		);
	});
});
server.keepAliveTimeout = 5000;
server.listen(Number(process.env.PORT ?? 3999), process.env.HOST ?? '127.0.0.1');
process.on('SIGTERM', () => server.close(() => process.exit(0)));
