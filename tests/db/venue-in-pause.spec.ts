// Answers a tablet made while its room was paused, before it heard so (DESIGN.md "Venue": kept
// and flagged), on SQLite and PostgreSQL. The tablet's clock runs two minutes ahead of the
// server's and it reported that offset in its heartbeat; its events carry its own clock. The
// times below are set on the server's clock by hand and turned into the tablet's.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { openTestDb, type TestDb } from './testdb';
import { heartbeat, roomAction } from '../../src/lib/server/venue';
import { enrolTablet, attemptWithPaper } from './venue-fixture';
import { preparedFinal } from './venue-final';
import { ingestBatch } from '../../src/lib/server/attempts';
import { disputeView } from '../../src/lib/server/results/dispute';
import { chainEvent, type AnswerEvent } from '../../src/lib/exam/events';
import type { Paper } from '../../src/lib/exam/paper';

let t: TestDb;
const secret = randomBytes(32);
const T0 = Date.UTC(2026, 11, 1, 1, 0);
const START = T0 + 60_000;
const PAUSE = START + 100_000;
const RESUME = START + 130_000;
/** The first tablet's clock is two minutes ahead: server time = its time − 2 min. */
const AHEAD = 120_000;
let organiserId = '';

beforeAll(async () => {
	t = await openTestDb();
	organiserId = await preparedFinal(t.db, T0, {
		name: 'Tạm Dừng',
		phonePrefix: '09740000',
		idPrefix: '0820900077'
	});
});
afterAll(async () => t.drop());

const act = (a: Parameters<typeof roomAction>[3], at: number) =>
	roomAction(t.db, 'room-1', organiserId, a, at);

async function attemptOfSeat(seat: string) {
	const f = await t.db
		.selectFrom('finalist')
		.select('attempt_id')
		.where('seat_id', '=', seat)
		.executeTakeFirstOrThrow();
	const a = await attemptWithPaper(t.db, f.attempt_id!);
	return { id: a.id, paper: JSON.parse(a.paper) as Paper };
}

/** Events answering the paper's questions in turn, stamped with the tablet's clock at each time. */
async function chain(a: { id: string; paper: Paper }, tabletTimes: number[]): Promise<AnswerEvent[]> {
	const events: AnswerEvent[] = [];
	let prev = a.id;
	for (const [i, at] of tabletTimes.entries()) {
		const q = a.paper.questions[i];
		const e = await chainEvent(prev, {
			seq: i + 1,
			questionId: q.id,
			choice: q.options[0].id,
			at,
			elapsedMs: (i + 1) * 10_000
		});
		events.push(e);
		prev = e.hash;
	}
	return events;
}

const flagsOf = async (attemptId: string) =>
	(
		await t.db
			.selectFrom('answer_event')
			.select(['seq', 'flags', 'counts'])
			.where('attempt_id', '=', attemptId)
			.orderBy('seq')
			.execute()
	).map((r) => [r.seq, r.flags.split(' ').includes('in_pause'), r.counts]);

describe('answers made during a pause the tablet had not heard of', () => {
	it('are kept, counted and flagged in_pause by the tablet’s clock and its reported offset', async () => {
		const tab1 = await enrolTablet(t.db, secret, {
			roomId: 'room-1',
			actorId: organiserId,
			deviceId: 'tab-ahead',
			seat: 'room-1-s1',
			at: T0 + 1000
		});
		const tab2 = await enrolTablet(t.db, secret, {
			roomId: 'room-1',
			actorId: organiserId,
			deviceId: 'tab-unmeasured',
			seat: 'room-1-s2',
			at: T0 + 2000
		});
		// The first measured its offset (its clock ahead, so the offset is negative); the second never did.
		await heartbeat(t.db, tab1, { readiness: { clockOffsetMs: -AHEAD } }, T0 + 3000);
		await heartbeat(t.db, tab2, { readiness: { clockOffsetMs: null } }, T0 + 3000);
		expect((await act({ action: 'start' }, START)).ok).toBe(true);
		expect((await act({ action: 'pause' }, PAUSE)).ok).toBe(true);
		expect((await act({ action: 'resume' }, RESUME)).ok).toBe(true);

		// On the server's clock: before the pause, in it, just inside its start (within the
		// offset's margin), and after the resume.
		const serverTimes = [START + 90_000, PAUSE + 10_000, PAUSE + 500, RESUME + 10_000];
		const mine = await attemptOfSeat('room-1-s1');
		const sent = await ingestBatch(
			t.db,
			mine.id,
			{
				deviceId: 'tab-ahead',
				events: await chain(
					mine,
					serverTimes.map((s) => s + AHEAD)
				)
			},
			RESUME + 20_000
		);
		expect(sent).toMatchObject({ ok: true, acked: 4 });
		expect(await flagsOf(mine.id)).toEqual([
			[1, false, 1],
			[2, true, 1],
			[3, false, 1],
			[4, false, 1]
		]);

		// A tablet that reported no offset: nothing to place its times by, nothing flagged.
		const theirs = await attemptOfSeat('room-1-s2');
		await ingestBatch(
			t.db,
			theirs.id,
			{ deviceId: 'tab-unmeasured', events: await chain(theirs, [PAUSE + 10_000]) },
			RESUME + 20_000
		);
		expect(await flagsOf(theirs.id)).toEqual([[1, false, 1]]);

		// The organiser's view of the attempt counts it for its tablet.
		const view = await disputeView(t.db, 'final', mine.id);
		expect(view?.devices.map((d) => [d.deviceId, d.inPause])).toEqual([['tab-ahead', 1]]);
	});
});
