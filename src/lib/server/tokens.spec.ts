// The check of a bearer token, and the cache that spares repeating it for the same string.
import { describe, expect, it } from 'vitest';
import { cachedTokenCount, issueToken, MAX_TOKEN_LENGTH, readToken, type TokenClaims } from './tokens';

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

	it('refuses a genuine token with anything after it, and never caches the longer string', () => {
		const token = issueToken(secret, tablet);
		expect(readToken(secret, token)).toEqual(tablet);
		const before = cachedTokenCount(secret);
		for (const extended of [
			`${token}.`,
			`${token}.x`,
			`${token}.${token}`,
			`${token}.0${'x'.repeat(15_000)}`
		]) {
			expect(readToken(secret, extended)).toBeNull();
		}
		expect(readToken(secret, `${token}x`)).toBeNull();
		expect(readToken(secret, ` ${token}`)).toBeNull();
		expect(cachedTokenCount(secret)).toBe(before);
	});

	it('refuses a token longer than the bound, genuine MAC or not, before caching it', () => {
		const fresh = Buffer.from('a-secret-for-the-length-bound-000000');
		// Properly signed, but with claims no server issues: longer than MAX_TOKEN_LENGTH.
		const long = issueToken(fresh, { ...tablet, deviceId: 'd'.repeat(MAX_TOKEN_LENGTH) });
		expect(long.length).toBeGreaterThan(MAX_TOKEN_LENGTH);
		expect(readToken(fresh, long)).toBeNull();
		expect(cachedTokenCount(fresh)).toBe(0);
	});

	it('reads the longest claims we issue (ids of 64 characters, UUIDs) within the bound', () => {
		const id64 = 'x'.repeat(64);
		const uuid = '123e4567-e89b-12d3-a456-426614174000';
		const home: TokenClaims = { kind: 'attempt', attemptId: uuid, userId: uuid, deviceId: id64 };
		const venue: TokenClaims = { kind: 'device', roomId: id64, deviceId: id64 };
		for (const claims of [home, venue]) {
			const token = issueToken(secret, claims);
			expect(token.length).toBeLessThan(MAX_TOKEN_LENGTH / 2);
			expect(readToken(secret, token)).toEqual(claims);
		}
	});
});
