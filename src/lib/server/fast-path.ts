// The hottest JSON endpoints (a tablet's sync batch and submit, the venue heartbeat), written
// once here and served two ways with the same statuses and bodies:
// - by their SvelteKit routes (src/routes/api/…/+server.ts call these functions), and
// - straight from node:http by server/index.js, which skips SvelteKit's Request/Response
//   conversion and hooks for them: `registerFastPath()` (hooks.server.ts `init`) puts the
//   table below on a well-known global, and server/index.js hands it a request only when
//   nothing in it needs SvelteKit (application/json with a Content-Length within the limit,
//   no cross-site Origin — see server/index.js); anything else goes to SvelteKit as before.
// What the hooks do that these routes would not need (locale, the session cookie's user, the
// role guard) does not apply to these paths; the Origin check is repeated by the dispatcher.
import type { z } from 'zod';
import { app, type AppContext } from './app';
import { eventBatch, ingestBatch, MAX_BATCH_BYTES, submitAttempt, submitBody } from './attempts';
import { postRights, speaksFor, tokenFits } from './access';
import { FRAME_HEADERS, MAX_BODY_BYTES, parseBody, refusal } from './http';
import { failure, Refusal } from './failure';
import { localeFromCookieHeader, messages, type Locale } from '$lib/i18n';
import { readToken } from './tokens';
import { heartbeat, heartbeatBody } from './venue';

/** An endpoint's answer before it becomes a Response (SvelteKit) or bytes (server/index.js). */
export interface JsonAnswer {
	status: number;
	body: unknown;
}

/** What these endpoints serve from: the process's app's tablet pool, or the warm-up's throwaway database (warm-up.ts). */
export type Served = () => Promise<Pick<AppContext, 'db' | 'secret'>>;

/** The process's app, with the tablets' own pool (db/index.ts `tabletDb`). */
const tablets: Served = async () => {
	const { tabletDb, secret } = await app();
	return { db: tabletDb, secret };
};

/** Reads and checks the request body (readJson in a route, parseBody on the fast path). */
export type BodyReader = <S extends z.ZodType>(schema: S) => Promise<z.infer<S>>;

/** The token of an `Authorization: Bearer …` header (tokens.ts `bearer`, from the header). */
function bearerOf(header: string | null): string | null {
	return header?.startsWith('Bearer ') ? header.slice(7).trim() : null;
}

/** POST /api/attempts/{id}/events: the sync batch (DESIGN.md "Sync contract"); empty = heartbeat. */
export async function postEvents(
	attemptId: string,
	authorization: string | null,
	read: BodyReader,
	locale: Locale,
	served: Served = tablets
): Promise<JsonAnswer> {
	const { db, secret } = await served();
	const claims = readToken(secret, bearerOf(authorization));
	const refused = tokenFits(claims, attemptId);
	if (refused) return refusal(refused, locale);
	const batch = await read(eventBatch);
	if (JSON.stringify(batch.events).length > MAX_BATCH_BYTES) {
		return refusal(failure('batchTooLarge', { kb: MAX_BATCH_BYTES / 1024 }), locale);
	}
	const own = speaksFor(claims!, batch.deviceId);
	if (own !== true) return refusal(own, locale);
	// The rest of who may post is judged on the row the batch's transaction reads anyway.
	const result = await ingestBatch(db, attemptId, batch, Date.now(), postRights(claims!, attemptId));
	if (!result.ok) return refusal(result, locale);
	return { status: 200, body: { acked: result.acked, state: result.state, now: result.now } };
}

/** POST /api/attempts/{id}/submit. */
export async function postSubmit(
	attemptId: string,
	authorization: string | null,
	read: BodyReader,
	locale: Locale,
	served: Served = tablets
): Promise<JsonAnswer> {
	const { db, secret } = await served();
	const claims = readToken(secret, bearerOf(authorization));
	const refused = tokenFits(claims, attemptId);
	if (refused) return refusal(refused, locale);
	const body = await read(submitBody);
	const own = speaksFor(claims!, body.deviceId);
	if (own !== true) return refusal(own, locale);
	// The rest of who may submit is judged on the row the submit's transaction reads anyway.
	const result = await submitAttempt(db, secret, attemptId, body, Date.now(), postRights(claims!, attemptId));
	if (!result.ok) return refusal(result, locale);
	const { ok: _ok, ...rest } = result;
	return { status: 200, body: rest };
}

/** POST /api/venue/heartbeat: every 1–2 s from a tablet, its readiness in, the room's state out. */
export async function postHeartbeat(
	authorization: string | null,
	read: BodyReader,
	locale: Locale,
	served: Served = tablets
): Promise<JsonAnswer> {
	const { db, secret } = await served();
	const claims = readToken(secret, bearerOf(authorization));
	const r = await heartbeat(db, claims, await read(heartbeatBody));
	if ('ok' in r) return refusal(r, locale);
	return { status: 200, body: r };
}

// ------------------------------------------------------------ served by server/index.js

/** What server/index.js finds on `globalThis[FAST_PATH]`. */
export interface FastPath {
	/** Bodies longer than this (Content-Length) go to SvelteKit, which answers 413. */
	maxBodyBytes: number;
	/** Headers every answer carries besides its length and type, as SvelteKit's do (http.ts FRAME_HEADERS). */
	headers: Readonly<Record<string, string>>;
	/** The handler for a POST to `pathname`, or null for SvelteKit. */
	route(pathname: string): FastHandler | null;
}
export type FastHandler = (
	authorization: string | null,
	body: string,
	/** The Cookie header: its `lang` chooses the language of a refusal's message. */
	cookie: string
) => Promise<{ status: number; json: string }>;

export const FAST_PATH = Symbol.for('phongthi.fastPath');

const ID = '([A-Za-z0-9_-]{1,64})';
const ATTEMPT = new RegExp(`^/api/attempts/${ID}/(events|submit)$`);

async function serve(
	answer: (locale: Locale) => Promise<JsonAnswer>,
	cookie: string
): Promise<{ status: number; json: string }> {
	const locale = localeFromCookieHeader(cookie);
	try {
		const a = await answer(locale);
		return { status: a.status, json: JSON.stringify(a.body) };
	} catch (e) {
		// A refused body: the same answer the route's api() wrapper returns.
		if (e instanceof Refusal) {
			const r = refusal(e.failure, locale);
			return { status: r.status, json: JSON.stringify(r.body) };
		}
		// hooks.server.ts handleError's body, as SvelteKit sends it to a client accepting JSON.
		console.error('POST (fast path):', e);
		return { status: 500, json: JSON.stringify({ message: messages(locale).api.serverError, code: '500' }) };
	}
}

const fromText =
	(text: string): BodyReader =>
	async (schema) =>
		parseBody(text, schema);

/** The fast path's table, serving from `served` (the app's tablet pool; the warm-up's own database). */
export function fastPathOn(served: Served): FastPath {
	return {
		maxBodyBytes: MAX_BODY_BYTES,
		headers: FRAME_HEADERS,
		route(pathname) {
			if (pathname === '/api/venue/heartbeat')
				return (auth, text, cookie) => serve((l) => postHeartbeat(auth, fromText(text), l, served), cookie);
			const m = ATTEMPT.exec(pathname);
			if (!m) return null;
			const [, id, what] = m;
			return what === 'events'
				? (auth, text, cookie) => serve((l) => postEvents(id, auth, fromText(text), l, served), cookie)
				: (auth, text, cookie) => serve((l) => postSubmit(id, auth, fromText(text), l, served), cookie);
		}
	};
}

export const fastPath: FastPath = fastPathOn(tablets);

/** Called once the server has started (hooks.server.ts `init`); FAST_PATH=off leaves it out. */
export function registerFastPath(env: NodeJS.ProcessEnv = process.env): void {
	if (env.FAST_PATH === 'off') return;
	(globalThis as Record<symbol, unknown>)[FAST_PATH] = fastPath;
}
