// A body over BODY_SIZE_LIMIT is refused 413, and its connection is closed after the answer: kept
// open (as it was), the next request a browser or tablet sent on it was never answered and failed
// after the server's keep-alive timeout (66 s, ECONNRESET). A body within the limit keeps its
// connection, and the next request on it is answered.
import net from 'node:net';
import { expect, test } from '@playwright/test';

const LIMIT = 512 * 1024; // the server's default BODY_SIZE_LIMIT

/** One connection: writes raw requests, reads what comes back, tells when it closes. */
function connection(baseURL: string) {
	const { hostname, port } = new URL(baseURL);
	const socket = net.connect(Number(port), hostname);
	let received = '';
	let closed = false;
	socket.setEncoding('latin1');
	socket.on('data', (d: string) => (received += d));
	socket.on('close', () => (closed = true));
	socket.on('error', () => {}); // a reset while the rest of a refused body is written: closed
	// An answer's body ends without a line break: the next answer's status line follows it.
	const statuses = () => [...received.matchAll(/HTTP\/1\.1 (\d{3}) /g)].map((m) => Number(m[1]));
	return {
		send: (head: string, body: string) => socket.write(head + body),
		statuses,
		answerTo: (n: number) => received.split(/HTTP\/1\.1 /)[n] ?? '',
		closed: () => closed,
		end: () => socket.destroy()
	};
}

const post = (baseURL: string, path: string, length: string, extra = '') =>
	`POST ${path} HTTP/1.1\r\nHost: ${new URL(baseURL).host}\r\nOrigin: ${baseURL}\r\n` +
	`Content-Type: application/json\r\n${length}${extra}\r\n`;
const sized = (body: string) => `Content-Length: ${Buffer.byteLength(body)}\r\n`;
const signIn = (pad = '') => JSON.stringify({ login: '0912999999', password: 'khong-dung', pad });

test('a body over the limit with its length declared: 413, then the connection closes', async ({
	baseURL
}) => {
	const c = connection(baseURL!);
	try {
		const body = signIn('x'.repeat(LIMIT + 1000));
		c.send(post(baseURL!, '/api/session', sized(body)), body);
		await expect.poll(c.statuses).toEqual([413]);
		expect(c.answerTo(1)).toMatch(/^connection: close\r$/im);
		expect(c.answerTo(1)).toContain('application/json');
		await expect.poll(c.closed).toBe(true);
	} finally {
		c.end();
	}
});

test('a chunked body that passes the limit: 413, then the connection answers again or closes', async ({
	baseURL
}) => {
	const c = connection(baseURL!);
	try {
		const body = signIn('x'.repeat(LIMIT + 1000));
		const chunks = body.match(/[^]{1,65536}/g)!.map((p) => `${p.length.toString(16)}\r\n${p}\r\n`);
		c.send(post(baseURL!, '/api/session', 'Transfer-Encoding: chunked\r\n'), chunks.join('') + '0\r\n\r\n');
		await expect.poll(c.statuses).toEqual([413]);
		// Node reads such a body to its end: the connection may stay, and then it answers.
		const next = signIn();
		c.send(post(baseURL!, '/api/time', sized(next)), next);
		await expect.poll(() => c.closed() || c.statuses().length === 2).toBe(true);
		if (!c.closed()) expect(c.statuses()).toEqual([413, 405]);
	} finally {
		c.end();
	}
});

test('a body within the limit keeps its connection: the next request on it is answered', async ({
	baseURL
}) => {
	const c = connection(baseURL!);
	try {
		// POST /api/time is refused whatever its body (405), and counts no sign-in.
		const body = signIn('x'.repeat(100_000));
		c.send(post(baseURL!, '/api/time', sized(body)), body);
		await expect.poll(c.statuses).toEqual([405]);
		const next = signIn();
		c.send(post(baseURL!, '/api/time', sized(next)), next);
		await expect.poll(c.statuses).toEqual([405, 405]);
		expect(c.closed()).toBe(false);
	} finally {
		c.end();
	}
});
