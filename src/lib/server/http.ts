// JSON API plumbing: every error is {error: {code, message}} with a 4xx and a Vietnamese
// message; bodies are parsed with zod and refused whole when they do not fit.
import { json } from '@sveltejs/kit';
import { z } from 'zod';
import { messages, type Messages } from '$lib/i18n';

export type ApiErrorCode = keyof Messages['errors'] | string;

export function apiError(
	status: number,
	code: ApiErrorCode,
	message?: string,
	extra: Record<string, unknown> = {}
) {
	const errors = messages('vi').errors as Record<string, string>;
	return json(
		{ error: { code, message: message ?? errors[code] ?? errors.invalidBody, ...extra } },
		{ status }
	);
}

export class ApiFailure extends Error {
	constructor(readonly response: Response) {
		super('api failure');
	}
}

/** Largest JSON body any endpoint takes; a sync batch is at most 64 KB of events. */
export const MAX_BODY_BYTES = 256 * 1024;

/**
 * For endpoints whose body is optional: null when the body is empty or `{}`, else the body
 * parsed and checked like readJson (chunked bodies included, since the text is read).
 */
export async function readOptionalJson<S extends z.ZodType>(
	request: Request,
	schema: S
): Promise<z.infer<S> | null> {
	const text = await readText(request);
	if (text.trim() === '' || /^\{\s*\}$/.test(text.trim())) return null;
	return parseBody(text, schema);
}

async function readText(request: Request): Promise<string> {
	const length = Number(request.headers.get('content-length') ?? 0);
	if (length > MAX_BODY_BYTES) throw new ApiFailure(apiError(413, 'tooLarge', 'Dữ liệu gửi lên quá lớn.'));
	let text: string;
	try {
		text = await request.text();
	} catch {
		throw new ApiFailure(apiError(400, 'invalidBody'));
	}
	if (text.length > MAX_BODY_BYTES)
		throw new ApiFailure(apiError(413, 'tooLarge', 'Dữ liệu gửi lên quá lớn.'));
	return text;
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
		throw new ApiFailure(apiError(400, 'invalidJson', 'Dữ liệu gửi lên không phải JSON hợp lệ.'));
	}
	// PostgreSQL's text cannot hold NUL: refused here, once, rather than as a 500 at the insert.
	if (hasNul(body))
		throw new ApiFailure(apiError(400, 'nulCharacter', messages('vi').account.errors.nulCharacter));
	const parsed = schema.safeParse(body);
	if (!parsed.success) {
		const issue = parsed.error.issues[0];
		throw new ApiFailure(apiError(400, 'invalidBody', undefined, { path: issue?.path.join('.') ?? '' }));
	}
	return parsed.data;
}

export async function readJson<S extends z.ZodType>(request: Request, schema: S): Promise<z.infer<S>> {
	return parseBody(await readText(request), schema);
}

/** Wraps an endpoint so an ApiFailure becomes its response. */
export function api<E>(fn: (event: E) => Promise<Response>): (event: E) => Promise<Response> {
	return async (event) => {
		try {
			return await fn(event);
		} catch (e) {
			if (e instanceof ApiFailure) return e.response;
			throw e;
		}
	};
}

/** The response for a domain function's failure. */
export function failureResponse(f: {
	status: number;
	code: string;
	message: string;
	extra?: Record<string, unknown>;
}) {
	return apiError(f.status, f.code, f.message, f.extra ?? {});
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
