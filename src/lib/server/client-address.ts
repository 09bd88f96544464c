// The one way a request's client address becomes the key every per-address limit counts by
// (sign-in, registration, password reset, result look-up, the hashing queue's fair shares).
// - An IPv6 client is counted by its /64: one subscriber, one home or one phone usually holds a
//   whole /64 and may send from any of its 2^64 addresses (privacy extensions change it daily).
// - An IPv4 address written as IPv6 (`::ffff:203.0.113.7`, as a server listening on `::` sees
//   IPv4 clients) is that IPv4 address, so both spellings count together.
// - Behind a proxy (ADDRESS_HEADER), adapter-node throws when the header is missing and hands on
//   whatever the header holds; a request without a real address in it did not come through the
//   proxy, and is refused with 400 `badAddress` rather than a 500 or a key anyone can make up.
import { isIP } from 'node:net';
import { error } from '@sveltejs/kit';
import { messages, type Locale } from '$lib/i18n';
import { refuse } from './failure';

/** The key of an address: IPv4 as written, IPv6 as its /64; null when `raw` is no IP address. */
export function addressKey(raw: string): string | null {
	const address = raw.trim();
	const version = isIP(address);
	if (version === 4) return address;
	if (version !== 6) return null;
	const groups = ipv6Groups(address.replace(/%.*$/, ''));
	if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff)
		return [groups[6] >> 8, groups[6] & 0xff, groups[7] >> 8, groups[7] & 0xff].join('.');
	return `${groups
		.slice(0, 4)
		.map((g) => g.toString(16))
		.join(':')}::/64`;
}

/** The eight 16-bit groups of an address `isIP` took for IPv6 (zone removed). */
function ipv6Groups(address: string): number[] {
	let text = address.toLowerCase();
	const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
	if (dotted) {
		const [a, b, c, d] = dotted.slice(1).map(Number);
		text = `${text.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
	}
	const [head, tail] = text.split('::');
	const parse = (part: string | undefined) => (part ? part.split(':').map((g) => parseInt(g, 16)) : []);
	const front = parse(head);
	const back = parse(tail);
	return [...front, ...Array(8 - front.length - back.length).fill(0), ...back];
}

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
