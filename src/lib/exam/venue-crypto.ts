// The venue's cryptography, shared by the server (which makes keys and codes) and the
// tablet (which checks them offline): WebCrypto only, no I/O. Randomness is passed in.
//
// - The room's papers are encrypted with one AES-GCM paper key (AAD: the attempt id).
// - The start code (16 Crockford base32 characters, 80 bits) derives, by PBKDF2-SHA-256
//   with 600,000 iterations and the room id as salt, 512 bits: a wrapping key that unwraps
//   the paper key, and a code key that signs the proctor's short codes.
// - Short codes (pause, resume, lock, extend, start time) are an HMAC of code key, action,
//   value and seat; a tablet that stays offline checks them itself. An extend code carries
//   the seat's total extension, so applying one is idempotent (`extensionAfterCode`).
// - A finalist's PIN and the proctor's unlock code travel only as salted PBKDF2 verifiers:
//   whoever copies a tablet's package pays, per guess, what the tablet pays per sign-in.

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export const PBKDF2_ITERATIONS = 600_000;

const enc = new TextEncoder();
const subtle = () => globalThis.crypto.subtle;

function toB64(bytes: Uint8Array): string {
	let s = '';
	for (const b of bytes) s += String.fromCharCode(b);
	return btoa(s);
}

function fromB64(s: string): Uint8Array<ArrayBuffer> {
	const bin = atob(s);
	const out = new Uint8Array(bin.length);
	for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
	return out;
}

/** Crockford base32 of the bytes' bits (5 bits a character, the tail padded with zeros). */
export function base32(bytes: Uint8Array): string {
	let bits = 0;
	let value = 0;
	let out = '';
	for (const b of bytes) {
		value = (value << 8) | b;
		bits += 8;
		while (bits >= 5) {
			out += CROCKFORD[(value >>> (bits - 5)) & 31];
			bits -= 5;
		}
	}
	if (bits > 0) out += CROCKFORD[(value << (5 - bits)) & 31];
	return out;
}

/** What a person typed, as the canonical code: upper case, no dashes or spaces, O→0, I/L→1. */
export function normaliseCode(input: string): string {
	return input.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
}

/** 10 random bytes as a start code, shown in four groups: XXXX-XXXX-XXXX-XXXX. */
export function startCodeFrom(random10: Uint8Array): string {
	if (random10.length !== 10) throw new RangeError('a start code needs 80 random bits');
	return base32(random10).match(/.{4}/g)!.join('-');
}

export function isStartCode(input: string): boolean {
	return /^[0-9A-HJKMNP-TV-Z]{16}$/.test(normaliseCode(input));
}

export interface RoomKeys {
	wrapKey: CryptoKey;
	codeKey: CryptoKey;
}

/** The slow step (600,000 iterations): do it once per code and keep the keys. */
export async function deriveRoomKeys(startCode: string, roomId: string): Promise<RoomKeys> {
	const material = await subtle().importKey('raw', enc.encode(normaliseCode(startCode)), 'PBKDF2', false, [
		'deriveBits'
	]);
	const bits = new Uint8Array(
		await subtle().deriveBits(
			{ name: 'PBKDF2', hash: 'SHA-256', salt: enc.encode(roomId), iterations: PBKDF2_ITERATIONS },
			material,
			512
		)
	);
	const wrapKey = await subtle().importKey('raw', bits.slice(0, 32), 'AES-GCM', false, [
		'encrypt',
		'decrypt'
	]);
	const codeKey = await subtle().importKey('raw', bits.slice(32), { name: 'HMAC', hash: 'SHA-256' }, true, [
		'sign',
		'verify'
	]);
	return { wrapKey, codeKey };
}

export interface Sealed {
	iv: string;
	data: string;
}

export async function importAesKey(raw: Uint8Array<ArrayBuffer>): Promise<CryptoKey> {
	return subtle().importKey('raw', raw, 'AES-GCM', true, ['encrypt', 'decrypt']);
}

export async function seal(
	key: CryptoKey,
	plaintext: Uint8Array<ArrayBuffer>,
	aad: string,
	iv: Uint8Array<ArrayBuffer>
): Promise<Sealed> {
	const data = new Uint8Array(
		await subtle().encrypt({ name: 'AES-GCM', iv, additionalData: enc.encode(aad) }, key, plaintext)
	);
	return { iv: toB64(iv), data: toB64(data) };
}

/** Throws when the key is wrong or the data was altered. */
export async function open(key: CryptoKey, sealed: Sealed, aad: string): Promise<Uint8Array<ArrayBuffer>> {
	return new Uint8Array(
		await subtle().decrypt(
			{ name: 'AES-GCM', iv: fromB64(sealed.iv), additionalData: enc.encode(aad) },
			key,
			fromB64(sealed.data)
		)
	);
}

export async function sealJson(
	key: CryptoKey,
	value: unknown,
	aad: string,
	iv: Uint8Array<ArrayBuffer>
): Promise<Sealed> {
	return seal(key, enc.encode(JSON.stringify(value)), aad, iv);
}

export async function openJson<T>(key: CryptoKey, sealed: Sealed, aad: string): Promise<T> {
	return JSON.parse(new TextDecoder().decode(await open(key, sealed, aad))) as T;
}

export function rawKeyFromB64(b64: string): Uint8Array<ArrayBuffer> {
	return fromB64(b64);
}

export function b64(bytes: Uint8Array): string {
	return toB64(bytes);
}

/** Unwraps the room's paper key with the key derived from the start code. */
export async function unwrapPaperKey(keys: RoomKeys, wrapped: Sealed, roomId: string): Promise<CryptoKey> {
	return importAesKey(await open(keys.wrapKey, wrapped, `paper-key:${roomId}`));
}

// ---------------------------------------------------------------- short codes

/**
 * P pause, R resume (room or seat), L lock, E extend (the seat's total extension after it),
 * T the room's start time (read out with the start code, so an offline tablet knows when
 * the room started).
 */
export type CodeAction = 'P' | 'R' | 'L' | 'E' | 'T';

export interface ShortCode {
	action: CodeAction;
	/**
	 * Tenths of a second since the room started for P, R and L (`codeTicks` in timer.ts);
	 * for E the seat's whole extension so far in minutes (`extendCodeValue`), not the minutes
	 * this one added; the start's time in tenths of a second modulo 2^25 for T.
	 */
	value: number;
	/** The seat it is for, or '*' for the whole room. */
	seat: string;
}

/**
 * What the MAC names each action. E is signed as `E+` since its value became the seat's total
 * (it was the minutes one extension added, and two extensions of 5 gave the same code, which a
 * tablet applied once): a tablet still running the build before that refuses a new extend code
 * instead of adding a total to what it has, and this build refuses an old one instead of taking
 * an increment for a total. The letter read out stays E.
 */
const SIGNED: Record<CodeAction, string> = { P: 'P', R: 'R', L: 'L', E: 'E+', T: 'T' };

async function mac(codeKey: CryptoKey, roomId: string, c: ShortCode): Promise<string> {
	const sig = new Uint8Array(
		await subtle().sign('HMAC', codeKey, enc.encode(`${roomId}|${c.seat}|${SIGNED[c.action]}|${c.value}`))
	);
	return base32(sig.slice(0, 5)).slice(0, 7);
}

/**
 * The value of the extend code for a seat whose extensions now total `extensionMs` (the
 * server's `extension_ms` after the extension). Extensions are whole minutes; were one not,
 * the tablet would be given less, never more, than the server counts.
 */
export function extendCodeValue(extensionMs: number): number {
	return Math.floor(extensionMs / 60_000);
}

/**
 * A tablet's extension after an extend code, from the extension it knew (by earlier codes).
 * The code is a total and totals only grow, so the larger wins: the same code twice, codes in
 * any order, or only the latest of them, all end at the seat's total, and a tablet that also
 * heard the server's extension online takes the larger of the two, never their sum.
 */
export function extensionAfterCode(knownMs: number, c: ShortCode): number {
	return c.action === 'E' ? Math.max(knownMs, c.value * 60_000) : knownMs;
}

/** A non-negative integer in Crockford base32 digits (no I, L, O or U to misread). */
export function base32Number(value: number): string {
	let v = Math.floor(value);
	let out = '';
	do {
		out = CROCKFORD[v % 32] + out;
		v = Math.floor(v / 32);
	} while (v > 0);
	return out;
}

function fromBase32Number(digits: string): number {
	let v = 0;
	for (const d of digits) v = v * 32 + CROCKFORD.indexOf(d);
	return v;
}

/** The letter read out for an action: K (khóa) for the lock, since L reads as 1. */
const SPOKEN: Record<CodeAction, string> = { P: 'P', R: 'R', L: 'K', E: 'E', T: 'T' };
const FROM_SPOKEN: Record<string, CodeAction> = { P: 'P', R: 'R', K: 'L', L: 'L', E: 'E', T: 'T' };

/**
 * A code a proctor reads out: the action's letter, S for one seat, the value in Crockford
 * base32, a dash, 7 characters of HMAC. Only letters and digits that cannot be misread.
 */
export async function makeShortCode(codeKey: CryptoKey, roomId: string, c: ShortCode): Promise<string> {
	const scope = c.seat === '*' ? '' : 'S';
	return `${SPOKEN[c.action]}${scope}${base32Number(c.value)}-${await mac(codeKey, roomId, c)}`;
}

/**
 * Reads a short code typed on a tablet; null unless it is genuine for this room and seat.
 * After the action's letter, 0 and 1 typed for O, I or L are accepted (as in Crockford base32).
 */
export async function checkShortCode(
	codeKey: CryptoKey,
	roomId: string,
	seat: string,
	input: string
): Promise<ShortCode | null> {
	const typed = input.toUpperCase().replace(/\s/g, '');
	const action = FROM_SPOKEN[typed.charAt(0)];
	if (!action) return null;
	const rest = typed.slice(1).replace(/O/g, '0').replace(/[IL]/g, '1');
	const m = /^(S?)([0-9A-HJKMNP-TV-Z]{1,6})-?([0-9A-HJKMNP-TV-Z]{7})$/.exec(rest);
	if (!m) return null;
	// An S after the action is the seat mark, or the first digit of a room-wide value (S is
	// 25 in Crockford base32): both readings are tried, and only the genuine one has the right MAC.
	const readings: ShortCode[] = [{ action, value: fromBase32Number(m[2]), seat: m[1] ? seat : '*' }];
	if (m[1] && m[2].length < 6) readings.push({ action, value: fromBase32Number(`S${m[2]}`), seat: '*' });
	for (const c of readings) if ((await mac(codeKey, roomId, c)) === m[3]) return c;
	return null;
}

/**
 * PBKDF2 rounds of a PIN or unlock-code verifier. A check on a tablet takes a fraction of a
 * second; trying all 10^6 PINs of one finalist costs 10^6 times that, per finalist (salted).
 */
export const PIN_ITERATIONS = 300_000;

/** A salted, slow check of a secret typed on the tablet (a ticket PIN, the unlock code). */
export interface PinVerifier {
	salt: string;
	iterations: number;
	hash: string;
}

async function pinHash(salt: Uint8Array<ArrayBuffer>, iterations: number, label: string): Promise<string> {
	const material = await subtle().importKey('raw', enc.encode(label), 'PBKDF2', false, ['deriveBits']);
	return toB64(
		new Uint8Array(
			await subtle().deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt, iterations }, material, 256)
		)
	);
}

const pinLabel = (roomId: string, sbd: string, pin: string) =>
	`pin|${roomId}|${sbd.trim().toUpperCase()}|${pin.trim().toUpperCase()}`;

/** Made on the server, with fresh random salt, for the room's package. */
export async function makePinVerifier(
	roomId: string,
	sbd: string,
	pin: string,
	salt: Uint8Array<ArrayBuffer>,
	iterations = PIN_ITERATIONS
): Promise<PinVerifier> {
	return { salt: toB64(salt), iterations, hash: await pinHash(salt, iterations, pinLabel(roomId, sbd, pin)) };
}

/** Checked on the tablet, offline: the one slow step of a sign-in. */
export async function checkPin(v: PinVerifier, roomId: string, sbd: string, pin: string): Promise<boolean> {
	if (!v || typeof v !== 'object' || !(v.iterations > 0)) return false;
	return (await pinHash(fromB64(v.salt), v.iterations, pinLabel(roomId, sbd, pin))) === v.hash;
}

/**
 * A tablet's codes are checked as PINs under names no finalist can have: the proctor-mode
 * code's (named before the PIN unlock had its own code) and the PIN-unlock code's.
 */
export const unlockLabel = (deviceId: string) => `UNLOCK-${deviceId}`;
export const pinUnlockLabel = (deviceId: string) => `PIN-UNLOCK-${deviceId}`;
