// Signing out on a shared computer: send what this account left unsent, then remove its
// attempt tokens from IndexedDB so the next person at the keyboard cannot act for it.
// Unsent answers themselves stay (nothing is lost); they go once the same candidate signs
// in here again and resumes, which brings a fresh token.
import type { PhongThiDb } from './db';
import { flushAttempt, type SyncDeps } from './sync';

/** Online attempts of this account (a venue tablet's attempts belong to the device). */
async function accountAttempts(db: PhongThiDb, userId: string) {
	return (await db.attempts.where('userId').equals(userId).toArray()).filter((a) => !a.venue);
}

/** Answers and submissions of this account not yet on the server. */
export async function unsentOf(db: PhongThiDb, userId: string): Promise<number> {
	let n = 0;
	for (const a of await accountAttempts(db, userId)) {
		// A practice paper the server will not record is kept on the device, never sent.
		if (a.signedOut || a.unrecorded) continue;
		n += await db.outbox.where('[attemptId+status]').equals([a.attemptId, 'pending']).count();
		if (a.status === 'submitted-local') n += 1;
	}
	return n;
}

/** Tries to send everything this account left unsent; returns how much is still unsent. */
export async function sendUnsent(deps: SyncDeps, userId: string): Promise<number> {
	for (const a of await accountAttempts(deps.db, userId)) {
		if (a.signedOut || a.unrecorded) continue;
		const pending = await deps.db.outbox.where('[attemptId+status]').equals([a.attemptId, 'pending']).count();
		if (pending > 0 || a.status === 'submitted-local') await flushAttempt(deps, a.attemptId);
	}
	return unsentOf(deps.db, userId);
}

/** Removes the account's attempt tokens; the sync engine leaves such attempts alone. */
export async function forgetTokens(db: PhongThiDb, userId: string): Promise<void> {
	const ids = (await accountAttempts(db, userId)).map((a) => a.attemptId);
	await db.attempts.where('attemptId').anyOf(ids).modify({ token: '', signedOut: true });
}
