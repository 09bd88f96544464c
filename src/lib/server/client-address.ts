// The one way a request's client address becomes the key every per-address limit counts by
// (sign-in, registration, password reset, result look-up, the hashing queue's fair shares): its
// `addressKey` (server/address-key.js, shared with the server's connection count: IPv6 by its
// /64, `::ffff:` IPv4 as IPv4).
// - Behind a proxy (ADDRESS_HEADER), adapter-node throws when the header is missing and hands on
//   whatever the header holds; a request without a real address in it did not come through the
//   proxy, and is refused with 400 `badAddress` rather than a 500 or a key anyone can make up.
import { error } from '@sveltejs/kit';
import { messages, type Locale } from '$lib/i18n';
import { refuse } from './failure';
import { addressKey } from '../../../server/address-key.js';

export { addressKey };

/**
 * The rate-limit key of the request's client (adapter-node's `getClientAddress`, which reads
 * ADDRESS_HEADER behind a proxy). Throws a `badAddress` Refusal (400) when there is none: JSON
 * endpoints wrapped in `api()` answer it as such; form actions use `formClientKey`.
 */
export function clientKey(event: { getClientAddress(): string }): string {
	let raw: string;
	try {
		raw = event.getClientAddress();
	} catch {
		throw refuse('badAddress');
	}
	const key = addressKey(raw);
	if (key === null) throw refuse('badAddress');
	return key;
}

/** `clientKey` for a form action: a request without a client address gets the 400 error page. */
export function formClientKey(event: { getClientAddress(): string; locals: { locale: Locale } }): string {
	try {
		return clientKey(event);
	} catch {
		error(400, { message: messages(event.locals.locale).api.badAddress, code: 'badAddress' });
	}
}
