// Signing out on a shared computer: send what this account left unsent, then remove its
// attempt tokens from IndexedDB so the next person at the keyboard cannot act for it, and its
// attempts that are wholly on the server and closed.
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

/**
 * Removes the account's attempt tokens; the sync engine leaves such attempts alone. An attempt
 * closed on the server with every answer there is removed whole (its paper, answers, chain and
 * checkpoint): the next person at a shared computer has no business with a graded paper, and the
 * server keeps what counts. What is unsent or was refused stays, as does a practice paper the
 * server never recorded (it lives only here).
 */
export async function forgetTokens(db: PhongThiDb, userId: string): Promise<void> {
	// One transaction: an answer another tab appends meanwhile is either seen here or made after.
	await db.transaction('rw', [db.attempts, db.outbox, db.chains, db.checkpoints], async () => {
		const attempts = await accountAttempts(db, userId);
		const done: string[] = [];
		for (const a of attempts) {
			if (a.status !== 'submitted' || a.unrecorded) continue;
			const unsent = await db.outbox
				.where('[attemptId+status]')
				.anyOf([
					[a.attemptId, 'pending'],
					[a.attemptId, 'rejected']
				])
				.count();
			if (unsent === 0) done.push(a.attemptId);
		}
		await db.outbox
			.where('[attemptId+status]')
			.anyOf(done.map((id) => [id, 'sent']))
			.delete();
		await db.chains.filter((c) => done.includes(c.attemptId)).delete();
		await db.checkpoints.bulkDelete(done);
		await db.attempts.bulkDelete(done);
		const kept = attempts.map((a) => a.attemptId).filter((id) => !done.includes(id));
		await db.attempts.where('attemptId').anyOf(kept).modify({ token: '', signedOut: true });
	});
}
