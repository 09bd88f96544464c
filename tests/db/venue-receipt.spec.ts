// The receipt a moved finalist reads on their dashboard is the one the tablet they ended on
// showed at the lock, on SQLite and PostgreSQL. A review moved a finalist to the spare, answered
// there, locked, and found another code on the dashboard: the tablet moved away from kept
// syncing, so it was heard last, and the dashboard took its log (11 of the 15 answers).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import type { TestDb } from './testdb';
import { roomAction } from '../../src/lib/server/venue';
import { ingestBatch, submitAttempt } from '../../src/lib/server/attempts';
import { postRights } from '../../src/lib/server/access';
import { attemptHistory } from '../../src/lib/server/history';
import { chainEvent, type AnswerEvent } from '../../src/lib/exam/events';
import { shortReceipt } from '../../src/lib/receipt';
import type { Paper } from '../../src/lib/exam/paper';
import type { TokenClaims } from '../../src/lib/server/tokens';
import { attemptWithPaper } from './venue-fixture';
import { openRoomWithSpare } from './final-room';

let t: TestDb;
let organiser = '';
const secret = randomBytes(32);
const T0 = Date.UTC(2026, 11, 4, 1, 0);
const START = T0 + 1200_000;
const ROOM = 'room-1';
let seat: { attemptId: string; seatId: string; token: TokenClaims };
let spare: TokenClaims;

beforeAll(async () => {
	let seats;
	({ t, organiser, seats, spare } = await openRoomWithSpare(
		T0,
		{ name: 'Biên Nhận', phonePrefix: '09780000', idPrefix: '0820900079' },
		secret,
		['tab-1'],
		START - 60_000
	));
	seat = seats[0];
	expect((await roomAction(t.db, ROOM, organiser, { action: 'start' }, START)).ok).toBe(true);
});
afterAll(async () => t.drop());

/** `n` answers of a tablet's own log, from seq 1, made `from` ms into the exam, 10 s apart. */
async function log(paper: Paper, first: number, n: number, from: number): Promise<AnswerEvent[]> {
	const events: AnswerEvent[] = [];
	let prev = seat.attemptId;
	for (let i = 0; i < n; i++) {
		const q = paper.questions[first + i];
		const e = await chainEvent(prev, {
			seq: i + 1,
			questionId: q.id,
			choice: q.options[0].id,
			at: START + from + i * 10_000,
			elapsedMs: from + i * 10_000
		});
		events.push(e);
		prev = e.hash;
	}
	return events;
}

describe('a finalist moved to the spare, locked there', () => {
	it('reads on the dashboard the receipt the spare showed, though the first tablet was heard last', async () => {
		const paper = JSON.parse((await attemptWithPaper(t.db, seat.attemptId)).paper) as Paper;
		const send = (deviceId: string, token: TokenClaims, events: AnswerEvent[], at: number) =>
			ingestBatch(t.db, seat.attemptId, { deviceId, events }, at, postRights(token, seat.attemptId));
		expect(await send('tab-1', seat.token, await log(paper, 0, 3, 10_000), START + 40_000)).toMatchObject({
			ok: true,
			acked: 3
		});
		const finalist = await t.db
			.selectFrom('finalist')
			.select(['id', 'user_id'])
			.where('seat_id', '=', seat.seatId)
			.executeTakeFirstOrThrow();
		const moved = await roomAction(
			t.db,
			ROOM,
			organiser,
			{ action: 'move', finalistId: finalist.id, deviceId: 'spare-1' },
			START + 60_000
		);
		expect(moved.ok).toBe(true);
		expect(await send('spare-1', spare, await log(paper, 3, 2, 90_000), START + 120_000)).toMatchObject({
			ok: true,
			acked: 2
		});
		// The first tablet is still on, and syncs (nothing new) after the spare's last answer.
		expect(await send('tab-1', seat.token, [], START + 150_000)).toMatchObject({ ok: true, acked: 3 });
		expect((await roomAction(t.db, ROOM, organiser, { action: 'lock' }, START + 200_000)).ok).toBe(true);
		// What the spare shows at the lock: its submit's receipt, over its own log.
		const atLock = await submitAttempt(
			t.db,
			secret,
			seat.attemptId,
			{ deviceId: 'spare-1', lastSeq: 2, reason: 'lock' },
			START + 201_000,
			postRights(spare, seat.attemptId)
		);
		if (!atLock.ok) throw new Error(atLock.code);
		const history = await attemptHistory(t.db, secret, finalist.user_id, START + 300_000);
		const final = history.find((h) => h.id === 'final')!;
		expect(final.attempts.map((a) => a.receipt)).toEqual([shortReceipt(atLock.receipt)]);
	});
});
