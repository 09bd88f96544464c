// HMAC-signed bearer tokens and receipts. A token names what it may act on; the server
// checks the rest (attempt still open, device still seated) at use.
import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * A token speaks for one device: a home token for the (attempt, device) it was issued to at
 * start or resume, a venue token for the enrolled tablet. A batch or submit naming another
 * device is refused (access.ts `speaksFor`).
 */
export type TokenClaims =
	| { kind: 'attempt'; attemptId: string; userId: string; deviceId: string }
	| { kind: 'device'; roomId: string; deviceId: string };

function sign(secret: Buffer, payload: string): string {
	return createHmac('sha256', secret).update(payload).digest('base64url');
}

export function issueToken(secret: Buffer, claims: TokenClaims): string {
	const payload = Buffer.from(JSON.stringify(claims)).toString('base64url');
	return `${payload}.${sign(secret, payload)}`;
}

/**
 * The longest token we take, well above the longest we issue (claims with ids of at most 64
 * characters: about 300). Anything longer is refused before the cache or the MAC sees it.
 */
export const MAX_TOKEN_LENGTH = 1024;

/**
 * The one form a token has: base64url payload, one dot, the 43 characters of its SHA-256 MAC.
 * With the MAC compared as the exact string issued, a token has one spelling, so the cache
 * below is keyed on the canonical token (no `token.<anything>` variants).
 */
const TOKEN_FORM = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/;

/**
 * Tokens already checked, per secret: a tablet sends the same token with every heartbeat and
 * batch, and checking its MAC each time (an HMAC) was a twentieth of the server's time under
 * load. A hit is the exact string seen and verified before under that secret; a forged token
 * never enters. Bounded: when full, it starts again empty.
 */
const verified = new WeakMap<Buffer, Map<string, TokenClaims>>();
const VERIFIED_MAX = 50_000;

export function readToken(secret: Buffer, token: string | null | undefined): TokenClaims | null {
	if (!token || token.length > MAX_TOKEN_LENGTH || !TOKEN_FORM.test(token)) return null;
	let known = verified.get(secret);
	const hit = known?.get(token);
	if (hit) return hit;
	const claims = verify(secret, token);
	if (claims) {
		if (!known) verified.set(secret, (known = new Map()));
		if (known.size >= VERIFIED_MAX) known.clear();
		known.set(token, claims);
	}
	return claims;
}

/** How many tokens the cache holds for `secret` (tests: what a refused token left behind). */
export function cachedTokenCount(secret: Buffer): number {
	return verified.get(secret)?.size ?? 0;
}

function verify(secret: Buffer, token: string): TokenClaims | null {
	const dot = token.indexOf('.');
	const payload = token.slice(0, dot);
	const mac = token.slice(dot + 1);
	const expected = Buffer.from(sign(secret, payload));
	const given = Buffer.from(mac);
	if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
	try {
		return Object.freeze(JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as TokenClaims);
	} catch {
		return null;
	}
}

export function bearer(request: Request): string | null {
	const h = request.headers.get('authorization');
	return h?.startsWith('Bearer ') ? h.slice(7).trim() : null;
}

/** The server's receipt for a device's submitted log, checkable later by the organiser. */
export function receiptFor(
	secret: Buffer,
	r: { attemptId: string; deviceId: string; lastSeq: number; chainHead: string }
): string {
	return createHmac('sha256', secret)
		.update(['receipt', r.attemptId, r.deviceId, r.lastSeq, r.chainHead].join('\n'))
		.digest('hex');
}
