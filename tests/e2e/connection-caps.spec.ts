// One client address cannot take every connection the server can hold (a review held 20,200
// sockets from one address, past the process's 20,000 open files, and every new connection,
// anyone's, was reset). Here a server of its own allows 4 per address: the 5th from 127.0.0.3 is
// closed as it arrives, while 127.0.0.2 (another address on the same loopback) is served; once
// one of the four closes, 127.0.0.3 is served again. (127.0.0.1 is not used: the set-up's own
// requests keep a connection from it open.)
import net from 'node:net';
import http from 'node:http';
import { expect, test } from '@playwright/test';
import { TestServer } from './support/server';

test.describe.configure({ mode: 'serial', timeout: 120_000 });

let server: TestServer;

test.beforeAll(async () => {
	server = new TestServer('connection-caps', { WARM_UP_BATCHES: '0', CONNECTIONS_PER_ADDRESS: '4' });
	await server.start();
});

test.afterAll(async () => {
	await server?.stop();
});

/** A raw connection from `from`, once open. */
function connect(from: string): Promise<net.Socket> {
	return new Promise((resolve, reject) => {
		const socket = net.connect({ host: '127.0.0.1', port: server.port, localAddress: from });
		socket.once('connect', () => resolve(socket));
		socket.once('error', reject);
	});
}

/** GET /api/time from `from` on a new connection: its status, or the error's code. */
function time(from: string): Promise<number | string> {
	return new Promise((resolve) => {
		const req = http.get(
			{ host: '127.0.0.1', port: server.port, path: '/api/time', localAddress: from, agent: false },
			(res) => {
				res.resume();
				res.once('end', () => resolve(res.statusCode ?? 0));
			}
		);
		req.once('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? 'error'));
	});
}

/** An address of the loopback no other connection comes from. */
const ADDRESS = '127.0.0.3';

test('one address holds at most its share of connections; others are served meanwhile', async () => {
	// Nothing else holds a connection from ADDRESS: each request below closes its own (agent: false).
	const held = await Promise.all([1, 2, 3, 4].map(() => connect(ADDRESS)));
	const fifth = await connect(ADDRESS);
	// The server closes it without a word.
	await new Promise<void>((resolve) => fifth.once('close', () => resolve()));
	expect(fifth.bytesRead).toBe(0);
	expect(await time(ADDRESS)).not.toBe(200);
	expect(await time('127.0.0.2')).toBe(200);

	held.pop()!.destroy();
	// Served again once the server has seen that one close.
	let status: number | string = 0;
	while (status !== 200) status = await time(ADDRESS);
	for (const socket of held) socket.destroy();
});
