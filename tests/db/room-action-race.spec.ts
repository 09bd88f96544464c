// A room's actions run one after another. A security review sent 30 identical proctor actions at
// once on PostgreSQL (two proctors at two consoles, or a double tap on a laggy tablet): two starts
// were accepted, the room's start differing from its attempts'; four pauses opened four room
// pauses, so that one resume left the room running and every attempt still paused. On SQLite and
// PostgreSQL, each burst here has exactly one action accepted and the room ends as one would leave it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { dialectUnderTest, type TestDb } from './testdb';
import { roomAction } from '../../src/lib/server/venue';
import { openRoomWithTablets } from './final-room';

let t: TestDb;
let organiser = '';
const secret = randomBytes(32);
const T0 = Date.UTC(2026, 11, 2, 1, 0);
const START = T0 + 1200_000;
const ROOM = 'room-1';
const BURST = 30;
let attemptIds: string[] = [];

beforeAll(async () => {
	let seats;
	({ t, organiser, seats } = await openRoomWithTablets(
		T0,
		{ name: 'Tranh Chạy', phonePrefix: '09640000', idPrefix: '0820900064' },
		secret,
		['tab-1', 'tab-2', 'tab-3', 'tab-4']
	));
	attemptIds = seats.map((s) => s.attemptId);
});
afterAll(async () => t.drop());

/** `BURST` copies of the action, all sent at once, the i-th at `at + i`. */
const burst = (a: Parameters<typeof roomAction>[3], at: number) =>
	Promise.all(Array.from({ length: BURST }, (_, i) => roomAction(t.db, ROOM, organiser, a, at + i)));

/** Which of the burst's actions were accepted (their indices), and what the others were told. */
function tally(rs: Awaited<ReturnType<typeof burst>>) {
	const accepted = rs.flatMap((r, i) => (r.ok ? [i] : []));
	const refusals = new Set(rs.flatMap((r) => (r.ok ? [] : [r.code])));
	return { accepted, refusals: [...refusals] };
}

const room = () =>
	t.db
		.selectFrom('venue_room')
		.select(['status', 'started_at'])
		.where('room_id', '=', ROOM)
		.executeTakeFirstOrThrow();

const attempts = () =>
	t.db
		.selectFrom('attempt')
		.select(['id', 'status', 'started_at', 'paused_since'])
		.where('id', 'in', attemptIds)
		.orderBy('id')
		.execute();

const openPauses = () =>
	t.db
		.selectFrom('pause')
		.select(['id', 'attempt_id', 'from_at'])
		.where('room_id', '=', ROOM)
		.where('to_at', 'is', null)
		.execute();

const audits = (action: string) =>
	t.db.selectFrom('audit_log').select('id').where('action', '=', action).where('target', '=', ROOM).execute();

describe(`a room's actions sent at once (${dialectUnderTest})`, () => {
	it('30 starts: one is accepted, and the room and every attempt start at its instant', async () => {
		const { accepted, refusals } = tally(await burst({ action: 'start' }, START));
		expect(accepted).toHaveLength(1);
		expect(refusals).toEqual(['alreadyStarted']);
		const at = START + accepted[0];
		expect(await room()).toEqual({ status: 'running', started_at: at });
		const rows = await attempts();
		expect(rows).toHaveLength(4);
		for (const a of rows) expect(a).toMatchObject({ status: 'running', started_at: at });
		expect(await audits('room.start')).toHaveLength(1);
	});

	it('30 pauses: one room pause is opened; one resume then leaves no attempt paused', async () => {
		const PAUSE = START + 600_000;
		const { accepted, refusals } = tally(await burst({ action: 'pause' }, PAUSE));
		expect(accepted).toHaveLength(1);
		expect(refusals).toEqual(['alreadyPaused']);
		const at = PAUSE + accepted[0];
		expect(await openPauses()).toEqual([{ id: expect.anything(), attempt_id: null, from_at: at }]);
		expect((await room()).status).toBe('paused');
		for (const a of await attempts()) expect(a).toMatchObject({ status: 'paused', paused_since: at });
		expect(await audits('room.pause')).toHaveLength(1);

		const resumed = await roomAction(t.db, ROOM, organiser, { action: 'resume' }, PAUSE + 300_000);
		expect(resumed.ok).toBe(true);
		expect(await openPauses()).toEqual([]);
		expect((await room()).status).toBe('running');
		for (const a of await attempts()) expect(a).toMatchObject({ status: 'running', paused_since: null });
	});

	it('30 resumes of the one pause: one is accepted', async () => {
		const PAUSE = START + 1200_000;
		expect((await roomAction(t.db, ROOM, organiser, { action: 'pause' }, PAUSE)).ok).toBe(true);
		const { accepted, refusals } = tally(await burst({ action: 'resume' }, PAUSE + 60_000));
		expect(accepted).toHaveLength(1);
		expect(refusals).toEqual(['notPaused']);
		expect(await openPauses()).toEqual([]);
		const closed = await t.db
			.selectFrom('pause')
			.select('to_at')
			.where('room_id', '=', ROOM)
			.where('from_at', '=', PAUSE)
			.execute();
		expect(closed).toEqual([{ to_at: PAUSE + 60_000 + accepted[0] }]);
		expect(await audits('room.resume')).toHaveLength(2);
	});
});
