// A candidate's best attempt, as their dashboard shows it, is the one the ranking counts: after a
// question is voided the papers that had it score out of one less, and 28 of 29 beats 28 of 30
// (a review: the dashboard compared raw scores and showed the other). On SQLite and PostgreSQL.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openDemoDb, type TestDb } from './testdb';
import { candidate, createRound, takeAttempt } from './results-fixture';
import { attemptsInRound } from '../../src/lib/server/history';

let t: TestDb;
const NOW = Date.UTC(2026, 10, 23, 2, 0);
const T = NOW - 1800_000;

beforeAll(async () => {
	({ t } = await openDemoDb(NOW - 86400_000));
});
afterAll(async () => t?.drop());

it('is the higher share of its paper, not the higher raw score', async () => {
	const roundId = await createRound(t.db, NOW, 'r-best');
	const p = await candidate(t.db, 'Hà Tốt Nhất', 'my-tho');
	const quick = await takeAttempt(t.db, roundId, p.id, { at: T, usedS: 10 });
	const slow = await takeAttempt(t.db, roundId, p.id, { at: T + 60_000, usedS: 60 });
	// Graded as after a void: the slow attempt's paper had the voided question.
	const grade = (id: string, score: number, max: number) =>
		t.db.updateTable('attempt').set({ score, max_score: max }).where('id', '=', id).execute();
	await grade(quick, 28, 30);
	await grade(slow, 28, 29);
	expect((await attemptsInRound(t.db, p.id, roundId)).best?.id).toBe(slow);
	// Equal shares: the less time used.
	await grade(slow, 56, 60);
	expect((await attemptsInRound(t.db, p.id, roundId)).best?.id).toBe(quick);
});
