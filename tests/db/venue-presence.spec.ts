// A tablet's presence (issue 11): heard on every heartbeat, written with the other tablets'
// rather than one write each; written at once when the tablet reports unsent answers; read as
// heard by the grid; never set back by an earlier presence; written by itself soon after; and
// never held back by what one tablet's report names.
// On SQLite and PostgreSQL.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { randomBytes } from 'node:crypto';
import { openDemoDb, type TestDb } from './testdb';
import { heartbeat, prepareRoom, roomGrid } from '../../src/lib/server/venue';
import { keepReport, waitingReports, writeHeard } from '../../src/lib/server/venue/presence';
import { seatFinalists, enrolTablet } from './venue-fixture';
import type { TokenClaims } from '../../src/lib/server/tokens';

let t: TestDb;
let token: TokenClaims;
const secret = randomBytes(32);
const T0 = Date.UTC(2026, 11, 1, 1, 0);

beforeAll(async () => {
	const demo = await openDemoDb(T0 - 86_400_000);
	t = demo.t;
	await seatFinalists(t.db, {
		count: 1,
		name: 'Có Mặt',
		phonePrefix: '09740000',
		idPrefix: '0820900077',
		organiserId: demo.organiser,
		at: T0
	});
	await prepareRoom(t.db, 'room-1', T0);
	const seat = await t.db
		.selectFrom('seat')
		.select('id')
		.where('room_id', '=', 'room-1')
		.orderBy('label')
		.executeTakeFirstOrThrow();
	token = await enrolTablet(t.db, secret, {
		roomId: 'room-1',
		actorId: demo.organiser,
		deviceId: 'tab-present',
		seat: seat.id,
		at: T0
	});
	const seated = await t.db
		.selectFrom('finalist')
		.select('attempt_id')
		.where('seat_id', '=', seat.id)
		.executeTakeFirstOrThrow();
	// The seated finalist's attempt, of which the server holds nothing from this tablet.
	heldNothing = { [seated.attempt_id!]: 0 };
});
let heldNothing: Record<string, number> = {};
afterAll(async () => t.drop());

const row = () =>
	t.db
		.selectFrom('device')
		.select(['last_seen_at', 'report'])
		.where('id', '=', 'tab-present')
		.executeTakeFirstOrThrow();

describe('a tablet’s presence', () => {
	it('waits to be written with the others, and the grid reads it as heard meanwhile', async () => {
		await writeHeard(t.db);
		const before = await row();
		expect(before.last_seen_at).toBeLessThan(T0 + 10_000);
		const view = await heartbeat(t.db, token, { unsent: 0, lastSeqs: {} }, T0 + 10_000);
		expect('room' in view).toBe(true);
		// Not written by the heartbeat itself.
		expect((await row()).last_seen_at).toBe(before.last_seen_at);
		const grid = await roomGrid(t.db, 'room-1', T0 + 11_000);
		if (!grid.ok) throw new Error(grid.code);
		const device = grid.devices.find((d) => d.id === 'tab-present')!;
		expect([device.lastSeenAt, device.online]).toEqual([T0 + 10_000, true]);
		await writeHeard(t.db);
		expect((await row()).last_seen_at).toBe(T0 + 10_000);
	});

	it('is written at once when the tablet reports unsent answers', async () => {
		await heartbeat(t.db, token, { unsent: 2, lastSeqs: { a: 5 } }, T0 + 20_000);
		const r = await row();
		expect(r.last_seen_at).toBe(T0 + 20_000);
		expect(JSON.parse(r.report)).toEqual({ unsent: 2, lastSeqs: { a: 5 }, held: heldNothing });
	});

	it('never sets back a later presence written by another process', async () => {
		await heartbeat(t.db, token, { unsent: 0, lastSeqs: { a: 5 } }, T0 + 30_000);
		// Another server process heard the tablet later and wrote it at once.
		await t.db
			.updateTable('device')
			.set({ last_seen_at: T0 + 31_000, report: JSON.stringify({ unsent: 1, lastSeqs: { a: 6 } }) })
			.where('id', '=', 'tab-present')
			.execute();
		await writeHeard(t.db);
		const r = await row();
		expect(r.last_seen_at).toBe(T0 + 31_000);
		expect(JSON.parse(r.report)).toEqual({ unsent: 1, lastSeqs: { a: 6 } });
	});

	it('is written by itself soon after, with nothing reading it', async () => {
		await heartbeat(t.db, token, { unsent: 0, lastSeqs: { a: 6 } }, T0 + 40_000);
		await vi.waitFor(async () => expect((await row()).last_seen_at).toBe(T0 + 40_000), {
			timeout: 30_000,
			interval: 100
		});
		expect(JSON.parse((await row()).report)).toEqual({ unsent: 0, lastSeqs: { a: 6 }, held: heldNothing });
	});

	it('is written whatever one tablet names in its report', async () => {
		// A token's owner names chains after the prototype's properties: read through `in` and
		// `[]`, `toString` passed as a chain the tablet serves, with a function for its head, and
		// the write that failed on it held back every tablet's presence for good.
		const names = { toString: 1, constructor: 2, hasOwnProperty: 3, valueOf: 4 };
		await heartbeat(t.db, token, { unsent: 0, lastSeqs: names }, T0 + 50_000);
		// Not kept to be written: the tablet serves no such attempt.
		for (const name of Object.keys(names)) expect(waitingReports(t.db, name)).toEqual([]);
		await writeHeard(t.db);
		expect((await row()).last_seen_at).toBe(T0 + 50_000);
		const kept = await t.db
			.selectFrom('device_report')
			.select('attempt_id')
			.where('attempt_id', 'in', Object.keys(names))
			.execute();
		expect(kept).toEqual([]);
	});

	it('is written even when the database refuses a report waiting with it, which is dropped', async () => {
		// A report of an attempt the database does not hold (its key refuses it), with a presence.
		keepReport(t.db, {
			attempt_id: 'no-such-attempt',
			device_id: 'tab-present',
			seq: 1,
			head: null,
			at: T0 + 59_000,
			prev_seq: 0,
			prev_head: null,
			prev_at: null
		});
		await heartbeat(t.db, token, { unsent: 0, lastSeqs: {} }, T0 + 60_000);
		await writeHeard(t.db);
		expect((await row()).last_seen_at).toBe(T0 + 60_000);
		expect(waitingReports(t.db, 'no-such-attempt')).toEqual([]);
	});
});
