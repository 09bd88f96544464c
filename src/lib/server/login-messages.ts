// A refused sign-in in the reader's language (form actions and the JSON API share it), and for a
// refusal that passes with time, how many seconds to wait (`retryAfterS`, sent as Retry-After too).
import { fmt, messages, type Locale } from '$lib/i18n';
import type { SignInResult } from './auth';

export function signInRefusal(
	result: Exclude<SignInResult, { ok: true }>,
	locale: Locale
): { status: 401 | 429; code: string; message: string; retryAfterS?: number } {
	const m = messages(locale);
	const seconds = Math.max(1, Math.ceil(Number(result.params?.retryAfterMs ?? 0) / 1000));
	if (result.code === 'tooManyTries') {
		const message =
			seconds < 120
				? fmt(m.account.errors.tooManyTriesSeconds, { seconds })
				: fmt(m.account.errors.tooManyTriesMinutes, { minutes: Math.ceil(seconds / 60) });
		return { status: 429, code: 'tooManyTries', message, retryAfterS: seconds };
	}
	if (result.code === 'busy')
		return { status: 429, code: 'busy', message: m.errors.busy, retryAfterS: seconds };
	if (result.code === 'tooManyFromAddress')
		return { status: 429, code: result.code, message: m.errors.tooManyFromAddress };
	return { status: 401, code: 'badLogin', message: m.errors.badLogin };
}
