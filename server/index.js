// The production entry: adapter-node's request handler (build/handler.js) behind a node:http
// server of our own, for what adapter-node's `node build` does not let us set:
// - a listen backlog sized for a hall: 1,000 tablets reconnecting in the same instant overflow
//   Node's default of 511 and the kernel resets the rest (LISTEN_BACKLOG, default 4096; the
//   kernel caps it at net.core.somaxconn);
// - keep-alive kept longer than a tablet's heartbeat interval, so a tablet keeps its
//   connection (KEEP_ALIVE_TIMEOUT, HEADERS_TIMEOUT in seconds, as adapter-node reads them);
// - a graceful stop on SIGTERM/SIGINT: stop accepting, answer every request already received
//   (each in-flight response says `Connection: close`), and only then close the database,
//   so a stop under load answers 200 or nothing — never a 500 from a closed database.
//   After SHUTDOWN_TIMEOUT seconds (default 30) connections still open are cut;
// - a fast path for the hottest endpoints (a tablet's sync batch and submit, the venue
//   heartbeat): src/lib/server/fast-path.ts registers their handlers on a global when the app
//   starts (hooks.server.ts `init`, which adapter-node runs as handler.js is imported), and a
//   plain JSON POST to one of them is answered from here, without SvelteKit's Request/Response
//   conversion; same functions, same statuses and bodies. Anything unusual in the request
//   (another content type, no Content-Length, a cross-site Origin) goes to SvelteKit as before.
//   FAST_PATH=off (read by fast-path.ts) serves everything through SvelteKit. A client gone
//   before its body ended is one short line in the log (method, path, bytes received), no stack;
// - admission (server/admission.js): a saturated server starts in each turn of its loop only as
//   many requests as keep the turn short, so that it goes on accepting new connections (Node
//   accepts one a turn); ADMISSION=off starts every request at once.
// - connections capped per client address and in all (server/connections.js), and a request's
//   body given REQUEST_TIMEOUT seconds (120) to arrive, not Node's 300;
// - one body limit per request instead of adapter-node's one for all: BODY_SIZE_LIMIT (512K
//   unless set) holds every request here, as its body arrives, except the upload of a tablet's
//   exported log, which may be 20 MB and holds its own limit (venue/upload.ts, read by http.ts);
//   node server/index.js [build-dir]       (build dir: argument, else $BUILD_OUT, else build/)
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { admission } from './admission.js';
import { connectionsWithin, limitConnections, openFilesLimit } from './connections.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const buildDir = process.argv[2]
	? path.resolve(process.argv[2])
	: process.env.BUILD_OUT
		? path.resolve(process.env.BUILD_OUT)
		: path.join(here, '..', 'build');

/** A size as adapter-node reads BODY_SIZE_LIMIT: bytes, or with K, M or G (powers of 1024). */
function bytesOf(value) {
	const multiplier = { K: 1024, M: 1024 ** 2, G: 1024 ** 3 }[value.at(-1)?.toUpperCase()] ?? 1;
	const n = Number(multiplier === 1 ? value : value.slice(0, -1)) * multiplier;
	if (Number.isNaN(n)) throw new Error(`BODY_SIZE_LIMIT should be a size such as 512K, got ${value}`);
	return n;
}
const bodyLimit = bytesOf(process.env.BODY_SIZE_LIMIT || '512K');
/** The route that holds its own, larger, body limit: a tablet's log uploaded by the proctor. */
const OWN_BODY_LIMIT = /^\/api\/proctor\/rooms\/[^/?]+\/upload(\?|$)/;
// Read by handler.js as it loads: adapter-node holds nothing; holdBody below and the routes do.
process.env.BODY_SIZE_LIMIT = 'Infinity';
const { handler } = await import(pathToFileURL(path.join(buildDir, 'handler.js')).href);

const seconds = (name, fallback) => {
	const raw = process.env[name];
	if (raw === undefined || raw === '') return fallback;
	if (!/^\d+$/.test(raw)) throw new Error(`${name} should be a non-negative integer, got ${raw}`);
	return Number(raw);
};
const host = process.env.HOST ?? '0.0.0.0';
const port = Number(process.env.PORT ?? 3000);
const backlog = seconds('LISTEN_BACKLOG', 4096);
const shutdownTimeoutS = seconds('SHUTDOWN_TIMEOUT', 30);

const server = http.createServer({ keepAliveTimeout: seconds('KEEP_ALIVE_TIMEOUT', 65) * 1000 });
server.headersTimeout = seconds('HEADERS_TIMEOUT', 66) * 1000;
// A request's body must have arrived within this (Node's default: 300 s, which let a client
// sending a byte now and then hold its connection five minutes); the largest body, a 20 MB
// tablet log, needs 1.4 Mbit/s for it.
server.requestTimeout = seconds('REQUEST_TIMEOUT', 120) * 1000;
// Behind a proxy (ADDRESS_HEADER) every connection comes from the proxy: it caps per client.
limitConnections(server, {
	perAddress: seconds('CONNECTIONS_PER_ADDRESS', process.env.ADDRESS_HEADER ? 0 : 4096),
	max: seconds('MAX_CONNECTIONS', connectionsWithin(openFilesLimit()))
});

/**
 * Requests not done: the response not yet closed, or the handler still running (a client that
 * hung up leaves a handler that may still be queued for the database).
 */
const inFlight = new Set();
let stopping = false;

const fastPath = globalThis[Symbol.for('phongthi.fastPath')] ?? null;
const JSON_TYPE = /^application\/json\s*(;|$)/i;

/**
 * The fast handler for this request, or null: a POST of JSON with a Content-Length within the
 * limit, not cross-site (hooks.server.ts `isCrossSite`: no Origin and not Sec-Fetch-Site
 * cross-site, or an Origin naming this Host; other cases are SvelteKit's to refuse).
 */
function fastHandler(req) {
	if (!fastPath || req.method !== 'POST') return null;
	const h = req.headers;
	if (!JSON_TYPE.test(h['content-type'] ?? '') || h['transfer-encoding'] !== undefined) return null;
	const length = Number(h['content-length']);
	if (!Number.isInteger(length) || length > fastPath.maxBodyBytes) return null;
	if (h.origin === undefined) {
		if (h['sec-fetch-site'] === 'cross-site') return null;
	} else {
		try {
			if (new URL(h.origin).host !== h.host) return null;
		} catch {
			return null;
		}
	}
	const q = req.url.indexOf('?');
	return fastPath.route(q === -1 ? req.url : req.url.slice(0, q));
}

/**
 * A body that did not end: its client closed the connection (a tablet leaving the Wi-Fi
 * mid-sync) or let REQUEST_TIMEOUT pass. Nobody is left to answer and nothing failed here.
 */
class BodyCut extends Error {}

/**
 * The request's body, whole. Listeners, not `for await`: the async iterator costs several
 * promises a chunk, each tracked by the async hooks. A client gone before the end rejects
 * with a BodyCut saying how much arrived.
 */
function readBody(req) {
	return new Promise((resolve, reject) => {
		const chunks = [];
		let received = 0;
		const cut = () => {
			const declared = req.headers['content-length'];
			reject(new BodyCut(`client gone before its body ended (${received} of ${declared} bytes)`));
		};
		req.on('data', (chunk) => {
			chunks.push(chunk);
			received += chunk.length;
		});
		req.once('end', () => resolve(Buffer.concat(chunks)));
		req.once('error', (e) => (req.complete ? reject(e) : cut()));
		req.once('close', () => {
			if (!req.complete) cut();
		});
	});
}

/** Reads the body (as Request.text() would: UTF-8, a leading BOM dropped) and answers. */
async function serveFast(fast, req, res) {
	let text = (await readBody(req)).toString('utf8');
	if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
	const { status, json } = await fast(req.headers.authorization ?? null, text, req.headers.cookie ?? '');
	res.writeHead(status, {
		...fastPath.headers,
		'content-length': Buffer.byteLength(json),
		'content-type': 'application/json'
	});
	res.end(json);
}

function notFound(_req, res) {
	res.statusCode = 404;
	res.end('Not found');
}

/**
 * Holds a body to BODY_SIZE_LIMIT as it arrives, as adapter-node did: past it the body the
 * route reads fails (and the route answers), the rest is dropped, and the connection closes
 * after the answer (kept open, it answered nothing more: the next request on it waited for the
 * client's timeout). A body that declares a Content-Length within the limit cannot pass it
 * (Node reads no more than that), so only a larger or a chunked one is watched.
 */
function holdBody(req, res) {
	const declared = Number(req.headers['content-length']);
	if (Number.isFinite(declared) ? declared <= bodyLimit : req.headers['transfer-encoding'] === undefined)
		return;
	if (OWN_BODY_LIMIT.test(req.url)) return;
	// The answer may come before the body passes the limit (a route refuses a declared length).
	if (Number.isFinite(declared)) res.setHeader('connection', 'close');
	let size = 0;
	const push = req.push;
	req.push = function (chunk, encoding) {
		if (chunk === null || chunk === undefined || size + chunk.length <= bodyLimit) {
			size += chunk?.length ?? 0;
			return push.call(this, chunk, encoding);
		}
		if (size <= bodyLimit) {
			size = Infinity;
			if (!res.headersSent) res.setHeader('connection', 'close');
			else res.once('finish', () => req.socket.end());
			const error = Object.assign(new Error(`body over BODY_SIZE_LIMIT (${bodyLimit} bytes)`), {
				status: 413
			});
			// adapter-node listens from the moment the route's request is made; before that, nobody reads.
			if (this.listenerCount('error') > 0) this.emit('error', error);
			else process.nextTick(() => this.destroy());
		}
		return true;
	};
}

/** Starts answering a request (the fast path or SvelteKit); nothing for a client already gone. */
function serve(req, res) {
	if (req.socket.destroyed) return undefined;
	holdBody(req, res);
	const fast = fastHandler(req);
	return fast ? serveFast(fast, req, res) : handler(req, res, () => notFound(req, res));
}

// How many requests start in one turn of the loop (server/admission.js); ADMISSION=off: all.
const admit = process.env.ADMISSION === 'off' ? (start) => start() : admission();

server.on('request', (req, res) => {
	inFlight.add(res);
	if (stopping) res.setHeader('connection', 'close');
	// Done when the response has closed and the handler has settled, in either order.
	let pending = 2;
	const done = () => {
		if (--pending > 0) return;
		inFlight.delete(res);
		if (stopping) maybeFinish();
	};
	res.once('close', () => {
		if (stopping) server.closeIdleConnections();
		done();
	});
	const handled = new Promise((resolve, reject) =>
		admit(() => {
			try {
				resolve(serve(req, res));
			} catch (e) {
				reject(e);
			}
		})
	);
	handled
		.catch((e) => {
			// A client gone mid-body: one line, no stack, no status (nobody reads it), as often as
			// a hall's Wi-Fi drops a tablet; SvelteKit's path gives up on such a request silently.
			if (e instanceof BodyCut) {
				console.warn(`${req.method} ${req.url}: ${e.message}`);
				res.end();
				return;
			}
			console.error(`${req.method} ${req.url}:`, e);
			if (!res.headersSent) res.statusCode = 500;
			res.end();
		})
		.then(done);
});

server.listen({ host, port, backlog }, () => {
	const address = server.address();
	const shown = typeof address === 'object' && address ? `http://${host}:${address.port}` : String(address);
	console.log(`Listening on ${shown} (backlog ${backlog})`);
});

let closed = false;
let finished = false;

function stop(reason) {
	if (stopping) return;
	stopping = true;
	// Responses still to come tell their clients to open a new connection (to another node).
	for (const res of inFlight) {
		if (!res.headersSent) res.setHeader('connection', 'close');
		// A push stream (server-sent events) never ends by itself: cut it, and the browser's
		// EventSource reconnects (to another node, or to this one restarted).
		else if (String(res.getHeader('content-type') ?? '').startsWith('text/event-stream')) res.destroy();
	}
	server.close(() => {
		closed = true;
		maybeFinish(reason);
	});
	server.closeIdleConnections();
	setTimeout(() => server.closeAllConnections(), shutdownTimeoutS * 1000).unref();
	maybeFinish(reason);
}

function maybeFinish(reason = 'SIGTERM') {
	if (finished || !closed || inFlight.size > 0) return;
	finished = true;
	// The app's hooks close the database on this event, after the queue behind it has run.
	process.emit('sveltekit:shutdown', reason);
}

// The last resort: adapter-node drops the promise of the request it hands to SvelteKit (`void
// next()`), so anything that rejects there (a redirect thrown where SvelteKit does not catch it, as
// once for a path it cannot decode) would end the process and every hall's connection with it.
// It is logged as a server error, and the process goes on.
process.on('unhandledRejection', (reason) => {
	console.error('unhandled rejection (the process goes on):', reason);
});

process.on('SIGTERM', () => stop('SIGTERM'));
process.on('SIGINT', () => stop('SIGINT'));
