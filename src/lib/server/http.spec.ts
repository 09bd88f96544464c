import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { messages } from '$lib/i18n';
import { failure, Refusal } from './failure';
import { STATUS, parseBody, refusal, wordRefusal } from './http';
import { z } from 'zod';

/** Every `failure('code'…)` written in the files the JSON API answers from. */
function codesIn(paths: string[]): Set<string> {
	const codes = new Set<string>();
	for (const p of paths)
		for (const m of readFileSync(p, 'utf8').matchAll(/failure\('(\w+)'/g)) codes.add(m[1]);
	return codes;
}
const dir = (d: string) =>
	readdirSync(d, { recursive: true, encoding: 'utf8' })
		.filter((f) => f.endsWith('.ts') && !f.endsWith('.spec.ts'))
		.map((f) => join(d, f));
const ORGANISER_PAGES = ['finalists.ts', 'rooms.ts', 'minutes.ts'];

describe('refusals', () => {
	it('gives every code the API answers with one status and a sentence in both languages', () => {
		const api = [
			...dir('src/lib/server/attempts'),
			...dir('src/lib/server/venue').filter((f) => !ORGANISER_PAGES.some((o) => f.endsWith(o))),
			'src/lib/server/access.ts',
			'src/lib/server/fast-path.ts',
			'src/lib/server/http.ts',
			'src/hooks.server.ts'
		];
		const codes = codesIn(api);
		expect(codes.size).toBeGreaterThan(30);
		for (const code of codes) {
			expect(STATUS, code).toHaveProperty(code);
			expect(messages('vi').api, code).toHaveProperty(code);
			expect(messages('en').api, code).toHaveProperty(code);
		}
	});

	it('words the organiser pages’ refusals from their own area', () => {
		const codes = codesIn(ORGANISER_PAGES.map((f) => `src/lib/server/venue/${f}`));
		for (const code of codes) {
			expect(messages('vi').venueAdmin.refused, code).toHaveProperty(code);
			expect(messages('en').venueAdmin.refused, code).toHaveProperty(code);
		}
	});

	it('answers in the reader’s language, with the parameters beside the sentence', () => {
		const f = failure('missingEvents', { missingFrom: 11 });
		expect(refusal(f, 'vi')).toEqual({
			status: 409,
			body: {
				error: {
					code: 'missingEvents',
					message: 'Máy chủ chưa nhận đủ câu trả lời; thiết bị sẽ gửi lại.',
					missingFrom: 11
				}
			}
		});
		const en = refusal(failure('tooYoung', { age: 16 }), 'en');
		expect(en.status).toBe(403);
		expect(en.body).toEqual({
			error: { code: 'tooYoung', message: 'This round is for candidates aged 16 or over.', age: 16 }
		});
	});

	it('tells a refusal that passes with time how long to wait, in whole seconds and in words', () => {
		// Rounded up, at least a second; in seconds below two minutes, then in minutes rounded up.
		// The units' words are the catalogue's; the numbers are the test's own.
		const e = messages('vi').errors;
		const seconds = (n: number) => `[${e.waitSeconds.replace('{seconds}', String(n))}]`;
		const minutes = (n: number) => `[${e.waitMinutes.replace('{minutes}', String(n))}]`;
		const vi = (ms: number) => wordRefusal('[{wait}]', { retryAfterMs: ms }, 'vi');
		expect(vi(0)).toEqual({ message: seconds(1), params: {}, retryAfterS: 1 });
		expect(vi(119_000)).toMatchObject({ message: seconds(119), retryAfterS: 119 });
		expect(vi(119_001)).toMatchObject({ message: minutes(2), retryAfterS: 120 });
		expect(vi(3_540_001)).toMatchObject({ message: minutes(60), retryAfterS: 3541 });
		// Through the API: `retryAfterS` beside the sentence, and Retry-After; never `retryAfterMs`.
		expect(refusal(failure('tooManyRegistrations', { retryAfterMs: 90_500 }), 'en')).toEqual({
			status: 429,
			body: {
				error: {
					code: 'tooManyRegistrations',
					message: 'Too many registrations from this network address. Please try again in 91 seconds.',
					retryAfterS: 91
				}
			},
			headers: { 'retry-after': '91' }
		});
	});

	it('refuses a body that fails the schema with the path of the first problem', () => {
		let thrown: unknown;
		try {
			parseBody('{"a": "x"}', z.object({ a: z.number() }));
		} catch (e) {
			thrown = e;
		}
		expect(thrown).toBeInstanceOf(Refusal);
		const r = refusal((thrown as Refusal).failure, 'vi');
		expect(r).toEqual({
			status: 400,
			body: { error: { code: 'invalidBody', message: 'Dữ liệu gửi lên không hợp lệ.', path: 'a' } }
		});
	});

	it('refuses a NUL written as \\u0000 anywhere, and takes the text \\\\u0000 (a backslash, then u0000)', () => {
		const schema = z.object({ a: z.record(z.string(), z.string()) });
		const code = (text: string) => {
			try {
				parseBody(text, schema);
				return 'ok';
			} catch (e) {
				return (e as Refusal).failure.code;
			}
		};
		expect(code('{"a": {"k": "x\\u0000y"}}')).toBe('nulCharacter');
		expect(code('{"a": {"k\\u0000": "x"}}')).toBe('nulCharacter');
		expect(code('{"a": {"k": "x\\\\u0000y"}}')).toBe('ok');
		expect(code('{"a": {"k": "x\u0000y"}}')).toBe('invalidJson');
	});
});
