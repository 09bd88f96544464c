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

export function readToken(secret: Buffer, token: string | null | undefined): TokenClaims | null {
	if (!token) return null;
	const [payload, mac] = token.split('.');
	if (!payload || !mac) return null;
	const expected = Buffer.from(sign(secret, payload));
	const given = Buffer.from(mac);
	if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
	try {
		return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as TokenClaims;
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
