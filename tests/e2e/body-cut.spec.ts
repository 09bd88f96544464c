// A client that hangs up before its body has arrived (a tablet leaving the hall's Wi-Fi mid-sync)
// is no server error. A review opened 200 connections to the fast path (server/index.js), each
// sending the headers of a 1,000-byte sync batch and 19 bytes of it before closing: each wrote
// `Error: aborted` with an 8-line stack and code ECONNRESET to the log, 1,600 lines, and was
// counted a 500. Here each such request is one short line naming it, without a stack, and the
// server answers the next request as before.
import net from 'node:net';
import { expect, test } from '@playwright/test';
import { TestServer } from './support/server';

test.describe.configure({ mode: 'serial', timeout: 120_000 });

let server: TestServer;
let stdout = '';

test.beforeAll(async () => {
	server = new TestServer('body-cut', { WARM_UP_BATCHES: '0' });
	server.port = 4732;
	await server.start();
	server.child?.stdout?.on('data', (d) => (stdout += String(d)));
});

test.afterAll(async () => {
	await server?.stop();
});

/** Sends a sync batch's headers declaring 1,000 bytes, 19 of them, and closes (`end`: FIN; `destroy`: RST). */
function cutShort(path: string, close: 'end' | 'destroy'): Promise<void> {
	return new Promise((resolve, reject) => {
		const socket = net.connect({ host: '127.0.0.1', port: server.port });
		socket.once('error', reject);
		socket.once('connect', () => {
			socket.write(
				`POST ${path} HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\n` +
					'Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n' +
					'{"deviceId":"tab-1"',
				() => {
					if (close === 'end') socket.end();
					else socket.destroy();
					resolve();
				}
			);
		});
	});
}

test('a body cut short by its client is one short line, no stack, and the server goes on', async () => {
	const paths = Array.from({ length: 20 }, (_, i) => `/api/attempts/cut-${i}/events`);
	await Promise.all(paths.map((p, i) => cutShort(p, i % 2 ? 'end' : 'destroy')));
	// The server has seen every one of them go.
	await expect
		.poll(() => paths.filter((p) => server.stderr.includes(`POST ${p}:`)).length)
		.toBe(paths.length);

	const log = server.stderr + stdout;
	const lines = log.split('\n').filter((l) => l.includes('/api/attempts/cut-'));
	expect(lines).toHaveLength(paths.length);
	// A stack's frames ("    at abortIncoming (node:_http_server:796:17)"), colours or not.
	expect(log).not.toMatch(/ {4}at \S+.*:\d+:\d+/);
	expect(log).not.toContain('ECONNRESET');

	// Still answering, the fast path too (a whole body without a token: 401, not a 500).
	expect((await fetch(`${server.url}/api/time`)).status).toBe(200);
	const res = await fetch(`${server.url}${paths[0]}`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ deviceId: 'tab-1', events: [] })
	});
	expect(res.status).toBe(401);
});
