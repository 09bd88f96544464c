// Tablets waiting for approval, on SQLite and PostgreSQL: anyone who has seen a room's
// enrolment code (shown in the hall) can enrol, so a room holds at most two per seat and 20
// more waiting at once; over that an enrolment is refused and nothing is stored, until the
// proctor approves or rejects some. The proctor rejects one tablet, or every one still waiting;
// a rejected tablet's token speaks for nothing, and an approved tablet cannot be rejected.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { openTestDb, type TestDb } from './testdb';
import { seedDemo } from '../../src/lib/server/demo/seed';
import { enrolDevice, heartbeat, prepareRoom, roomAction } from '../../src/lib/server/venue';
import { readToken } from '../../src/lib/server/tokens';

let t: TestDb;
const secret = randomBytes(32);
const T0 = Date.UTC(2026, 11, 3, 1, 0);
let organiserId = '';
let code = '';
/** The demo's room 1 has ten seats (seed.ts): 2 × 10 + 20 tablets may wait at once. */
const CAP = 40;

beforeAll(async () => {
	t = await openTestDb();
	await seedDemo(t.db, { now: T0 - 86_400_000 });
	organiserId = (
		await t.db.selectFrom('app_user').select('id').where('role', '=', 'organiser').executeTakeFirstOrThrow()
	).id;
	await prepareRoom(t.db, 'room-1', T0);
	const c = await roomAction(t.db, 'room-1', organiserId, { action: 'enrolCode' }, T0);
	if (!c.ok || !c.code) throw new Error('no code');
	code = c.code;
});
afterAll(async () => t.drop());

const enrol = (deviceId: string) => enrolDevice(t.db, secret, { code, deviceId, label: deviceId }, T0 + 1000);
const act = (a: Parameters<typeof roomAction>[3]) => roomAction(t.db, 'room-1', organiserId, a, T0 + 2000);

async function devices(status: 'pending' | 'approved') {
	const rows = await t.db
		.selectFrom('device')
		.select('id')
		.where('room_id', '=', 'room-1')
		.where('status', '=', status)
		.orderBy('id')
		.execute();
	return rows.map((r) => r.id);
}

describe('tablets waiting for approval', () => {
	const tokens = new Map<string, string>();

	it('are refused over the room’s bound, with nothing stored, until the proctor acts', async () => {
		const names = Array.from({ length: CAP }, (_, i) => `wait-${String(i).padStart(2, '0')}`);
		for (const id of names) {
			const r = await enrol(id);
			expect(r).toMatchObject({ ok: true, deviceId: id });
			if (r.ok) tokens.set(id, r.token);
		}
		expect(await enrol('one-too-many')).toMatchObject({ ok: false, code: 'tooManyPending' });
		expect(await devices('pending')).toEqual(names);

		// One approved to a seat: room for one more.
		expect(await act({ action: 'approve', deviceId: 'wait-00', seatId: 'room-1-s1' })).toMatchObject({
			ok: true
		});
		expect(await enrol('real-tablet')).toMatchObject({ ok: true, deviceId: 'real-tablet' });
		expect(await enrol('and-another')).toMatchObject({ ok: false, code: 'tooManyPending' });
	});

	it('are rejected one by one or all at once; an approved tablet is not', async () => {
		expect(await act({ action: 'reject', deviceId: 'wait-01' })).toMatchObject({ ok: true });
		expect(await devices('pending')).not.toContain('wait-01');
		// Its token speaks for nothing now; the tablet may enrol again (there is room for one).
		const claims = readToken(secret, tokens.get('wait-01')!);
		expect(await heartbeat(t.db, claims, {}, T0 + 3000)).toMatchObject({ ok: false, code: 'badToken' });
		expect(await enrol('wait-01')).toMatchObject({ ok: true, deviceId: 'wait-01' });

		expect(await act({ action: 'reject', deviceId: 'wait-00' })).toMatchObject({
			ok: false,
			code: 'notPending'
		});
		expect(await act({ action: 'reject', deviceId: 'no-such-tablet' })).toMatchObject({
			ok: false,
			code: 'noDevice'
		});
		expect(await act({ action: 'reject', deviceId: null })).toMatchObject({ ok: true });
		expect(await devices('pending')).toEqual([]);
		expect(await devices('approved')).toEqual(['wait-00']);
	});
});
