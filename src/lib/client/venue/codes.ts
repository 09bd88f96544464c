// What is typed on a tablet and checked there, offline: a finalist's PIN, the proctor's two
// codes for this tablet (PIN unlock after wrong PINs; proctor mode, where the release is), and
// the short codes the proctor reads out (pause, resume, extend, lock).
import {
	checkPin,
	checkShortCode,
	extensionAfterCode,
	normaliseCode,
	pinUnlockLabel,
	rawKeyFromB64,
	unlockLabel
} from '$lib/exam/venue-crypto';
import { codeTime } from '$lib/exam/timer';
import { localDb, type VenuePackage } from '../db';

type Finalists = VenuePackage['finalists'];

/**
 * Finalists who may sign in on this tablet: those the server last said it serves (`served`, the
 * view's finalist ids: the seat's finalist not served elsewhere, or one the proctor moved here),
 * as the server accepts their answers only from it (heartbeat.ts `deviceMayPost`). The seat's
 * finalist taken to another tablet is not among them, nor is a finalist of a seat this tablet
 * has left.
 */
export function signInCandidates(pkg: VenuePackage | null, served: string[]): Finalists {
	const ours = new Set(served);
	return (pkg?.finalists ?? []).filter((f) => ours.has(f.finalistId));
}

/** One slow check per sign-in: only the finalist with that số báo danh is tried. */
export async function matchPin(
	pkg: VenuePackage,
	candidates: Finalists,
	sbd: string,
	pin: string
): Promise<Finalists[number] | undefined> {
	const f = candidates.find((x) => x.sbd.toUpperCase() === sbd.trim().toUpperCase());
	return f && (await checkPin(f.pinCheck, pkg.roomId, f.sbd, pin)) ? f : undefined;
}

/**
 * A sign-in this tablet refused that names a finalist of the room with their right PIN: one it
 * does not serve (`signInCandidates`). Told apart from a wrong PIN, so the finalist and proctor
 * learn the tablet is the wrong one, and counted as no wrong try.
 */
export async function servedElsewhere(pkg: VenuePackage, sbd: string, pin: string): Promise<boolean> {
	return (await matchPin(pkg, pkg.finalists, sbd, pin)) !== undefined;
}

/**
 * The proctor-mode code for this tablet, as the console shows it (typed by the proctor, never
 * read out); checked offline (slow). The PIN-unlock code is not accepted here.
 */
export async function checkProctorCode(
	pkg: VenuePackage | null,
	deviceId: string,
	code: string
): Promise<boolean> {
	if (!pkg || !code.trim()) return false;
	return checkPin(pkg.unlockCheck, pkg.roomId, unlockLabel(deviceId), normaliseCode(code));
}

/**
 * The PIN-unlock code for this tablet (read out to the finalist after three wrong PINs);
 * checked offline (slow). A package downloaded before the two codes were split has no verifier
 * of it: there the one code it knows, the proctor-mode code, unlocks, as it did.
 */
export async function checkPinUnlockCode(
	pkg: VenuePackage | null,
	deviceId: string,
	code: string
): Promise<boolean> {
	if (!pkg?.pinUnlockCheck) return checkProctorCode(pkg, deviceId, code);
	if (!code.trim()) return false;
	return checkPin(pkg.pinUnlockCheck, pkg.roomId, pinUnlockLabel(deviceId), normaliseCode(code));
}

/**
 * Applies a pause, resume, extend or lock code the proctor read out to the attempt, once. An
 * extend code is the seat's total extension: the tablet keeps the largest it was given.
 * `roomStartedAt`: the room's start as the server last said, when known.
 */
export async function applyShortCode(
	pkg: VenuePackage,
	attemptId: string,
	input: string,
	roomStartedAt: number | null
): Promise<boolean> {
	const db = localDb();
	const keys = await db.venueKeys.get(pkg.roomId);
	const attempt = await db.attempts.get(attemptId);
	if (!keys || !attempt?.venue) return false;
	const codeKey = await crypto.subtle.importKey(
		'raw',
		rawKeyFromB64(keys.codeKey),
		{ name: 'HMAC', hash: 'SHA-256' },
		false,
		['sign', 'verify']
	);
	const c = await checkShortCode(codeKey, pkg.roomId, attempt.venue.seatId ?? '', input);
	if (!c) return false;
	const key = input.toUpperCase().replace(/[\s-]/g, '');
	if (attempt.venue.codes.includes(key)) return true;
	const v = { ...attempt.venue, codes: [...attempt.venue.codes, key] };
	if (c.action === 'P' || c.action === 'R') {
		// Placed on the room's timeline when the tablet knows when the room started.
		const roomStart = v.roomStartedAt ?? roomStartedAt;
		v.codePause = {
			paused: c.action === 'P',
			at: Date.now(),
			roomAt: roomStart === null ? undefined : codeTime(roomStart, c.value)
		};
	}
	v.codeExtensionMs = extensionAfterCode(v.codeExtensionMs, c);
	if (c.action === 'L') v.lockedByCode = true;
	await db.attempts.update(attemptId, { venue: v });
	return true;
}
