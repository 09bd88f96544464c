// Appending an answer change to the outbox. The seq and the previous hash are read and
// written in one Dexie transaction, so two tabs and the service worker sharing a device id
// never reuse a number; the caller confirms on screen only after this resolves.
import Dexie from 'dexie';
import { chainHash, type AnswerEvent, type Choice } from '$lib/exam/events';
import type { DeviceEvent } from '$lib/exam/merge';
import type { HeldAnswerEvent, OutboxEvent, PhongThiDb } from './db';

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

/**
 * Fetches what the server holds of this attempt (every device's events) so a second
 * browser or a replaced phone shows the answers already given. Null when it cannot be
 * reached in time: the device then goes on with what it has.
 */
export async function fetchHeldEvents(
	attemptId: string,
	token: string,
	timeoutMs = 6000,
	fetchFn: typeof fetch = (...a) => fetch(...a)
): Promise<HeldAnswerEvent[] | null> {
	if (!token) return null;
	const ctrl = new AbortController();
	const timer = setTimeout(() => ctrl.abort(), timeoutMs);
	try {
		const res = await fetchFn(`/api/attempts/${encodeURIComponent(attemptId)}/answers`, {
			headers: { authorization: `Bearer ${token}` },
			signal: ctrl.signal,
			cache: 'no-store'
		});
		if (!res.ok) return null;
		const body = (await res.json()) as { events?: HeldAnswerEvent[] };
		return Array.isArray(body.events) ? body.events : null;
	} catch {
		return null;
	} finally {
		clearTimeout(timer);
	}
}

/**
 * The answers to show: the server's events and this device's own log merged by the rule the
 * server counts by (src/lib/exam/merge.ts). This device's events count as far as it knows.
 * Only an attempt another device answered needs this (rare): the rule is loaded then, from
 * the service worker's precache when offline.
 */
export async function mergedAnswers(
	db: PhongThiDb,
	attemptId: string,
	deviceId: string,
	held: readonly HeldAnswerEvent[]
): Promise<Map<string, Choice>> {
	const own = await db.outbox
		.where('[attemptId+deviceId+seq]')
		.between([attemptId, deviceId, Dexie.minKey], [attemptId, deviceId, Dexie.maxKey])
		.toArray();
	const events: DeviceEvent[] = [
		...held.map((e) => ({ deviceId: e.deviceId, event: toEvent(e), counts: e.counts })),
		...own.map((e) => ({ deviceId, event: toEvent(e), counts: true }))
	];
	const { winningEvents } = await import('$lib/exam/merge');
	const answers = new Map<string, Choice>();
	for (const [questionId, w] of winningEvents(events)) answers.set(questionId, w.event.choice);
	return answers;
}

function toEvent(e: AnswerEvent): AnswerEvent {
	return {
		seq: e.seq,
		questionId: e.questionId,
		choice: e.choice,
		at: e.at,
		elapsedMs: e.elapsedMs,
		hash: e.hash
	};
}
