// The bound on tablets waiting for approval holds when enrolments arrive at once. A review sent
// 60 enrolments with a valid code in parallel to a room of ten seats (bound 2 × 10 + 20 = 40):
// every one was answered 201 and stored, each having counted the waiting tablets before any of
// the others was inserted. On SQLite and PostgreSQL, at most the bound are accepted and stored.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { openDemoDb, type TestDb } from './testdb';
import { enrolDevice, prepareRoom, roomAction } from '../../src/lib/server/venue';

let t: TestDb;
const secret = randomBytes(32);
const T0 = Date.UTC(2026, 11, 4, 1, 0);
let code = '';
/** The demo's room 1 has ten seats (seed.ts): 2 × 10 + 20 tablets may wait at once. */
const CAP = 40;
const BURST = 60;

beforeAll(async () => {
	let organiser: string;
	({ t, organiser } = await openDemoDb(T0 - 86_400_000));
	await prepareRoom(t.db, 'room-1', T0);
	const c = await roomAction(t.db, 'room-1', organiser, { action: 'enrolCode' }, T0);
	if (!c.ok || !c.code) throw new Error('no code');
	code = c.code;
});
afterAll(async () => t.drop());

describe('enrolments sent at once', () => {
	it('are accepted and stored only up to the room’s bound', async () => {
		const rs = await Promise.all(
			Array.from({ length: BURST }, (_, i) =>
				enrolDevice(t.db, secret, { code, deviceId: `tab-${i}`, label: '' }, T0 + 1000 + i)
			)
		);
		const accepted = rs.filter((r) => r.ok).length;
		const refused = new Set(rs.flatMap((r) => (r.ok ? [] : [r.code])));
		const stored = await t.db
			.selectFrom('device')
			.select((eb) => eb.fn.countAll<number>().as('n'))
			.where('room_id', '=', 'room-1')
			.where('status', '=', 'pending')
			.executeTakeFirstOrThrow();
		expect({ accepted, stored: Number(stored.n), refused: [...refused] }).toEqual({
			accepted: CAP,
			stored: CAP,
			refused: ['tooManyPending']
		});
	});
});
