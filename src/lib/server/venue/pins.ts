// The secrets a tablet checks offline: PIN verifiers (made once per finalist) and the
// proctor's two codes for each tablet (proctor mode; unlock after wrong PINs).
import { createHmac, randomBytes } from 'node:crypto';
import type { Db } from '../db';
import type { VenueRoom } from '../db/tables-venue';
import { base32, makePinVerifier, type PinVerifier } from '$lib/exam/venue-crypto';

const tabletCodes = new Map<string, string>();
const TABLET_CODES_MAX = 40_000;

/**
 * One of a tablet's two codes: 10 characters (50 bits) of HMAC(code key, `label|deviceId`),
 * shown as two groups of five. The tablet holds only a slow verifier of each. Kept once made:
 * the console's grid shows every tablet's, each time it is made.
 */
function tabletCode(venue: Pick<VenueRoom, 'code_key'>, label: string, deviceId: string): string {
	const key = `${venue.code_key}|${label}|${deviceId}`;
	let held = tabletCodes.get(key);
	if (held === undefined) {
		const code = base32(
			new Uint8Array(createHmac('sha256', venue.code_key).update(`${label}|${deviceId}`).digest())
		).slice(0, 10);
		held = `${code.slice(0, 5)}-${code.slice(5)}`;
		if (tabletCodes.size >= TABLET_CODES_MAX) tabletCodes.delete(tabletCodes.keys().next().value!);
		tabletCodes.set(key, held);
	}
	return held;
}

/**
 * The code that opens proctor mode on a tablet (release, export, wipe): the proctor types it
 * himself and never reads it out. Its label is the one the single code had before the PIN
 * unlock got its own, so tablets holding an older package (`unlockCheck` only) still accept it.
 */
export const proctorModeCode = (venue: Pick<VenueRoom, 'code_key'>, deviceId: string) =>
	tabletCode(venue, 'unlock', deviceId);

/**
 * The code that lets a tablet take sign-ins again after three wrong PINs; the proctor may read
 * it out to the finalist. It opens nothing else.
 */
export const pinUnlockCode = (venue: Pick<VenueRoom, 'code_key'>, deviceId: string) =>
	tabletCode(venue, 'pin-unlock', deviceId);

export const salt = () => new Uint8Array(randomBytes(16));

/** Verifiers being made in this process: tablets asking at once share the slow step. */
const making = new Map<string, Promise<PinVerifier>>();

/** A finalist's PIN verifier, made once (the slow step) and kept with the finalist. */
export async function pinVerifierOf(
	db: Db,
	roomId: string,
	f: { id: string; sbd: string; pin: string; pin_verifier: string | null }
): Promise<PinVerifier> {
	if (f.pin_verifier) return JSON.parse(f.pin_verifier) as PinVerifier;
	const key = `${f.id}|${f.pin}`;
	let pending = making.get(key);
	if (!pending) {
		pending = (async () => {
			const v = await makePinVerifier(roomId, f.sbd, f.pin, salt());
			await db
				.updateTable('finalist')
				.set({ pin_verifier: JSON.stringify(v) })
				.where('id', '=', f.id)
				.where('pin_verifier', 'is', null)
				.execute();
			return v;
		})().finally(() => making.delete(key));
		making.set(key, pending);
	}
	return pending;
}

/** Makes the room's missing PIN verifiers now (with a new enrolment code), not as tablets ask. */
export async function ensurePinVerifiers(db: Db, roomId: string): Promise<void> {
	const missing = await db
		.selectFrom('finalist')
		.select(['id', 'sbd', 'pin', 'pin_verifier'])
		.where('room_id', '=', roomId)
		.where('pin_verifier', 'is', null)
		.execute();
	for (const f of missing) await pinVerifierOf(db, roomId, f);
}
