// Re-grading a round's attempts after a question is voided runs chunk by chunk, and the server's
// other requests run between chunks (a review: 73,327 attempts re-graded back to back held the
// hall's answer syncs up to 1.6 s on SQLite). Here a request made on every turn of the loop sees
// the job part-way, some attempts graded and some still queued, and the job still grades every
// attempt once. On SQLite and PostgreSQL (where the database's replies give turns anyway).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDemoDb, type TestDb } from './testdb';
import { candidate, createRound, takeAttempt } from './results-fixture';
import { correctQuestion, regradeProgress } from '../../src/lib/server/results/regrade';

let t: TestDb;
let organiser = '';
let roundId = '';
const NOW = Date.UTC(2026, 10, 23, 2, 0);
const T = NOW - 1800_000;
const FIX = T + 4 * 3600_000;
/** More than a chunk reads at most (regrade.ts BATCH, 100). */
const ATTEMPTS = 130;

beforeAll(async () => {
	({ t, organiser } = await openDemoDb(NOW - 86400_000));
	roundId = await createRound(t.db, NOW, 'r-regrade-turns');
	const people = [];
	for (let i = 0; i < 10; i++) people.push(await candidate(t.db, `Thí Sinh ${i}`, 'my-tho'));
	for (let i = 0; i < ATTEMPTS; i++)
		await takeAttempt(t.db, roundId, people[i % people.length].id, {
			at: T + i * 1000,
			usedS: 100,
			wrong: i % 2 ? ['q2'] : []
		});
}, 120_000);
afterAll(async () => t?.drop());

describe('re-grading', () => {
	it('lets other requests run between its chunks, and grades every attempt once', async () => {
		const seen: number[] = [];
		let regrading = true;
		let turns = 0;
		// Another request, one at a time (as a client waits for its answer): how far the job is.
		// On SQLite it waits for a chunk's transaction; the next is asked on the turn after.
		let asking: Promise<void> = Promise.resolve();
		const tick = () => {
			if (!regrading) return;
			turns++;
			asking = regradeProgress(t.db, roundId).then((p) => {
				if (p && p.finishedAt === null) seen.push(p.pending);
				if (regrading) setImmediate(tick);
			});
		};
		setImmediate(tick);
		const r = await correctQuestion(
			t.db,
			roundId,
			{ questionId: 'q1', kind: 'void', reason: 'Câu hỏi sai đáp án' },
			organiser,
			{ now: FIX }
		);
		regrading = false;
		await asking;
		expect(r.ok).toBe(true);
		// Every attempt had q1 right: voided, each scores one less of one less.
		expect(r).toMatchObject({ report: { attempts: ATTEMPTS, changed: ATTEMPTS } });
		expect(turns).toBeGreaterThan(1);
		// Seen part-way: some graded, some queued.
		expect(seen.some((pending) => pending > 0 && pending < ATTEMPTS)).toBe(true);
		expect(await regradeProgress(t.db, roundId)).toMatchObject({
			pending: 0,
			done: ATTEMPTS,
			changed: ATTEMPTS
		});
		const scores = await t.db
			.selectFrom('attempt')
			.select(['score', 'max_score'])
			.where('round_id', '=', roundId)
			.execute();
		expect(scores).toHaveLength(ATTEMPTS);
		expect(scores.every((s) => s.max_score === 5 && (s.score ?? 0) >= 4)).toBe(true);
	});
});
