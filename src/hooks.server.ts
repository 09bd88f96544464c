// Every request passes here: database ready, language, session, the Origin check on
// cookie-authenticated writes, and the role guard for /admin, /proctor and their APIs.
import {
	error,
	redirect,
	type Handle,
	type HandleServerError,
	type RequestEvent,
	type ServerInit
} from '@sveltejs/kit';
import { building, dev } from '$app/environment';
import { app } from '$lib/server/app';
import { ConfigError } from '$lib/server/config';
import { closeExpiredAttempts } from '$lib/server/attempts';
import { scheduleSweep } from '$lib/server/sweep';
import { registerFastPath } from '$lib/server/fast-path';
import { loadStreamRoutes, warmSyncPath } from '$lib/server/warm-up';
import { closePushBus } from '$lib/server/push/room';
import { requiredRoles, routePath, sessionCookieOptions, SESSION_COOKIE, useSession } from '$lib/server/auth';
import { failureResponse, formHasNul, FRAME_HEADERS } from '$lib/server/http';
import { failure } from '$lib/server/failure';
import { LOCALE_COOKIE, messages, toLocale, type Locale } from '$lib/i18n';
import { useServerCatalogue } from '$lib/i18n/state.svelte';

/**
 * app.html's words for a required field left empty, in both languages (a page may switch in
 * place, and the offline shell serves every language): JSON, '<' escaped for a <script>.
 */
const REQUIRED_SAID = JSON.stringify({
	vi: messages('vi').errors.required,
	en: messages('en').errors.required
}).replace(/</g, '\\u003c');
const withRequiredSaid = ({ html }: { html: string }) => html.replace('%phongthi.required%', REQUIRED_SAID);

// The build renders the offline shell through these hooks; it must not open a database.
// Server-rendered pages read the whole catalogue; the browser loads its parts (lazy.ts).
useServerCatalogue(messages);

/**
 * The context, or for settings that cannot work (config.ts ConfigError: mail without ORIGIN) the
 * reason on one line and an exit before the server listens, so the operator reads which
 * variable to set instead of a stack trace, and no half-configured server answers anyone.
 */
async function appOrExit() {
	try {
		return await app();
	} catch (e) {
		if (!(e instanceof ConfigError) || dev) throw e;
		console.error(`Phòng Thi cannot start: ${e.message}`);
		process.exit(1);
	}
}

export const init: ServerInit = async () => {
	if (building) return;
	const { db, config } = await appOrExit();
	// The event streams' routes, before a burst of them can find no file descriptor (warm-up.ts).
	await loadStreamRoutes();
	// Before the first request: the sync path run until V8 has optimised it (warm-up.ts).
	if (config.warmUpBatches > 0) {
		const w = await warmSyncPath(config.warmUpBatches).catch((e) => console.error('warm-up failed', e));
		if (w && w.acked < w.posted)
			console.error(`warm-up: ${w.posted - w.acked} of ${w.posted} batches refused`);
	}
	// server/index.js serves the hottest endpoints through it from now on (fast-path.ts).
	registerFastPath();
	// Close attempts nobody submitted, at deadline + grace; every process may run it.
	const sweep = setInterval(() => {
		closeExpiredAttempts(db).catch((e) => console.error('closing expired attempts failed', e));
	}, 10_000).unref();
	// Old rate-limit tries and expired sessions, forgotten in slices (sweep.ts); every process may run it.
	scheduleSweep(db);
	// adapter-node closes the HTTP server on SIGTERM/SIGINT; then the sweep and the database,
	// so the process ends.
	process.once('sveltekit:shutdown' as 'exit', () => {
		clearInterval(sweep);
		void closePushBus();
		void app().then((ctx) => ctx.handle.close());
	});
};

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * A write from a browser must come from our own pages (forms and cookie-authenticated JSON). The Origin is
 * compared with ORIGIN (behind a proxy) and with the Host header (a venue laptop reached
 * by its LAN address over plain http, where adapter-node would assume https).
 */
function isCrossSite(request: Request, url: URL): boolean {
	const origin = request.headers.get('origin');
	if (origin === null) return request.headers.get('sec-fetch-site') === 'cross-site';
	if (origin === url.origin) return false;
	try {
		return new URL(origin).host !== request.headers.get('host');
	} catch {
		return true;
	}
}

/** What our forms send, plain or enhanced; SvelteKit also lets text/plain through to an action. */
const FORM_TYPES = /^(application\/x-www-form-urlencoded|multipart\/form-data)\s*(;|$)/i;

/**
 * Form posts refused before any action runs: SvelteKit throws (a 500) on the reserved
 * `?/default` name, and PostgreSQL cannot store a NUL character, which some field could
 * carry to an insert. An enhanced form gets the action-failure shape it expects.
 * A post that is no form at all (no body, JSON, text/plain) gets 415 with the words for bad
 * input: SvelteKit would answer it as a server error and log a stack trace for what is only a
 * stray client, and an action reading text/plain as a form would throw.
 */
async function refuseFormPost(request: Request, url: URL, locale: Locale): Promise<Response | null> {
	if (!FORM_TYPES.test(request.headers.get('content-type') ?? ''))
		// No browser form sends this, so the answer is the JSON an action's error takes
		// ({type: 'error', error: App.Error}), as SvelteKit answers a client that is not a page.
		return Response.json(
			{ type: 'error', error: { message: messages(locale).errors.invalidBody, code: '415' } },
			{ status: 415 }
		);
	let message: string | null = null;
	if (url.searchParams.has('/default')) message = messages(locale).errors.invalidBody;
	else {
		try {
			if (formHasNul(await request.clone().formData()))
				message = messages(locale).account.errors.nulCharacter;
		} catch {
			message = messages(locale).errors.invalidBody;
		}
	}
	if (message === null) return null;
	if ((request.headers.get('accept') ?? '').includes('application/json'))
		// devalue's encoding of {message}, as SvelteKit's own failure answers carry it.
		return Response.json({ type: 'failure', status: 400, data: JSON.stringify([{ message: 1 }, message]) });
	return new Response(message, { status: 400, headers: { 'content-type': 'text/plain; charset=utf-8' } });
}

/**
 * SvelteKit's own refusals under /api (an address no route serves: its HTML 404 page; a method
 * the route does not export: a plain-text 405 in English) answered as the JSON API answers,
 * `{error: {code, message}}` in the reader's language. A route's own answers are JSON already.
 */
function apiRefusalAsJson(response: Response, method: string, locale: Locale): Response {
	if (response.status !== 404 && response.status !== 405) return response;
	if ((response.headers.get('content-type') ?? '').includes('application/json')) return response;
	if (response.status === 404) return failureResponse(failure('noSuchEndpoint'), locale);
	const allow = response.headers.get('allow') ?? '';
	const refused = failureResponse(failure('methodNotAllowed', { method, allow }), locale);
	if (allow) refused.headers.set('allow', allow);
	return refused;
}

/** Whether SvelteKit can decode the path (its `decode_pathname`: decodeURI between the `%25`s). */
function decodable(pathname: string): boolean {
	try {
		pathname.split('%25').forEach((part) => decodeURI(part));
		return true;
	} catch {
		return false;
	}
}

/**
 * Another role's page opened in the browser, refused as the site refuses a missing one: its own
 * error page, in the visitor's language, under its header (the route /403 throws it). An error
 * thrown here would get src/error.html, which no catalogue words. Anything else (a form action,
 * the client router's data request, a caller asking for JSON) is refused with that error, which
 * SvelteKit answers as JSON to them and the client router draws with +error.svelte.
 */
function forbidden(event: RequestEvent): Promise<Response> {
	const { method, headers } = event.request;
	if (!SAFE_METHODS.has(method) || event.isDataRequest || !headers.get('accept')?.includes('text/html'))
		error(403, messages(event.locals.locale).errors.forbidden);
	return event.fetch('/403').then((page) => new Response(page.body, { status: 403, headers: page.headers }));
}

export const handle: Handle = async ({ event, resolve }) => {
	if (building) return resolve(event, { transformPageChunk: withRequiredSaid });
	const { pathname } = event.url;
	// A path SvelteKit cannot decode (`/admin/%ff`) has this hook run outside the guard that turns
	// a thrown redirect or error into an answer: the rejection went unhandled and ended the
	// process. So such a path is answered here, before anything below may throw.
	if (!decodable(pathname)) {
		const locale = toLocale(event.cookies.get(LOCALE_COOKIE));
		if (pathname.startsWith('/api/')) return failureResponse(failure('badPath'), locale);
		return new Response(messages(locale).errors.badPath, {
			status: 400,
			headers: { 'content-type': 'text/plain; charset=utf-8' }
		});
	}
	const { db } = await app();
	// The route that serves the request says whether it is the JSON API, however the path was spelled.
	const isApi = (event.route.id ? routePath(event.route.id) : pathname).startsWith('/api/');
	event.locals.locale = toLocale(event.cookies.get(LOCALE_COOKIE));

	const token = event.cookies.get(SESSION_COOKIE);
	const now = Date.now();
	const session = token ? await useSession(db, token, now) : null;
	event.locals.user = session?.user ?? null;
	// A session in use is extended past its half-life (auth.ts `useSession`); the cookie with it.
	if (session?.renewed)
		event.cookies.set(
			SESSION_COOKIE,
			token!,
			sessionCookieOptions(event.url.protocol === 'https:', session.expiresAt - now)
		);

	if (!SAFE_METHODS.has(event.request.method) && isCrossSite(event.request, event.url)) {
		if (isApi) return failureResponse(failure('badOrigin'), event.locals.locale);
		error(403, messages(event.locals.locale).errors.badOrigin);
	}

	const roles = requiredRoles(pathname, event.route.id);
	if (roles) {
		const user = event.locals.user;
		if (!user) {
			if (isApi) return failureResponse(failure('unauthenticated'), event.locals.locale);
			redirect(303, `/login?next=${encodeURIComponent(pathname + event.url.search)}`);
		}
		if (!roles.includes(user.role)) {
			if (isApi) return failureResponse(failure('notAllowed'), event.locals.locale);
			return forbidden(event);
		}
	}

	if (event.request.method === 'POST' && !isApi) {
		const refused = await refuseFormPost(event.request, event.url, event.locals.locale);
		if (refused) return refused;
	}

	let response = await resolve(event, {
		transformPageChunk: ({ html }) =>
			withRequiredSaid({ html }).replace('<html lang="vi">', `<html lang="${event.locals.locale}">`)
	});
	if (isApi) response = apiRefusalAsJson(response, event.request.method, event.locals.locale);
	// What a signed-in person is shown (their ticket, the organiser's look-up of an account, results)
	// is not kept by the browser's cache: after signing out on a shared computer, Back or the
	// history must not show it again. Routes that say how to cache (downloads, streams) keep theirs.
	if (event.locals.user && !response.headers.has('cache-control'))
		response.headers.set('cache-control', 'private, no-store');
	for (const [name, value] of Object.entries(FRAME_HEADERS)) response.headers.set(name, value);
	return response;
};

/**
 * Unexpected errors, and SvelteKit's own refusals of a request (404, 405 on a page without
 * actions, …). Only a 5xx is the server's fault and logged; a 4xx is worded as bad input.
 */
export const handleError: HandleServerError = ({ error, event, status }) => {
	if (status >= 500) console.error(`${event.request.method} ${event.url.pathname}:`, error);
	const m = messages(toLocale(event.cookies.get(LOCALE_COOKIE)));
	const message =
		status === 404 ? m.errors.notFound : status < 500 ? m.errors.invalidBody : m.api.serverError;
	return { message, code: String(status) };
};
