// The answer log: one event per answer change, hash-chained per (attempt, device).

/** The tie-break answer travels as an ordinary event under this question id. */
export const TIEBREAK_ID = 'tiebreak';

/** An option id, the tie-break number, or null to clear the answer. */
export type Choice = string | number | null;

export interface AnswerEvent {
	/** 1, 2, 3 … per (attempt, device). */
	seq: number;
	questionId: string;
	choice: Choice;
	/** The device clock (epoch ms). Audit only: no rule may depend on it. */
	at: number;
	/** The attempt's active time when the event was made; never decreases on a device. */
	elapsedMs: number;
	/** hex SHA-256 of the previous hash, a newline and `canonicalEvent(this)`. */
	hash: string;
}

/** An event before it is chained. */
export type UnchainedEvent = Omit<AnswerEvent, 'hash'>;

/**
 * The exact text that is hashed. Keys are written in a fixed order and anything else on the
 * object (hash, deviceId, …) is left out, so browser and server hash the same bytes however
 * the object was built or parsed.
 */
export function canonicalEvent(e: UnchainedEvent): string {
	return JSON.stringify({
		seq: e.seq,
		questionId: e.questionId,
		choice: e.choice,
		at: e.at,
		elapsedMs: e.elapsedMs
	});
}

/** hex SHA-256 of the UTF-8 bytes of `text`, with WebCrypto (browser and Node alike). */
export async function sha256Hex(text: string): Promise<string> {
	const digest = await globalThis.crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
	return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** What is hashed for a link of the chain: the previous hash, a newline, the event. */
export function chainInput(prevHash: string, event: UnchainedEvent): string {
	return linkText(prevHash, canonicalEvent(event));
}

/** `chainInput` from an event's canonical text already made (the server makes it once an event). */
export function linkText(prevHash: string, canonical: string): string {
	return `${prevHash}\n${canonical}`;
}

export function chainHash(prevHash: string, event: UnchainedEvent): Promise<string> {
	return sha256Hex(chainInput(prevHash, event));
}

/** The event with its hash; `prevHash` is the attempt id for seq 1, else the previous hash. */
export async function chainEvent(prevHash: string, event: UnchainedEvent): Promise<AnswerEvent> {
	return { ...event, hash: await chainHash(prevHash, event) };
}

export type ChainBreak =
	/** Events `missingFrom` … `seq − 1` are absent; the link into `seq` cannot be checked. */
	| { kind: 'gap'; seq: number; missingFrom: number }
	/** A second event with a seq already seen; it is skipped. */
	| { kind: 'duplicate_seq'; seq: number }
	/** The stored hash is not the hash of the previous hash and this event. */
	| { kind: 'hash_mismatch'; seq: number };

/**
 * Checks one (attempt, device) chain and lists every break, in seq order; an empty list
 * means the chain is whole. After a mismatch the check goes on from the event's stored hash,
 * so one edited event is reported once, where it was edited, not at every later event.
 */
export async function verifyChain(attemptId: string, events: readonly AnswerEvent[]): Promise<ChainBreak[]> {
	const sorted = [...events].sort((a, b) => a.seq - b.seq);
	const breaks: ChainBreak[] = [];
	let prevSeq = 0;
	let prevHash = attemptId;
	for (const event of sorted) {
		if (event.seq === prevSeq) {
			breaks.push({ kind: 'duplicate_seq', seq: event.seq });
			continue;
		}
		if (event.seq !== prevSeq + 1) {
			breaks.push({ kind: 'gap', seq: event.seq, missingFrom: prevSeq + 1 });
		} else if ((await chainHash(prevHash, event)) !== event.hash) {
			breaks.push({ kind: 'hash_mismatch', seq: event.seq });
		}
		prevSeq = event.seq;
		prevHash = event.hash;
	}
	return breaks;
}
