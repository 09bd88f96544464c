// Appending an answer change to the outbox. The seq and the previous hash are read and
// written in one Dexie transaction, so two tabs and the service worker sharing a device id
// never reuse a number; the caller confirms on screen only after this resolves.
import Dexie from 'dexie';
import { chainHash, type Choice } from '$lib/exam/events';
import type { OutboxEvent, PhongThiDb } from './db';

export async function appendAnswer(
	db: PhongThiDb,
	a: {
		attemptId: string;
		deviceId: string;
		questionId: string;
		choice: Choice;
		elapsedMs: number;
		at: number;
	}
): Promise<OutboxEvent> {
	return db.transaction('rw', db.chains, db.outbox, async () => {
		const head = await db.chains.get([a.attemptId, a.deviceId]);
		const seq = (head?.lastSeq ?? 0) + 1;
		const prev = head?.lastHash ?? a.attemptId;
		// Elapsed time never decreases on a device, whatever the clocks did.
		const elapsedMs = Math.max(a.elapsedMs, head?.lastElapsedMs ?? 0);
		const base = { seq, questionId: a.questionId, choice: a.choice, at: a.at, elapsedMs };
		// WebCrypto is not IndexedDB: waitFor keeps the transaction open while it hashes.
		const hash = await Dexie.waitFor(chainHash(prev, base));
		const event: OutboxEvent = {
			...base,
			hash,
			attemptId: a.attemptId,
			deviceId: a.deviceId,
			status: 'pending'
		};
		await db.outbox.add(event);
		await db.chains.put({
			attemptId: a.attemptId,
			deviceId: a.deviceId,
			lastSeq: seq,
			lastHash: hash,
			lastElapsedMs: elapsedMs
		});
		return event;
	});
}

/** The device's current answers: for each question, its event with the highest seq. */
export async function currentAnswers(
	db: PhongThiDb,
	attemptId: string,
	deviceId: string
): Promise<Map<string, Choice>> {
	const events = await db.outbox
		.where('[attemptId+deviceId+seq]')
		.between([attemptId, deviceId, Dexie.minKey], [attemptId, deviceId, Dexie.maxKey])
		.toArray();
	const answers = new Map<string, Choice>();
	for (const e of events) answers.set(e.questionId, e.choice); // ascending seq: later wins
	return answers;
}

export async function lastSeq(db: PhongThiDb, attemptId: string, deviceId: string): Promise<number> {
	return (await db.chains.get([attemptId, deviceId]))?.lastSeq ?? 0;
}
