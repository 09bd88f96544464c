// The one rule for a server that gave no usable answer: no `{error: {message}}` body (a proxy's
// 502, a server restarting, an HTML error page) or no answer at all. Client code holds NO_SERVER
// in place of a status code, and each screen says it with a sentence from the catalogue.

/**
 * Held, and stored (an attempt's `problem`, an outbox row's `error`), where the server's own
 * sentence would be. No sentence the server words starts with a NUL.
 */
export const NO_SERVER = '\u0000no-server';

/** The server's own sentence from its JSON error body; NO_SERVER when it gave none. */
export function serverMessage(body: unknown): string {
	const message = (body as { error?: { message?: unknown } } | null | undefined)?.error?.message;
	return typeof message === 'string' && message !== '' ? message : NO_SERVER;
}

/** What a screen shows for a held message: its own catalogue sentence in place of NO_SERVER. */
export function shownMessage(message: string, noServer: string): string {
	return message === NO_SERVER ? noServer : message;
}
