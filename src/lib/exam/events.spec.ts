import { describe, expect, it } from 'vitest';
import {
	canonicalEvent,
	chainEvent,
	chainHash,
	sha256Hex,
	TIEBREAK_ID,
	verifyChain,
	type AnswerEvent,
	type UnchainedEvent
} from './events';

const ATTEMPT = 'attempt-7f3a';

async function buildChain(attemptId: string, unchained: UnchainedEvent[]): Promise<AnswerEvent[]> {
	const chain: AnswerEvent[] = [];
	let prev = attemptId;
	for (const e of unchained) {
		const event = await chainEvent(prev, e);
		chain.push(event);
		prev = event.hash;
	}
	return chain;
}

const answers: UnchainedEvent[] = [
	{ seq: 1, questionId: 'q1', choice: 'a', at: 1_000, elapsedMs: 5_000 },
	{ seq: 2, questionId: 'q2', choice: 'c', at: 900, elapsedMs: 9_000 },
	{ seq: 3, questionId: 'q1', choice: null, at: 900, elapsedMs: 12_000 },
	{ seq: 4, questionId: TIEBREAK_ID, choice: 1234, at: 2_000, elapsedMs: 20_000 },
	{ seq: 5, questionId: 'câu-hỏi-5', choice: 'đ', at: 2_500, elapsedMs: 25_000 }
];

describe('canonicalEvent', () => {
	it('writes the five fields in a fixed order, whatever order the object has', () => {
		const shuffled = { elapsedMs: 7, at: 5, choice: 'a', questionId: 'q1', seq: 1 };
		expect(canonicalEvent(shuffled)).toBe('{"seq":1,"questionId":"q1","choice":"a","at":5,"elapsedMs":7}');
	});

	it('leaves out the hash and any other field', () => {
		const event = { seq: 2, questionId: 'q', choice: null, at: 1, elapsedMs: 2 };
		const withExtras = { ...event, hash: 'x', deviceId: 'd' };
		expect(canonicalEvent(withExtras)).toBe('{"seq":2,"questionId":"q","choice":null,"at":1,"elapsedMs":2}');
	});

	it('keeps a tie-break number a number', () => {
		const tiebreak = { seq: 1, questionId: TIEBREAK_ID, choice: 42, at: 0, elapsedMs: 0 };
		expect(canonicalEvent(tiebreak)).toContain('"choice":42');
	});
});

describe('sha256Hex / chainHash', () => {
	it('matches the SHA-256 test vector', async () => {
		expect(await sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
	});

	it('hashes the previous hash, a newline and the canonical event as UTF-8', async () => {
		// Expected value from coreutils: printf 'prev\n{"seq":5,…}' | sha256sum
		expect(canonicalEvent(answers[4])).toBe(
			'{"seq":5,"questionId":"câu-hỏi-5","choice":"đ","at":2500,"elapsedMs":25000}'
		);
		expect(await chainHash('prev', answers[4])).toBe(
			'6304384ccdc2c78de5a9b77e8f6497360bcf4b34a3d8f0c425be7c1109c057db'
		);
	});

	it('changes when the choice changes', async () => {
		const a = await chainHash(ATTEMPT, answers[0]);
		const b = await chainHash(ATTEMPT, { ...answers[0], choice: 'b' });
		expect(a).not.toBe(b);
	});
});

describe('verifyChain', () => {
	it('accepts a whole chain, in any input order', async () => {
		const chain = await buildChain(ATTEMPT, answers);
		expect(await verifyChain(ATTEMPT, chain)).toEqual([]);
		expect(await verifyChain(ATTEMPT, [...chain].reverse())).toEqual([]);
	});

	it('accepts an empty chain', async () => {
		expect(await verifyChain(ATTEMPT, [])).toEqual([]);
	});

	it('starts the chain at the attempt id, so a chain cannot be moved to another attempt', async () => {
		const chain = await buildChain(ATTEMPT, answers);
		expect(await verifyChain('attempt-other', chain)).toEqual([{ kind: 'hash_mismatch', seq: 1 }]);
	});

	it('reports an edited answer once, at the edited event', async () => {
		const chain = await buildChain(ATTEMPT, answers);
		chain[1] = { ...chain[1], choice: 'd' };
		expect(await verifyChain(ATTEMPT, chain)).toEqual([{ kind: 'hash_mismatch', seq: 2 }]);
	});

	it('catches an edit whose hash was recomputed, at the next event', async () => {
		const chain = await buildChain(ATTEMPT, answers);
		chain[1] = await chainEvent(chain[0].hash, { ...chain[1], choice: 'd' });
		expect(await verifyChain(ATTEMPT, chain)).toEqual([{ kind: 'hash_mismatch', seq: 3 }]);
	});

	it('catches an edited elapsed time', async () => {
		const chain = await buildChain(ATTEMPT, answers);
		chain[2] = { ...chain[2], elapsedMs: 1 };
		expect(await verifyChain(ATTEMPT, chain)).toEqual([{ kind: 'hash_mismatch', seq: 3 }]);
	});

	it('reports missing events as a gap', async () => {
		const chain = await buildChain(ATTEMPT, answers);
		const withoutTwoAndThree = [chain[0], chain[3], chain[4]];
		expect(await verifyChain(ATTEMPT, withoutTwoAndThree)).toEqual([{ kind: 'gap', seq: 4, missingFrom: 2 }]);
	});

	it('reports a chain that does not start at seq 1', async () => {
		const chain = await buildChain(ATTEMPT, answers);
		expect(await verifyChain(ATTEMPT, chain.slice(2))).toEqual([{ kind: 'gap', seq: 3, missingFrom: 1 }]);
	});

	it('reports a reused seq', async () => {
		const chain = await buildChain(ATTEMPT, answers);
		const reused = { ...chain[1], choice: 'a' };
		const breaks = await verifyChain(ATTEMPT, [...chain, reused]);
		expect(breaks).toEqual([{ kind: 'duplicate_seq', seq: 2 }]);
	});
});
