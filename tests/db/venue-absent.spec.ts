// A finalist who never came to the final, on SQLite and PostgreSQL: their room's attempt is
// closed by the lock with nothing in it. A review found them ranked with 0/30 and 0:00, tied
// ahead of those who sat the paper and scored 0 (0:00 wins a tie on time), and given the second
// prize. Three seats: one finalist answers, one signs in and answers nothing, one never comes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { openTestDb, type TestDb } from './testdb';
import { heartbeat, roomAction } from '../../src/lib/server/venue';
import { attemptOfSeat, enrolTablet } from './venue-fixture';
import { preparedFinal } from './venue-final';
import { ingestBatch } from '../../src/lib/server/attempts';
import { organiserResults } from '../../src/lib/server/results/individual';
import { finaliseRound, publishRound } from '../../src/lib/server/results/publication';
import { admissionTicket, attemptHistory } from '../../src/lib/server/history';
import { chainEvent, type AnswerEvent } from '../../src/lib/exam/events';
import type { Paper } from '../../src/lib/exam/paper';

let t: TestDb;
const secret = randomBytes(32);
const T0 = Date.UTC(2026, 11, 1, 1, 0);
const START = T0 + 60_000;
const LOCK = START + 20 * 60_000;
let organiserId = '';

beforeAll(async () => {
	t = await openTestDb();
	organiserId = await preparedFinal(t.db, T0, {
		name: 'Vắng Mặt',
		phonePrefix: '09750000',
		idPrefix: '0820900078',
		count: 3
	});
});
afterAll(async () => t.drop());

const act = (a: Parameters<typeof roomAction>[3], at: number) =>
	roomAction(t.db, 'room-1', organiserId, a, at);

const finalistAt = (seat: string) =>
	t.db
		.selectFrom('finalist')
		.select(['id', 'user_id', 'attempt_id'])
		.where('seat_id', '=', seat)
		.executeTakeFirstOrThrow();

/** The paper's first `n` questions, each answered with its key (the stored paper holds it). */
async function rightAnswers(attemptId: string, paper: Paper, n: number): Promise<AnswerEvent[]> {
	const events: AnswerEvent[] = [];
	let prev = attemptId;
	for (const [i, q] of paper.questions.slice(0, n).entries()) {
		const e = await chainEvent(prev, {
			seq: i + 1,
			questionId: q.id,
			choice: q.correct[0],
			at: START + (i + 1) * 30_000,
			elapsedMs: (i + 1) * 30_000
		});
		events.push(e);
		prev = e.hash;
	}
	return events;
}

describe('a finalist who never came', () => {
	it('is not ranked, wins no prize, and their history says absent; those who came are ranked', async () => {
		const seats = ['room-1-s1', 'room-1-s2', 'room-1-s3'];
		const [answers, blank, away] = await Promise.all(seats.map(finalistAt));
		for (const [i, f] of [answers, blank].entries()) {
			const tablet = await enrolTablet(t.db, secret, {
				roomId: 'room-1',
				actorId: organiserId,
				deviceId: `tab-${i}`,
				seat: seats[i],
				at: T0 + 1000 * (i + 1)
			});
			await heartbeat(t.db, tablet, { signedIn: { finalistId: f.id, at: T0 + 5000 } }, T0 + 5000);
		}
		for (const f of [answers, blank, away]) expect(await admissionTicket(t.db, f.user_id)).not.toBeNull();
		expect((await act({ action: 'start' }, START)).ok).toBe(true);
		const a = await attemptOfSeat(t.db, 'room-1-s1');
		const sent = await ingestBatch(
			t.db,
			a.id,
			{ deviceId: 'tab-0', events: await rightAnswers(a.id, JSON.parse(a.paper) as Paper, 3) },
			START + 120_000
		);
		expect(sent).toMatchObject({ ok: true, acked: 3 });
		expect((await act({ action: 'lock' }, LOCK)).ok).toBe(true);
		// Papers collected, present or not: the dashboard no longer shows the ticket to bring.
		for (const f of [answers, blank, away]) expect(await admissionTicket(t.db, f.user_id)).toBeNull();

		// Hand count: three right answers; a paper signed in and left blank, 0; the third never came.
		const listed = async () =>
			(await organiserResults(t.db, 'final', { page: 1, q: '', unitId: null }))!.rows.map((r) => [
				r.userId,
				r.rank,
				r.score,
				r.prize
			]);
		expect(await listed()).toEqual([
			[answers.user_id, 1, 3, 'first'],
			[blank.user_id, 2, 0, null]
		]);
		expect(await finaliseRound(t.db, 'final', organiserId, LOCK + 60_000)).toEqual({ ok: true });
		expect(await publishRound(t.db, 'final', true, organiserId, LOCK + 60_000)).toEqual({ ok: true });
		expect(await listed()).toEqual([
			[answers.user_id, 1, 3, 'first'],
			[blank.user_id, 2, 0, null]
		]);

		const historyOf = async (userId: string) =>
			(await attemptHistory(t.db, secret, userId, LOCK + 120_000)).find((h) => h.id === 'final')!;
		const absent = await historyOf(away.user_id);
		expect(absent).toMatchObject({ best: null, rank: null, prize: null, attemptCount: 1 });
		expect(absent.attempts.map((x) => [x.absent, x.score, x.timeUsedMs])).toEqual([[true, null, null]]);
		const came = await historyOf(blank.user_id);
		expect(came).toMatchObject({ best: { score: 0 }, rank: { rank: 2, total: 2 }, prize: null });
		expect(came.attempts.map((x) => [x.absent, x.score])).toEqual([[false, 0]]);
	});
});
