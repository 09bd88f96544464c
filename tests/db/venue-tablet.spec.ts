// What a tablet's heartbeat adds for the finalist's tablet (issue 13, points 7 and 10), on
// SQLite and PostgreSQL: leaving full screen becomes one incident of the seat, stored as a
// code, however often the heartbeat carrying it is resent; a tablet speaks only for the
// finalist it serves; the view says when the round opens; the times a tablet gives stay
// between its enrolment and the moment the server heard it; a late start it claims moves the
// start once, and never past an answer the server holds.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { openTestDb, type TestDb } from './testdb';
import { heartbeat, roomAction } from '../../src/lib/server/venue';
import { enrolTablet } from './venue-fixture';
import { preparedFinal } from './venue-final';
import { ingestBatch } from '../../src/lib/server/attempts';
import { chainEvent } from '../../src/lib/exam/events';
import type { Paper } from '../../src/lib/exam/paper';

let t: TestDb;
const secret = randomBytes(32);
const T0 = Date.UTC(2026, 11, 1, 1, 0);
let organiserId = '';

beforeAll(async () => {
	t = await openTestDb();
	organiserId = await preparedFinal(t.db, T0, {
		name: 'Máy Bảng',
		phonePrefix: '09730000',
		idPrefix: '0820900088'
	});
});
afterAll(async () => t.drop());

const act = (a: Parameters<typeof roomAction>[3], at: number) =>
	roomAction(t.db, 'room-1', organiserId, a, at);

const enrol = (deviceId: string, seat: string, at: number) =>
	enrolTablet(t.db, secret, { roomId: 'room-1', actorId: organiserId, deviceId, seat, at });

async function attemptOfSeat(seat: string): Promise<string> {
	return (
		await t.db
			.selectFrom('finalist')
			.select('attempt_id')
			.where('seat_id', '=', seat)
			.executeTakeFirstOrThrow()
	).attempt_id!;
}

describe('the finalist’s tablet on the server', () => {
	let tab1: Awaited<ReturnType<typeof enrol>>;
	it('records leaving full screen once per exit, for the seat the tablet serves, as a code', async () => {
		const token = (tab1 = await enrol('tab-1', 'room-1-s1', T0 + 1000));
		expect((await act({ action: 'start' }, T0 + 60_000)).ok).toBe(true);
		const mine = await attemptOfSeat('room-1-s1');
		const other = await attemptOfSeat('room-1-s2');
		const exit = { kind: 'fullscreen_exit' as const, attemptId: mine, at: T0 + 90_000 };
		// The same exit in two heartbeats (the answer to the first was lost), a later exit, and
		// one claimed for a finalist seated elsewhere.
		await heartbeat(t.db, token, { incidents: [exit] }, T0 + 91_000);
		await heartbeat(
			t.db,
			token,
			{
				incidents: [
					exit,
					{ ...exit, at: T0 + 120_000 },
					{ kind: 'fullscreen_exit', attemptId: other, at: T0 + 121_000 }
				]
			},
			T0 + 122_000
		);
		const rows = await t.db
			.selectFrom('incident')
			.select(['seat_id', 'at', 'kind', 'params'])
			.where('kind', '=', 'fullscreen_exit')
			.orderBy('at')
			.execute();
		const sbd = (
			await t.db
				.selectFrom('finalist')
				.select('sbd')
				.where('seat_id', '=', 'room-1-s1')
				.executeTakeFirstOrThrow()
		).sbd;
		expect(rows.map((r) => ({ ...r, at: Number(r.at), params: JSON.parse(r.params ?? 'null') }))).toEqual([
			{ seat_id: 'room-1-s1', at: T0 + 90_000, kind: 'fullscreen_exit', params: { sbd } },
			{ seat_id: 'room-1-s1', at: T0 + 120_000, kind: 'fullscreen_exit', params: { sbd } }
		]);
	});

	it('tells the tablet when the round opens', async () => {
		const token = await enrol('tab-2', 'room-1-s2', T0 + 130_000);
		const opens = await t.db
			.selectFrom('round')
			.select('opens_at')
			.where('id', '=', 'final')
			.executeTakeFirstOrThrow();
		const view = await heartbeat(t.db, token, {}, T0 + 131_000);
		if ('ok' in view) throw new Error(view.code);
		expect(view.room.opensAt).toBe(Number(opens.opens_at));
	});

	it('keeps the times a tablet gives between its enrolment and when it was heard', async () => {
		// tab-1 was enrolled at T0 + 1 s (above). A token's owner sends a sign-in at the end of
		// time and an exit before the beginning of it, heard at T0 + 140 s.
		const token = tab1;
		const mine = await attemptOfSeat('room-1-s1');
		const finalist = await t.db
			.selectFrom('finalist')
			.select('id')
			.where('seat_id', '=', 'room-1-s1')
			.executeTakeFirstOrThrow();
		const heard = T0 + 140_000;
		const view = await heartbeat(
			t.db,
			token,
			{
				signedIn: { finalistId: finalist.id, at: Number.MAX_SAFE_INTEGER },
				incidents: [{ kind: 'fullscreen_exit', attemptId: mine, at: -Number.MAX_SAFE_INTEGER }]
			},
			heard
		);
		if ('ok' in view) throw new Error(view.code);
		const signedIn = await t.db
			.selectFrom('finalist')
			.select('signed_in_at')
			.where('id', '=', finalist.id)
			.executeTakeFirstOrThrow();
		expect(Number(signedIn.signed_in_at)).toBe(heard);
		const exits = await t.db
			.selectFrom('incident')
			.select('at')
			.where('kind', '=', 'fullscreen_exit')
			.where('seat_id', '=', 'room-1-s1')
			.orderBy('at')
			.execute();
		expect(exits.map((r) => Number(r.at))).toEqual([T0 + 1000, T0 + 90_000, T0 + 120_000]);
	});

	it('moves a start claimed late once, and never past an answer the server holds', async () => {
		const startOf = async (attemptId: string) =>
			Number(
				(
					await t.db
						.selectFrom('attempt')
						.select('started_at')
						.where('id', '=', attemptId)
						.executeTakeFirstOrThrow()
				).started_at
			);
		// The room started at T0 + 60 s (the first test). tab-1's finalist claims a start at
		// T0 + 150 s: counted; then one at T0 + 300 s: a later start would buy time.
		const mine = await attemptOfSeat('room-1-s1');
		const claim = (token: typeof tab1, attemptId: string, at: number, heard: number) =>
			heartbeat(t.db, token, { started: [{ attemptId, at, viaCode: false }] }, heard);
		await claim(tab1, mine, T0 + 150_000, T0 + 151_000);
		expect(await startOf(mine)).toBe(T0 + 150_000);
		await claim(tab1, mine, T0 + 300_000, T0 + 301_000);
		expect(await startOf(mine)).toBe(T0 + 150_000);

		// tab-2's finalist answered at T0 + 140 s (by the tablet's clock, synced), then claims to
		// have started at T0 + 200 s: the answer shows they had begun; the room's start stays.
		const tab2 = await enrol('tab-2', 'room-1-s2', T0 + 130_000);
		const theirs = await attemptOfSeat('room-1-s2');
		const paper = await t.db
			.selectFrom('attempt_paper')
			.select('paper')
			.where('attempt_id', '=', theirs)
			.executeTakeFirstOrThrow();
		const q = (JSON.parse(paper.paper) as Paper).questions[0];
		const answer = await chainEvent(theirs, {
			seq: 1,
			questionId: q.id,
			choice: q.options[0].id,
			at: T0 + 140_000,
			elapsedMs: 80_000
		});
		const synced = await ingestBatch(t.db, theirs, { deviceId: 'tab-2', events: [answer] }, T0 + 141_000);
		expect(synced).toMatchObject({ ok: true, acked: 1 });
		await claim(tab2, theirs, T0 + 200_000, T0 + 201_000);
		expect(await startOf(theirs)).toBe(T0 + 60_000);
	});
});
