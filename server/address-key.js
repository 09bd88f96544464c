// The key a client address is counted by, everywhere the server counts per address: every
// per-address limit of the app (src/lib/server/client-address.ts) and the connections one
// address may hold open (server/index.js). Plain JavaScript, so that server/index.js, which
// Node runs as it is, shares it with the app.
// - An IPv6 client is counted by its /64: one subscriber, one home or one phone usually holds a
//   whole /64 and may send from any of its 2^64 addresses (privacy extensions change it daily).
// - An IPv4 address written as IPv6 (`::ffff:203.0.113.7`, as a server listening on `::` sees
//   IPv4 clients) is that IPv4 address, so both spellings count together.
import { isIP } from 'node:net';

/**
 * The key of an address: IPv4 as written, IPv6 as its /64; null when `raw` is no IP address.
 * @param {string} raw
 * @returns {string | null}
 */
export function addressKey(raw) {
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

/**
 * The eight 16-bit groups of an address `isIP` took for IPv6 (zone removed).
 * @param {string} address
 * @returns {number[]}
 */
function ipv6Groups(address) {
	let text = address.toLowerCase();
	const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
	if (dotted) {
		const [a, b, c, d] = dotted.slice(1).map(Number);
		text = `${text.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
	}
	const [head, tail] = text.split('::');
	/** @param {string | undefined} part */
	const parse = (part) => (part ? part.split(':').map((g) => parseInt(g, 16)) : []);
	const front = parse(head);
	const back = parse(tail);
	return [...front, ...Array(8 - front.length - back.length).fill(0), ...back];
}
