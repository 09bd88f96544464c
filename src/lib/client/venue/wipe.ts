// Export and wipe: the tablet's sealed log for the proctor to upload, and erasing the room
// from the tablet, which the tablet itself refuses while anything is unsent.
import { del } from 'idb-keyval';
import { importAesKey, rawKeyFromB64, sealJson } from '$lib/exam/venue-crypto';
import { localDb, type PhongThiDb, type VenuePackage } from '../db';
import { KEYS } from './types';
import { wire } from '../sync';

/** Events not yet acknowledged (or refused) by the server, and submissions not yet received. */
export async function unsentCount(db: PhongThiDb = localDb()): Promise<number> {
	return (
		(await db.outbox.where('status').anyOf('pending', 'rejected').count()) +
		(await db.attempts.where('status').equals('submitted-local').count())
	);
}

/** Why a wipe is refused now, or null when it may go ahead. */
export type WipeRefusal = 'unsent' | 'signedIn' | null;

/**
 * Unsent data refuses a wipe whatever the console says: the console's permission (a lost
 * or broken tablet) only waives the finalist's sign-out, never the unsent answers.
 */
export function wipeRefusal(s: {
	unsent: number;
	signedIn: boolean;
	allowedByConsole: boolean;
}): WipeRefusal {
	if (s.unsent > 0) return 'unsent';
	if (s.signedIn && !s.allowedByConsole) return 'signedIn';
	return null;
}

/** Erases every trace of the room (the database and the tablet's facts); the device id stays. */
export async function eraseTablet(db: PhongThiDb = localDb()): Promise<void> {
	await db.delete();
	for (const k of Object.values(KEYS)) await del(k);
}

/** Why there is no log to hand over now: no room, no papers, no key yet, or nothing in it. */
export type ExportRefusal = 'notEnrolled' | 'noPackage' | 'noKey' | 'empty';

/** A sealed log with what it holds (for the proctor's sentence), or why there is none. */
export type LogExport =
	{ ok: true; blob: Blob; attempts: number; answers: number } | { ok: false; code: ExportRefusal };

/**
 * The tablet's whole log, sealed with the room's paper key, for the proctor to upload, with
 * the tablet's device token: the server ingests it with that tablet's rights. A log with no
 * answer and no submission in it is not made: uploading it would change nothing.
 */
export async function exportLog(
	pkg: VenuePackage | null,
	deviceId: string,
	token: string | null
): Promise<LogExport> {
	if (!token) return { ok: false, code: 'notEnrolled' };
	if (!pkg) return { ok: false, code: 'noPackage' };
	const db = localDb();
	const keys = await db.venueKeys.get(pkg.roomId);
	if (!keys) return { ok: false, code: 'noKey' };
	const attempts = await db.attempts.toArray();
	const content = {
		attempts: await Promise.all(
			attempts
				.filter((a) => a.kind === 'final')
				.map(async (a) => ({
					attemptId: a.attemptId,
					events: (
						await db.outbox
							.where('[attemptId+status]')
							.anyOf([a.attemptId, 'pending'], [a.attemptId, 'sent'], [a.attemptId, 'rejected'])
							.toArray()
					)
						.filter((e) => e.deviceId === deviceId)
						.sort((x, y) => x.seq - y.seq)
						.map(wire),
					localSubmit: a.localSubmit ? { lastSeq: a.localSubmit.lastSeq, reason: a.localSubmit.reason } : null
				}))
		)
	};
	const held = content.attempts.filter((a) => a.events.length > 0 || a.localSubmit !== null);
	if (held.length === 0) return { ok: false, code: 'empty' };
	const sealed = await sealJson(
		await importAesKey(rawKeyFromB64(keys.paperKey)),
		content,
		`export:${deviceId}`,
		crypto.getRandomValues(new Uint8Array(12))
	);
	const blob = new Blob(
		[JSON.stringify({ kind: 'phongthi-venue-log', roomId: pkg.roomId, deviceId, token, sealed })],
		{
			type: 'application/json'
		}
	);
	return {
		ok: true,
		blob,
		attempts: held.length,
		answers: held.reduce((n, a) => n + a.events.length, 0)
	};
}
