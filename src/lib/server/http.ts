// JSON API plumbing: every refusal is a Failure (`failure.ts`: a code and its parameters),
// answered as {error: {code, message, ...params}} with the status from the one table below and
// the sentence from the catalogue's `api` area in the reader's language (Vietnamese unless the
// `lang` cookie says English). Bodies are parsed with zod and refused whole when they do not fit.
// A refusal that passes with time tells how long to wait one way, for the API and forms alike
// (`wordRefusal`, `retryAfterHeaders`).
import { json } from '@sveltejs/kit';
import { z } from 'zod';
import { fmt, inEachLocale, localeFromCookieHeader, messages, type Locale, type Worded } from '$lib/i18n';
import type { ApiCode } from '$lib/i18n/api.vi';
import { labelAfterNoun } from '$lib/i18n/tablet-label';
import { Refusal, refuse, type Failure, type Params } from './failure';

/** The HTTP status of each refusal the API answers with. */
export const STATUS: Record<ApiCode, number> = {
	invalidBody: 400,
	invalidJson: 400,
	nulCharacter: 400,
	badAddress: 400,
	badPath: 400,
	methodNotAllowed: 405,
	logRepeatsAttempt: 400,
	badToken: 401,
	deviceWiped: 410,
	unauthenticated: 401,
	badOrigin: 403,
	notAllowed: 403,
	notAssigned: 403,
	wrongAttempt: 403,
	wrongDevice: 403,
	notSeated: 403,
	venueOnly: 403,
	notCandidate: 403,
	tooYoung: 403,
	excluded: 403,
	notApproved: 403,
	noSuchEndpoint: 404,
	roundNotFound: 404,
	notPractice: 404,
	attemptNotFound: 404,
	roomNotFound: 404,
	badEnrolCode: 404,
	noFinalist: 404,
	noDevice: 404,
	noSeat: 404,
	roundClosed: 409,
	roundChanged: 409,
	bankTooSmall: 409,
	noAttemptsLeft: 409,
	attemptIdTaken: 409,
	missingEvents: 409,
	otherRoom: 409,
	deviceIdTaken: 409,
	notPending: 409,
	notStarted: 409,
	alreadyStarted: 409,
	notRunning: 409,
	alreadyPaused: 409,
	notPaused: 409,
	spareNotApproved: 409,
	sameDevice: 409,
	outsideWindow: 409,
	lockedNoExtend: 409,
	lockedNoMove: 409,
	lockedNoLost: 409,
	attemptClosed: 409,
	extensionCapped: 409,
	spareInUse: 409,
	wipeInUse: 409,
	wipeNotSent: 409,
	roundFinalised: 410,
	uploadStalled: 408,
	tooLarge: 413,
	batchTooLarge: 413,
	noContentType: 415,
	unknownQuestion: 422,
	paperNotByBlueprint: 422,
	seqTooFarAhead: 422,
	tooManyVersions: 422,
	seqTooHigh: 422,
	tooManyDevices: 422,
	logOtherRoom: 422,
	badLog: 422,
	invalidFields: 422,
	tooManyRegistrations: 429,
	tooManyAttempts: 429,
	tooManyPending: 429,
	busy: 429,
	uploadBusy: 429,
	serverError: 500
};

const isApiCode = (code: string): code is ApiCode => Object.hasOwn(STATUS, code);

export interface WordedRefusal {
	message: string;
	/** The parameters a reader is shown: all but `retryAfterMs`, which becomes `retryAfterS`. */
	params: Params;
	/** For a refusal that passes with time: whole seconds to wait, at least one. */
	retryAfterS?: number;
}

/**
 * A refusal's sentence: `template` (from the catalogue) filled with the refusal's parameters.
 * Domain code gives a refusal that passes with time `params.retryAfterMs` (ratelimit.ts works it
 * out from the tries the database holds); here it becomes whole seconds, at least one, and
 * `{wait}` in the sentence: seconds under two minutes, else minutes, rounded up. A `device` is a
 * tablet's label, which the sentence writes after its noun ("máy {device}"): there it loses a
 * noun of its own (`labelAfterNoun`); the body's parameters keep it as typed.
 */
export function wordRefusal(template: string, params: Params = {}, locale: Locale = 'vi'): WordedRefusal {
	const { retryAfterMs, ...shown } = params;
	const said = typeof shown.device === 'string' ? { ...shown, device: labelAfterNoun(shown.device) } : shown;
	if (retryAfterMs === undefined) return { message: fmt(template, said), params: shown };
	const seconds = Math.max(1, Math.ceil(Number(retryAfterMs) / 1000));
	const e = messages(locale).errors;
	const wait =
		seconds < 120
			? fmt(e.waitSeconds, { seconds })
			: fmt(e.waitMinutes, { minutes: Math.ceil(seconds / 60) });
	return { message: fmt(template, { ...said, wait }), params: shown, retryAfterS: seconds };
}

/** The Retry-After header of a refusal that passes with time (`WordedRefusal.retryAfterS`); none otherwise. */
export function retryAfterHeaders(retryAfterS: number | undefined): Record<string, string> {
	return retryAfterS === undefined ? {} : { 'retry-after': String(retryAfterS) };
}

/**
 * A form action's refusal (`fail` on a page): its sentence in every language (`template` gives
 * the catalogue's for each), and for one that passes with time the Retry-After header set, as
 * the API's refusal carries it.
 */
export function pageRefusal(
	template: (locale: Locale) => string,
	params: Params | undefined,
	setHeaders: (headers: Record<string, string>) => void
): { message: Worded; retryAfterS?: number } {
	const { retryAfterS } = wordRefusal(template('vi'), params);
	setHeaders(retryAfterHeaders(retryAfterS));
	return { message: inEachLocale((l) => wordRefusal(template(l), params, l).message), retryAfterS };
}

/**
 * A refusal's status and body, before it becomes a Response (routes) or bytes (fast path), and
 * for one that passes with time its Retry-After header.
 */
export function refusal(
	f: Failure,
	locale: Locale = 'vi'
): { status: number; body: unknown; headers?: Record<string, string> } {
	const code = isApiCode(f.code) ? f.code : 'invalidBody';
	const { message, params, retryAfterS } = wordRefusal(messages(locale).api[code], f.params, locale);
	if (retryAfterS === undefined)
		return { status: STATUS[code], body: { error: { ...params, code: f.code, message } } };
	return {
		status: STATUS[code],
		body: { error: { ...params, retryAfterS, code: f.code, message } },
		headers: retryAfterHeaders(retryAfterS)
	};
}

/** The response for a domain function's failure. */
export function failureResponse(f: Failure, locale: Locale = 'vi'): Response {
	const { status, headers, body } = refusal(f, locale);
	return json(body, { status, headers });
}

/** A refusal worded by the caller (areas whose sentences live in their own catalogue area). */
export function apiError(
	status: number,
	code: string,
	message?: string,
	extra: Record<string, unknown> = {},
	headers: Record<string, string> = {}
) {
	const api = messages('vi').api as Record<string, string>;
	return json(
		{ error: { code, message: message ?? api[code] ?? api.invalidBody, ...extra } },
		{ status, headers }
	);
}

export const localeOf = (request: Request): Locale =>
	localeFromCookieHeader(request.headers.get('cookie') ?? '');

/**
 * Largest JSON body an endpoint takes unless it names its own; a sync batch is at most 64 KB of
 * events. The one endpoint that names more is the upload of a tablet's log (venue/upload.ts).
 */
export const MAX_BODY_BYTES = 256 * 1024;

/**
 * On every answer, SvelteKit's (hooks.server.ts) and the fast path's (fast-path.ts): no page is
 * shown inside another site's frame. A page of a sibling site (the same registrable domain, so
 * the session cookie goes with it) could otherwise lay itself over an organiser's buttons and
 * have them clicked. The product frames nothing of its own.
 */
export const FRAME_HEADERS: Readonly<Record<string, string>> = {
	'x-frame-options': 'DENY',
	'content-security-policy': "frame-ancestors 'none'"
};

/**
 * For endpoints whose body is optional: null when the body is empty or `{}`, else the body
 * parsed and checked like readJson (chunked bodies included, since the text is read).
 */
export async function readOptionalJson<S extends z.ZodType>(
	request: Request,
	schema: S
): Promise<z.infer<S> | null> {
	const text = await readText(request, MAX_BODY_BYTES);
	if (text.trim() === '' || /^\{\s*\}$/.test(text.trim())) return null;
	return parseBody(text, schema);
}

/** What a read waiting past its deadline rejects with (`readWithin`). */
const STALLED = Symbol('stalled');

/** The reader's next part, or a rejection with STALLED when none comes within `ms`. */
function readWithin(reader: ReadableStreamDefaultReader<Uint8Array>, ms: number) {
	let timer: ReturnType<typeof setTimeout> | undefined;
	const stalled = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(STALLED), ms)));
	return Promise.race([reader.read(), stalled]).finally(() => clearTimeout(timer));
}

/**
 * Whether the request sent a body without a Content-Type: SvelteKit hands a route no body for
 * such a request, whatever it sent (kit's node `get_raw_body`), so the route would read nothing.
 */
export function untypedBody(request: Request): boolean {
	if (request.body) return false;
	const sent =
		Number(request.headers.get('content-length') ?? 0) > 0 || request.headers.has('transfer-encoding');
	return sent && !request.headers.has('content-type');
}

/**
 * The body as text (UTF-8, a leading BOM dropped, as Request.text() reads it), refused past
 * `maxBytes`: by its Content-Length before anything is read, and a body sent in chunks as it
 * arrives, so no more than that is ever held. server/index.js lifts adapter-node's own limit
 * for the endpoint that names a larger one. With `idle`, a body from which nothing arrives for
 * `idle.ms` is given up (its connection cut) and refused with `idle.code`, `seconds` its params.
 */
async function readText(request: Request, maxBytes: number, idle?: IdleDeadline): Promise<string> {
	const length = Number(request.headers.get('content-length') ?? 0);
	if (length > maxBytes) throw refuse('tooLarge');
	if (!request.body) {
		// Read as nothing, valid JSON was refused as not JSON.
		if (untypedBody(request)) throw refuse('noContentType');
		return '';
	}
	const reader = request.body.getReader();
	const chunks: Uint8Array[] = [];
	let size = 0;
	for (;;) {
		let part: ReadableStreamReadResult<Uint8Array>;
		try {
			part = idle ? await readWithin(reader, idle.ms) : await reader.read();
		} catch (e) {
			if (e !== STALLED || !idle) throw refuse('invalidBody');
			void reader.cancel().catch(() => undefined);
			throw refuse(idle.code, { seconds: Math.round(idle.ms / 1000) });
		}
		if (part.done) break;
		size += part.value.byteLength;
		if (size > maxBytes) {
			void drain(reader);
			throw refuse('tooLarge');
		}
		chunks.push(part.value);
	}
	return new TextDecoder().decode(Buffer.concat(chunks));
}

/**
 * Reads the rest of a refused body and drops it, as adapter-node does past its own limit: a
 * client still sending then gets the answer, where a connection closed on unread bytes is reset
 * (and cancelling the stream makes adapter-node cut it at once).
 */
export async function drain(reader: ReadableStreamDefaultReader<Uint8Array>): Promise<void> {
	try {
		while (!(await reader.read()).done);
	} catch {
		// The client went away.
	}
}

/** Whether a parsed JSON value holds a NUL character in any string or key. */
function hasNul(value: unknown): boolean {
	const stack = [value];
	while (stack.length) {
		const v = stack.pop();
		if (typeof v === 'string') {
			if (v.includes('\u0000')) return true;
		} else if (v && typeof v === 'object') {
			for (const [k, x] of Object.entries(v)) {
				if (k.includes('\u0000')) return true;
				stack.push(x);
			}
		}
	}
	return false;
}

export function parseBody<S extends z.ZodType>(text: string, schema: S): z.infer<S> {
	let body: unknown;
	try {
		body = JSON.parse(text);
	} catch {
		throw refuse('invalidJson');
	}
	// PostgreSQL's text cannot hold NUL: refused here, once, rather than as a 500 at the insert.
	// JSON can only carry a NUL as the escape \u0000 (a raw control character is not valid JSON),
	// so a body without that text needs no walk.
	if (text.includes('\\u0000') && hasNul(body)) throw refuse('nulCharacter');
	const parsed = schema.safeParse(body);
	if (!parsed.success) {
		const issue = parsed.error.issues[0];
		throw refuse('invalidBody', { path: issue?.path.join('.') ?? '' });
	}
	return parsed.data;
}

/** How long a body may send nothing before it is given up, and the refusal it then gets. */
export interface IdleDeadline {
	ms: number;
	code: ApiCode;
}

/** The body parsed and checked against `schema`, refused past `maxBytes` or `idle` (readText). */
export async function readJson<S extends z.ZodType>(
	request: Request,
	schema: S,
	maxBytes = MAX_BODY_BYTES,
	idle?: IdleDeadline
): Promise<z.infer<S>> {
	return parseBody(await readText(request, maxBytes, idle), schema);
}

/** Wraps an endpoint so a Refusal thrown while reading the request becomes its response. */
export function api<E extends { request: Request }>(
	fn: (event: E) => Promise<Response>
): (event: E) => Promise<Response> {
	return async (event) => {
		try {
			return await fn(event);
		} catch (e) {
			if (e instanceof Refusal) return failureResponse(e.failure, localeOf(event.request));
			throw e;
		}
	};
}

/** Whether a submitted form holds a NUL in a field name or text value (files aside). */
export function formHasNul(form: FormData): boolean {
	for (const [k, v] of form.entries()) {
		if (k.includes('\u0000') || (typeof v === 'string' && v.includes('\u0000'))) return true;
	}
	return false;
}

/** A whole number typed in a form field; an empty field is an error, not 0. */
export function wholeNumberField(min: number, max: number) {
	return z.string().trim().regex(/^\d+$/).transform(Number).pipe(z.number().int().min(min).max(max));
}
