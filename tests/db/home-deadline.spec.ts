// At home the deadline is the server's: a device heard past it with nothing left unsent has
// handed in what it made in time, so the grace window gives a bent client no more answers
// (close.ts `handsInLate`), while a device offline at the deadline still brings its answers
// back within the grace (DESIGN.md "Which events count"), and a batch that was slow on its way
// (HANDIN_SLACK_MS) closes nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDemoDb, type TestDb } from './testdb';
import { candidate, startedAtHome } from './results-fixture';
import { ingestBatch } from '../../src/lib/server/attempts';
import { chainEvent, type AnswerEvent } from '../../src/lib/exam/events';
import { attemptSummary } from '../../src/lib/server/history';

const NOW = Date.UTC(2026, 10, 23, 2, 0);
let t: TestDb;

beforeAll(async () => {
	({ t } = await openDemoDb(NOW - 3600_000));
});
afterAll(async () => t.drop());

/** A new candidate's qualifying attempt, the paper's right option for each question, and a chain. */
async function attempt() {
	const person = await candidate(t.db, 'Thí Sinh', 'my-tho');
	const { started: a, paper } = await startedAtHome(t.db, person.id, NOW);
	let prev = a.attemptId;
	let seq = 0;
	/** The next events of the device's chain: question index and active time (ms), each answered right. */
	const answer = async (...made: [number, number][]) => {
		const events: AnswerEvent[] = [];
		for (const [i, elapsedMs] of made) {
			const q = paper.questions[i];
			seq += 1;
			const e = await chainEvent(prev, { seq, questionId: q.id, choice: q.correct[0], at: NOW, elapsedMs });
			events.push(e);
			prev = e.hash;
		}
		return events;
	};
	const send = async (events: AnswerEvent[], at: number) => {
		const r = await ingestBatch(t.db, a.attemptId, { deviceId: 'phone', events }, at);
		if (!r.ok) throw new Error(JSON.stringify(r));
		return r.state.status;
	};
	const outcome = async () => {
		const row = await t.db
			.selectFrom('attempt')
			.select(['status', 'score', 'submit_reason'])
			.where('id', '=', a.attemptId)
			.executeTakeFirstOrThrow();
		const counted = await t.db
			.selectFrom('answer_event')
			.select(['seq', 'counts'])
			.where('attempt_id', '=', a.attemptId)
			.orderBy('seq')
			.execute();
		return { ...row, counted: counted.filter((e) => e.counts === 1).map((e) => e.seq) };
	};
	/** What the candidate's result screen is told (history.ts attemptSummary). */
	const summary = () => attemptSummary(t.db, person.id, a.attemptId, NOW);
	return { deadline: a.deadline, graceMs: a.graceMs, answer, send, outcome, summary };
}

describe('at home, the grace after the deadline', () => {
	it('a heartbeat past the deadline hands the attempt in: answers sent in the grace after it do not count', async () => {
		const a = await attempt();
		expect(await a.send(await a.answer([0, 1000]), NOW + 2000)).toBe('running');
		// The device says it holds nothing unsent, 31 s past the deadline.
		expect(await a.send([], a.deadline + 31_000)).toBe('submitted');
		// Then "answers made before the deadline", by the device's own word.
		await a.send(await a.answer([1, 60_000], [2, 61_000]), a.deadline + 90_000);
		expect(await a.outcome()).toEqual({
			status: 'submitted',
			score: 1,
			submit_reason: 'timeout',
			counted: [1]
		});
	});

	it('after answers sent past the deadline, the next batch does not count', async () => {
		const a = await attempt();
		expect(await a.send(await a.answer([0, 1000], [1, 2000]), a.deadline + 40_000)).toBe('submitted');
		await a.send(await a.answer([2, 3000]), a.deadline + 50_000);
		expect(await a.outcome()).toEqual({
			status: 'submitted',
			score: 2,
			submit_reason: 'timeout',
			counted: [1, 2]
		});
	});

	it('a heartbeat slow on its way leaves the grace open: the answer made while it travelled counts', async () => {
		const a = await attempt();
		// Sent just before the deadline, held 25 s by a phone's uplink; the answer waited behind it.
		expect(await a.send([], a.deadline + 25_000)).toBe('running');
		expect(await a.send(await a.answer([0, 1000]), a.deadline + 25_020)).toBe('running');
		expect(await a.outcome()).toMatchObject({ status: 'running', counted: [1] });
	});

	it('an outbox cut into batches is taken whole: a full batch leaves the attempt open for the rest', async () => {
		const a = await attempt();
		// 200 events (the batch's bound): the first question changed 199 times, then the second.
		const full = await a.answer(
			...Array.from({ length: 200 }, (_, i): [number, number] => [i < 199 ? 0 : 1, i])
		);
		expect(await a.send(full, a.deadline + 40_000)).toBe('running');
		expect(await a.send(await a.answer([2, 500]), a.deadline + 40_100)).toBe('submitted');
		const o = await a.outcome();
		expect([o.score, o.counted.length]).toEqual([3, 201]);
	});

	it('before the deadline nothing changes: a heartbeat leaves the attempt running', async () => {
		const a = await attempt();
		expect(await a.send([], a.deadline - 1_000)).toBe('running');
		expect(await a.send(await a.answer([0, 1000]), a.deadline + 50_000)).toBe('submitted');
		expect(await a.outcome()).toMatchObject({ score: 1, counted: [1] });
	});

	it("tells the candidate which questions' answers did not count, and why", async () => {
		const a = await attempt();
		expect(await a.send(await a.answer([0, 1000]), NOW + 2000)).toBe('running');
		expect((await a.summary())?.uncounted).toEqual([]);
		// Questions 2 and 3, made in time on a device offline until past the deadline and its grace.
		await a.send(await a.answer([1, 5000], [2, 6000]), a.deadline + a.graceMs + 1000);
		expect(await a.outcome()).toMatchObject({ status: 'submitted', counted: [1] });
		expect((await a.summary())?.uncounted).toEqual([
			{ reason: 'late_arrival', questions: [2, 3], tiebreak: false }
		]);
	});

	it('lists an answer sent after the attempt was handed in under its own reason', async () => {
		const a = await attempt();
		expect(await a.send(await a.answer([4, 1000]), NOW + 2000)).toBe('running');
		expect(await a.send([], a.deadline + 31_000)).toBe('submitted');
		await a.send(await a.answer([6, 60_000], [4, 61_000], [6, 62_000]), a.deadline + 40_000);
		expect((await a.summary())?.uncounted).toEqual([
			{ reason: 'after_submit', questions: [5, 7], tiebreak: false }
		]);
	});
});
