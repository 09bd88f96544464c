// Which tablets a proctor's action concerns, on SQLite and PostgreSQL: the room's push note goes
// only to them (push/room.ts), so that one seat's extension, an approval or an incident noted
// does not make every tablet of a hall heartbeat at once. The oracle is the room as this test
// set it up: which tablet it approved to which seat.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { openTestDb, type TestDb } from './testdb';
import { enrolDevice, roomAction } from '../../src/lib/server/venue';
import { tabletsConcerned } from '../../src/lib/server/venue/actions/concerns';
import { enrolTablet } from './venue-fixture';
import { preparedFinal } from './venue-final';

let t: TestDb;
const secret = randomBytes(32);
const T0 = Date.UTC(2026, 11, 2, 1, 0);
const ROOM = 'room-1';
let organiserId = '';
/** The finalist seated at each seat. */
const finalistAt: Record<string, string> = {};

beforeAll(async () => {
	t = await openTestDb();
	organiserId = await preparedFinal(t.db, T0, {
		name: 'Báo Tin',
		phonePrefix: '09751000',
		idPrefix: '0820900095'
	});
	for (const [deviceId, seat] of [
		['tab-s1', 'room-1-s1'],
		['tab-s2', 'room-1-s2'],
		['tab-spare', null]
	] as const)
		await enrolTablet(t.db, secret, { roomId: ROOM, actorId: organiserId, deviceId, seat, at: T0 });
	const code = await roomAction(t.db, ROOM, organiserId, { action: 'enrolCode' }, T0);
	const pending = await enrolDevice(
		t.db,
		secret,
		{ code: code.ok ? code.code! : '', deviceId: 'tab-pending', label: 'tab-pending' },
		T0
	);
	if (!pending.ok) throw new Error(pending.code);
	for (const f of await t.db.selectFrom('finalist').select(['id', 'seat_id']).execute())
		if (f.seat_id) finalistAt[f.seat_id] = f.id;
});
afterAll(async () => {
	await t.drop();
});

const concerned = (a: Parameters<typeof tabletsConcerned>[2]) => tabletsConcerned(t.db, ROOM, a);

describe('the tablets a proctor action concerns', () => {
	it('the whole room: start, lock, a pause or resume of the room', async () => {
		for (const a of [
			{ action: 'start' },
			{ action: 'lock' },
			{ action: 'pause' },
			{ action: 'resume' }
		] as const)
			expect(await concerned(a), a.action).toBeNull();
	});

	it("one seat: its tablet, not its neighbour's nor the spare", async () => {
		const extend = await concerned({ action: 'extend', seatId: 'room-1-s1', minutes: 5 });
		expect(extend).toContain('tab-s1');
		expect(extend).not.toContain('tab-s2');
		expect(extend).not.toContain('tab-spare');
		const pause = await concerned({ action: 'pause', seatId: 'room-1-s2' });
		expect(pause).toContain('tab-s2');
		expect(pause).not.toContain('tab-s1');
	});

	it('a move: the tablet the finalist leaves and the one they go to', async () => {
		const move = await concerned({
			action: 'move',
			finalistId: finalistAt['room-1-s1'],
			deviceId: 'tab-spare'
		});
		expect([...move!].sort()).toEqual(['tab-s1', 'tab-spare']);
		const moved = await roomAction(
			t.db,
			ROOM,
			organiserId,
			{ action: 'move', finalistId: finalistAt['room-1-s1'], deviceId: 'tab-spare' },
			T0 + 1000
		);
		expect(moved).toMatchObject({ ok: true });
		// Moved, the finalist's seat is served by the spare now: an extension there tells it too.
		const extend = await concerned({ action: 'extend', seatId: 'room-1-s1', minutes: 5 });
		expect([...extend!].sort()).toEqual(['tab-s1', 'tab-spare']);
	});

	it('an approval: the tablet approved, and the one at the seat it takes', async () => {
		const approve = await concerned({ action: 'approve', deviceId: 'tab-pending', seatId: 'room-1-s2' });
		expect([...approve!].sort()).toEqual(['tab-pending', 'tab-s2']);
		expect(await concerned({ action: 'approve', deviceId: 'tab-pending', seatId: null })).toEqual([
			'tab-pending'
		]);
	});

	it('a named tablet alone; nobody for a note or a new code', async () => {
		expect(await concerned({ action: 'wipe', deviceId: 'tab-s2' })).toEqual(['tab-s2']);
		expect(await concerned({ action: 'reject', deviceId: 'tab-pending' })).toEqual(['tab-pending']);
		expect(await concerned({ action: 'incident', seatId: 'room-1-s1', note: 'ồn' })).toEqual([]);
		expect(await concerned({ action: 'incident', seatId: null, note: 'ồn' })).toEqual([]);
		expect(await concerned({ action: 'enrolCode' })).toEqual([]);
	});
});
