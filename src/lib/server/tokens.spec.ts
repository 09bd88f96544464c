// The check of a bearer token, and the cache that spares repeating it for the same string.
import { describe, expect, it } from 'vitest';
import { issueToken, readToken, type TokenClaims } from './tokens';

const secret = Buffer.from('a-secret-of-this-process-0123456789');
const other = Buffer.from('the-secret-of-another-process-98765');
const tablet: TokenClaims = { kind: 'device', roomId: 'room-1', deviceId: 'tablet-7' };

describe('readToken', () => {
	it('reads what was issued, and a second read of the same string is served from the cache', () => {
		const token = issueToken(secret, tablet);
		const first = readToken(secret, token);
		expect(first).toEqual(tablet);
		// The same object: the MAC was not checked again (a fresh check parses a new object).
		expect(readToken(secret, token)).toBe(first);
		expect(Object.isFrozen(first)).toBe(true);
	});

	it('refuses a forged token even after the genuine one was read', () => {
		const token = issueToken(secret, tablet);
		expect(readToken(secret, token)).toEqual(tablet);
		const [payload, mac] = token.split('.');
		// Another room under the genuine MAC.
		const claimsElsewhere = Buffer.from(JSON.stringify({ ...tablet, roomId: 'room-2' })).toString(
			'base64url'
		);
		expect(readToken(secret, `${claimsElsewhere}.${mac}`)).toBeNull();
		// The genuine payload with one character of the MAC changed.
		const flipped = mac.slice(0, -1) + (mac.endsWith('A') ? 'B' : 'A');
		expect(readToken(secret, `${payload}.${flipped}`)).toBeNull();
		expect(readToken(secret, `${payload}.`)).toBeNull();
		expect(readToken(secret, payload)).toBeNull();
		expect(readToken(secret, '')).toBeNull();
		expect(readToken(secret, null)).toBeNull();
	});

	it('does not take a token read under one secret as valid under another', () => {
		const token = issueToken(secret, tablet);
		expect(readToken(secret, token)).toEqual(tablet);
		expect(readToken(other, token)).toBeNull();
		expect(readToken(other, issueToken(other, tablet))).toEqual(tablet);
	});
});
