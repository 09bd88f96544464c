import { describe, expect, it } from 'vitest';
import {
	PIN_ITERATIONS,
	base32,
	checkPin,
	makePinVerifier,
	checkShortCode,
	deriveRoomKeys,
	extendCodeValue,
	extensionAfterCode,
	importAesKey,
	isStartCode,
	makeShortCode,
	base32Number,
	normaliseCode,
	openJson,
	sealJson,
	startCodeFrom,
	type ShortCode,
	unwrapPaperKey
} from './venue-crypto';

const bytes = (n: number, seed: number) =>
	Uint8Array.from({ length: n }, (_, i) => (i * 37 + seed * 11) & 255);

describe('start codes', () => {
	it('are 16 Crockford base32 characters in four groups, 80 bits', () => {
		const code = startCodeFrom(bytes(10, 1));
		expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$/);
		expect(isStartCode(code)).toBe(true);
		expect(isStartCode(code.toLowerCase().replace(/-/g, ' '))).toBe(true);
		expect(() => startCodeFrom(bytes(8, 1))).toThrow();
		expect(base32(Uint8Array.from([0xff]))).toBe('ZW');
		expect(normaliseCode('ab-0o il')).toBe('AB0011');
	});

	it('unwraps the paper key only with the right code and room', async () => {
		const code = startCodeFrom(bytes(10, 2));
		const paperKey = await importAesKey(bytes(32, 3));
		const keys = await deriveRoomKeys(code, 'room-1');
		const raw = new Uint8Array(await crypto.subtle.exportKey('raw', paperKey));
		const wrapped = await sealJson(keys.wrapKey, null, 'x', bytes(12, 4)); // shape check only
		expect(wrapped.iv).toBeTruthy();
		const { seal } = await import('./venue-crypto');
		const wrappedKey = await seal(keys.wrapKey, raw, 'paper-key:room-1', bytes(12, 5));
		const paper = await sealJson(
			paperKey,
			{ questions: ['Câu hỏi có dấu tiếng Việt'] },
			'attempt-9',
			bytes(12, 6)
		);

		const typed = code.toLowerCase().replace(/-/g, ' ');
		const unwrapped = await unwrapPaperKey(await deriveRoomKeys(typed, 'room-1'), wrappedKey, 'room-1');
		expect(await openJson(unwrapped, paper, 'attempt-9')).toEqual({
			questions: ['Câu hỏi có dấu tiếng Việt']
		});
		await expect(openJson(unwrapped, paper, 'attempt-8')).rejects.toThrow();
		const wrongCode = startCodeFrom(bytes(10, 7));
		await expect(
			unwrapPaperKey(await deriveRoomKeys(wrongCode, 'room-1'), wrappedKey, 'room-1')
		).rejects.toThrow();
		await expect(
			unwrapPaperKey(await deriveRoomKeys(code, 'room-2'), wrappedKey, 'room-1')
		).rejects.toThrow();
	});
});

describe('short codes', () => {
	it('carry action, value and seat, and refuse tampering or another seat', async () => {
		const { codeKey } = await deriveRoomKeys(startCodeFrom(bytes(10, 8)), 'room-1');
		const pause = await makeShortCode(codeKey, 'room-1', { action: 'P', value: 754, seat: '*' });
		expect(pause).toMatch(/^P[0-9A-HJKMNP-TV-Z]+-[0-9A-HJKMNP-TV-Z]{7}$/);
		expect(await checkShortCode(codeKey, 'room-1', 'seat-3', pause.toLowerCase())).toEqual({
			action: 'P',
			value: 754,
			seat: '*'
		});
		const extend = await makeShortCode(codeKey, 'room-1', { action: 'E', value: 5, seat: 'seat-3' });
		expect(await checkShortCode(codeKey, 'room-1', 'seat-3', extend)).toEqual({
			action: 'E',
			value: 5,
			seat: 'seat-3'
		});
		expect(await checkShortCode(codeKey, 'room-1', 'seat-4', extend)).toBeNull();
		expect(await checkShortCode(codeKey, 'room-2', 'seat-3', pause)).toBeNull();
		const forged = pause.replace(/^P/, 'K');
		expect(await checkShortCode(codeKey, 'room-1', 'seat-3', forged)).toBeNull();
		const bumped = pause.replace(/^P[0-9A-Z]+/, `P${base32Number(755)}`);
		expect(await checkShortCode(codeKey, 'room-1', 'seat-3', bumped)).toBeNull();
	});

	it.each([
		// a room-wide value whose first base-32 digit is S (25) reads like a seat's code
		[{ action: 'L' as const, value: 25 * 32 + 4, seat: '*' }],
		[{ action: 'P' as const, value: 25 * 1024 + 5, seat: '*' }],
		[{ action: 'R' as const, value: 25 * 32 + 4, seat: 'seat-3' }],
		[{ action: 'T' as const, value: 2 ** 25 - 1, seat: '*' }],
		[{ action: 'P' as const, value: 4, seat: 'seat-3' }]
	])('read back exactly as made: %o', async (c) => {
		const { codeKey } = await deriveRoomKeys(startCodeFrom(bytes(10, 9)), 'room-1');
		const code = await makeShortCode(codeKey, 'room-1', c);
		expect(await checkShortCode(codeKey, 'room-1', 'seat-3', code)).toEqual(c);
	});
});

describe('extend codes', () => {
	const MIN = 60_000;
	/** The codes a seat is given for extensions of these minutes, made as the server makes them. */
	async function extendCodes(codeKey: CryptoKey, seat: string, minutes: number[]) {
		let extensionMs = 0;
		const out: string[] = [];
		for (const m of minutes) {
			extensionMs += m * MIN;
			out.push(
				await makeShortCode(codeKey, 'room-1', { action: 'E', value: extendCodeValue(extensionMs), seat })
			);
		}
		return out;
	}
	/** What a tablet of that seat ends with after typing these codes (refused ones change nothing). */
	async function typed(codeKey: CryptoKey, seat: string, codes: string[], knownMs = 0) {
		let ms = knownMs;
		for (const code of codes) {
			const c = await checkShortCode(codeKey, 'room-1', seat, code);
			if (c) ms = extensionAfterCode(ms, c);
		}
		return ms;
	}

	it('differ for two extensions of the same length, and add up on the tablet to what was given', async () => {
		const { codeKey } = await deriveRoomKeys(startCodeFrom(bytes(10, 12)), 'room-1');
		const [first, second] = await extendCodes(codeKey, 'seat-2', [5, 5]);
		expect(first).not.toBe(second);
		expect(await typed(codeKey, 'seat-2', [first, second])).toBe(10 * MIN);
	});

	it('end at the same extension typed twice, out of order, or only the last', async () => {
		const { codeKey } = await deriveRoomKeys(startCodeFrom(bytes(10, 13)), 'room-1');
		const [a, b, c] = await extendCodes(codeKey, 'seat-2', [5, 5, 3]);
		for (const order of [[a, b, c], [c, b, a], [b, a, b, c, a, c], [c], [a, a, b, b, c, c]])
			expect(await typed(codeKey, 'seat-2', order)).toBe(13 * MIN);
		expect(await typed(codeKey, 'seat-2', [a, a])).toBe(5 * MIN);
	});

	it('are refused on another seat or in another room', async () => {
		const { codeKey } = await deriveRoomKeys(startCodeFrom(bytes(10, 14)), 'room-1');
		const [mine] = await extendCodes(codeKey, 'seat-2', [5]);
		const [theirs] = await extendCodes(codeKey, 'seat-3', [7]);
		expect(await typed(codeKey, 'seat-2', [theirs])).toBe(0);
		expect(await checkShortCode(codeKey, 'room-2', 'seat-2', mine)).toBeNull();
		const other = await deriveRoomKeys(startCodeFrom(bytes(10, 15)), 'room-2');
		expect(await checkShortCode(other.codeKey, 'room-1', 'seat-2', mine)).toBeNull();
	});

	it('never add to an extension the tablet already heard from the server', async () => {
		const { codeKey } = await deriveRoomKeys(startCodeFrom(bytes(10, 16)), 'room-1');
		const [first, second] = await extendCodes(codeKey, 'seat-2', [5, 5]);
		// Online it heard both (10 minutes); then both codes are typed: still 10.
		expect(await typed(codeKey, 'seat-2', [first, second], 10 * MIN)).toBe(10 * MIN);
		// It heard the first online, and is given the second by code: 10, not 15.
		expect(await typed(codeKey, 'seat-2', [second, first], 5 * MIN)).toBe(10 * MIN);
		// Other codes leave the extension alone.
		const pause: ShortCode = { action: 'P', value: 99, seat: 'seat-2' };
		expect(extensionAfterCode(7 * MIN, pause)).toBe(7 * MIN);
	});

	it('of the build that signed the minutes added are refused, not taken for a total', async () => {
		const { codeKey } = await deriveRoomKeys(startCodeFrom(bytes(10, 17)), 'room-1');
		// An extend code as that build made it: E, S, the minutes, an HMAC of `room|seat|E|minutes`.
		const sig = new Uint8Array(
			await crypto.subtle.sign('HMAC', codeKey, new TextEncoder().encode('room-1|seat-2|E|5'))
		);
		const old = `ES5-${base32(sig.slice(0, 5)).slice(0, 7)}`;
		expect(await checkShortCode(codeKey, 'room-1', 'seat-2', old)).toBeNull();
		const [now] = await extendCodes(codeKey, 'seat-2', [5]);
		expect(now).toMatch(/^ES5-/);
		expect(now).not.toBe(old);
	});

	it('carry whole minutes, never more than the server counts', () => {
		expect(extendCodeValue(10 * MIN)).toBe(10);
		expect(extendCodeValue(10 * MIN + 59_999)).toBe(10);
	});
});

describe('short codes can be read out and typed without mix-ups', () => {
	const misread = /[ILOU]/;
	it('never contain I, L, O or U, whatever the action, value or key', async () => {
		for (let k = 0; k < 4; k++) {
			const { codeKey } = await deriveRoomKeys(startCodeFrom(bytes(10, 20 + k)), `room-${k}`);
			for (const action of ['P', 'R', 'L', 'E', 'T'] as const) {
				// 18, 21, 24 and 27 are I, L, O and U's places in the base-32 digits 0–9A–V
				const value = [18, 21, 24, 27][k % 4] * 32 + k;
				const code = await makeShortCode(codeKey, `room-${k}`, { action, value, seat: '*' });
				expect(code).not.toMatch(misread);
			}
		}
		expect(base32Number(18 * 32 + 21)).toBe('JN');
	});

	it('accept 0 and 1 typed for O, I and L after the action letter, and the lock as K or L', async () => {
		const { codeKey } = await deriveRoomKeys(startCodeFrom(bytes(10, 11)), 'room-1');
		// Search a value and key whose code has a 0 and a 1 after the letter, so both swaps are tried.
		let c = { action: 'L' as const, value: 0, seat: '*' };
		let code = '';
		for (let v = 1; !/^K.*0/.test(code) || !/^K.*1/.test(code); v++) {
			c = { action: 'L', value: v, seat: '*' };
			code = await makeShortCode(codeKey, 'room-1', c);
		}
		expect(code.startsWith('K')).toBe(true);
		const typed =
			'K' +
			code
				.slice(1)
				.replace(/0/g, 'o')
				.replace(/1/g, () => 'I');
		expect(await checkShortCode(codeKey, 'room-1', 'seat-3', typed)).toEqual(c);
		const typedL = 'K' + code.slice(1).replace(/1/g, 'l');
		expect(await checkShortCode(codeKey, 'room-1', 'seat-3', typedL)).toEqual(c);
		expect(await checkShortCode(codeKey, 'room-1', 'seat-3', `L${code.slice(1)}`)).toEqual(c);
		expect(
			await checkShortCode(codeKey, 'room-1', 'seat-3', `K${code.slice(1)}`.replace(/-.*/, '-UUUUUUU'))
		).toBeNull();
	});
});

describe('PIN and unlock verifiers', () => {
	it('are salted, slow PBKDF2: the same PIN gives different verifiers, each checks only its PIN', async () => {
		const a = await makePinVerifier('room-1', 'CK0001', '123456', bytes(16, 1));
		const b = await makePinVerifier('room-1', 'CK0001', '123456', bytes(16, 2));
		expect(a.iterations).toBe(PIN_ITERATIONS);
		expect(PIN_ITERATIONS).toBeGreaterThanOrEqual(200_000);
		expect(a.hash).not.toBe(b.hash);
		expect(a.salt).not.toBe(b.salt);
		expect(await checkPin(a, 'room-1', 'ck0001 ', ' 123456')).toBe(true);
		expect(await checkPin(b, 'room-1', 'CK0001', '123456')).toBe(true);
		expect(await checkPin(a, 'room-1', 'CK0001', '123457')).toBe(false);
		expect(await checkPin(a, 'room-2', 'CK0001', '123456')).toBe(false);
		expect(await checkPin(a, 'room-1', 'CK0002', '123456')).toBe(false);
		// Not a plain digest of the PIN: the verifier is no SHA-256 of what today's check hashes.
		const plain = new Uint8Array(
			await crypto.subtle.digest('SHA-256', new TextEncoder().encode('pin|room-1|CK0001|123456'))
		);
		expect(a.hash).not.toBe(btoa(String.fromCharCode(...plain)));
	});

	it('refuses a verifier of the wrong shape (an old package) instead of throwing', async () => {
		expect(await checkPin('abc' as never, 'room-1', 'CK0001', '123456')).toBe(false);
	});
});
