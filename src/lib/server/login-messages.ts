// A refused sign-in in the reader's language (form actions and the JSON API share it), and for a
// refusal that passes with time, how many seconds to wait (`retryAfterS`, sent as Retry-After too;
// both worked out once, in http.ts `wordRefusal`).
import { messages, type Locale } from '$lib/i18n';
import type { SignInResult } from './auth';
import { wordRefusal } from './http';

export function signInRefusal(
	result: Exclude<SignInResult, { ok: true }>,
	locale: Locale
): { status: 401 | 429; code: string; message: string; retryAfterS?: number } {
	const m = messages(locale);
	if (result.code === 'tooManyTries') {
		const { message, retryAfterS } = wordRefusal(m.account.errors.tooManyTries, result.params, locale);
		return { status: 429, code: 'tooManyTries', message, retryAfterS };
	}
	if (result.code === 'busy') {
		const { message, retryAfterS } = wordRefusal(m.errors.busy, result.params, locale);
		return { status: 429, code: 'busy', message, retryAfterS };
	}
	if (result.code === 'tooManyFromAddress')
		return { status: 429, code: result.code, message: m.errors.tooManyFromAddress };
	return { status: 401, code: 'badLogin', message: m.errors.badLogin };
}
