// Who may hold a room's event stream, asked on the database (SQLite, and PostgreSQL when
// TEST_DATABASE_URL is set): an approved tablet of the room (a pending or wiped one is refused,
// or loses its open stream at the next recheck), a signed-in session that may act on the room
// (signing out, or the proctor's removal from the room, ends it). The tablets' recheck asks
// one statement for a whole hall's streams.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { openDemoDb, type TestDb } from './testdb';
import { countStatements } from './statement-count';
import { enrolTablet } from './venue-fixture';
import { enrolDevice, roomAction } from '../../src/lib/server/venue';
import { assignProctor, unassignProctor } from '../../src/lib/server/venue/rooms';
import { stillStreaming, streamDeviceOf } from '../../src/lib/server/venue/shared';
import { createSession, deleteSession } from '../../src/lib/server/auth';
import { readToken } from '../../src/lib/server/tokens';
import { StreamHolders } from '../../src/lib/server/push/holders';
import { consolesStillAllowed, tabletsStillAllowed } from '../../src/lib/server/push/streams';

let t: TestDb;
let organiserId = '';
const secret = randomBytes(32);
const T0 = Date.now();
const ROOM = 'room-1';

beforeAll(async () => {
	const d = await openDemoDb(T0 - 86_400_000);
	t = d.t;
	organiserId = d.organiser;
});
afterAll(() => t.drop());

async function pendingTablet(deviceId: string) {
	const code = await roomAction(t.db, ROOM, organiserId, { action: 'enrolCode' }, T0);
	if (!code.ok) throw new Error('no code');
	const e = await enrolDevice(t.db, secret, { code: code.code!, deviceId, label: deviceId }, T0);
	if (!e.ok) throw new Error(e.code);
	return readToken(secret, e.token)!;
}

describe('the tablet stream', () => {
	it('is for an approved tablet of its room: a pending one is told it is not approved', async () => {
		const pending = await pendingTablet('stream-pending');
		expect(await streamDeviceOf(t.db, pending)).toMatchObject({ ok: false, code: 'notApproved' });
		const approved = await enrolTablet(t.db, secret, {
			roomId: ROOM,
			actorId: organiserId,
			deviceId: 'stream-approved',
			seat: null,
			at: T0
		});
		expect(await streamDeviceOf(t.db, approved)).toMatchObject({ id: 'stream-approved', room_id: ROOM });
		expect(await streamDeviceOf(t.db, null)).toMatchObject({ ok: false, code: 'badToken' });
	});

	it('is closed at the recheck once its tablet is wiped, the others kept, in one statement for the hall', async () => {
		const ids = Array.from({ length: 40 }, (_, i) => `hall-${i}`);
		for (const deviceId of ids)
			await enrolTablet(t.db, secret, { roomId: ROOM, actorId: organiserId, deviceId, seat: null, at: T0 });
		const counted = countStatements(t.db);
		const holders = new StreamHolders(2, tabletsStillAllowed(counted.db));
		const closed: string[] = [];
		for (const deviceId of ids) holders.hold({ holder: deviceId, room: ROOM }, () => closed.push(deviceId));
		// A token naming another room than the device's (none is issued so; the check holds anyway).
		holders.hold({ holder: 'hall-0', room: 'room-elsewhere' }, () => closed.push('elsewhere'));
		holders.hold({ holder: 'stream-pending', room: ROOM }, () => closed.push('stream-pending'));

		expect(await holders.recheck()).toBe(2);
		expect(closed.sort()).toEqual(['elsewhere', 'stream-pending']);
		expect(counted.naming(['device'])).toBe(1);

		const w = await roomAction(t.db, ROOM, organiserId, { action: 'wipe', deviceId: 'hall-7' }, T0 + 1000);
		expect(w.ok).toBe(true);
		expect(await holders.recheck()).toBe(1);
		expect(closed).toContain('hall-7');
		expect(holders.count()).toBe(ids.length - 1);
		expect(counted.naming(['device'])).toBe(2);
		expect(await stillStreaming(t.db, [{ deviceId: 'hall-7', roomId: ROOM }])).toEqual(new Set());
	});
});

describe('the console stream', () => {
	it('is closed at the recheck when its session signs out or its proctor leaves the room', async () => {
		const proctor = await t.db
			.selectFrom('app_user')
			.select('id')
			.where('role', '=', 'proctor')
			.executeTakeFirstOrThrow();
		await assignProctor(t.db, { roomId: ROOM, userId: proctor.id, actorId: organiserId }, T0);
		const leaving = await createSession(t.db, proctor.id, T0);
		const signingOut = await createSession(t.db, proctor.id, T0);
		const organiser = await createSession(t.db, organiserId, T0);
		const holders = new StreamHolders(5, consolesStillAllowed(t.db));
		const closed: string[] = [];
		const open = (name: string, token: string, room = ROOM) =>
			holders.hold({ holder: name, room, credential: token }, () => closed.push(name));
		open('leaving', leaving);
		open('signing-out', signingOut);
		open('organiser', organiser);
		open('forged', 'not-a-session');
		expect(await holders.recheck()).toBe(1);
		expect(closed).toEqual(['forged']);

		await deleteSession(t.db, signingOut);
		expect(await holders.recheck()).toBe(1);
		expect(closed).toEqual(['forged', 'signing-out']);

		await unassignProctor(t.db, { roomId: ROOM, userId: proctor.id, actorId: organiserId }, T0);
		expect(await holders.recheck()).toBe(1);
		expect(closed).toEqual(['forged', 'signing-out', 'leaving']);
		expect(holders.count('organiser')).toBe(1);
	});
});
