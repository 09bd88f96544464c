import { describe, expect, it } from 'vitest';
import {
	PIN_ITERATIONS,
	base32,
	checkPin,
	makePinVerifier,
	checkShortCode,
	deriveRoomKeys,
	importAesKey,
	isStartCode,
	makeShortCode,
	base32Number,
	normaliseCode,
	openJson,
	sealJson,
	startCodeFrom,
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
