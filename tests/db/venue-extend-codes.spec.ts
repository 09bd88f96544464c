// A proctor extends one seat twice by the same minutes, on SQLite and PostgreSQL: the two
// codes differ, and the seat's offline tablet (the browser's own code, on fake-indexeddb)
// that is given both, in any order and twice over, or that heard the server first, counts
// down exactly the time the server counts — no more, no less.
import 'fake-indexeddb/auto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { openTestDb, type TestDb } from './testdb';
import { heartbeat, releaseKeys, roomAction, roomGrid } from '../../src/lib/server/venue';
import { attemptOfSeat, enrolTablet } from './venue-fixture';
import { preparedFinal } from './venue-final';
import { localDb, type LocalAttempt } from '../../src/lib/client/db';
import { applyShortCode } from '../../src/lib/client/venue/codes';
import { ExamSession } from '../../src/lib/client/exam.svelte';
import type { VenuePackage } from '../../src/lib/client/db';

let t: TestDb;
const secret = randomBytes(32);
const T0 = Date.UTC(2026, 11, 1, 1, 0);
const S = T0 + 60_000;
const MIN = 60_000;
/** What the proctor asks for, each time. */
const MINUTES = 5;
let organiserId = '';

beforeAll(async () => {
	t = await openTestDb();
	organiserId = await preparedFinal(t.db, T0, {
		name: 'Gia Hạn',
		phonePrefix: '09740000',
		idPrefix: '0820900099'
	});
});
afterAll(async () => {
	localDb().close();
	await t.drop();
});

const act = (a: Parameters<typeof roomAction>[3], at: number) =>
	roomAction(t.db, 'room-1', organiserId, a, at);

/** The seat's tablet as it stands offline after Start: the room's keys and the attempt, no news since. */
async function offlineTablet(codeKey: string, paperKey: string, seatId: string) {
	const a = await attemptOfSeat(t.db, seatId);
	const db = localDb();
	await Promise.all(db.tables.map((x) => x.clear()));
	await db.venueKeys.put({ roomId: 'room-1', paperKey, codeKey });
	const attempt: LocalAttempt = {
		attemptId: a.id,
		userId: 'f',
		roundId: 'room-1',
		roundName: 'Phòng 1',
		kind: 'final',
		token: 'tok',
		paper: { seed: '', questions: [] },
		startedAt: S,
		deadline: S + a.duration_ms,
		durationMs: a.duration_ms,
		graceMs: 0,
		tiebreakPrompt: null,
		review: false,
		status: 'running',
		flagged: [],
		venue: {
			roomId: 'room-1',
			seatId,
			finalistId: 'f',
			sbd: 'CK',
			name: null,
			codes: [],
			codeExtensionMs: 0,
			lockedByCode: false,
			movedAway: false,
			roomStartedAt: S
		}
	};
	await db.attempts.put(attempt);
	const pkg = { roomId: 'room-1' } as VenuePackage;
	return {
		attemptId: a.id,
		durationMs: a.duration_ms,
		type: (code: string) => applyShortCode(pkg, a.id, code, S),
		/** The time the tablet's exam screen allows (duration and extensions). */
		allowedMs: async () => (await ExamSession.open(a.id))!.allowedMs
	};
}

describe('extend codes', () => {
	let token: Awaited<ReturnType<typeof enrolTablet>>;
	let keys: { codeKey: string; paperKey: string };

	it('two extensions of the same length: different codes, and the tablet given both counts what the server counts', async () => {
		token = await enrolTablet(t.db, secret, {
			roomId: 'room-1',
			actorId: organiserId,
			deviceId: 'tab-2',
			seat: 'room-1-s2',
			at: T0 + 1000
		});
		expect((await act({ action: 'start' }, S)).ok).toBe(true);
		const released = await releaseKeys(t.db, token);
		if (!released.ok) throw new Error(released.code);
		keys = released;

		const first = await act({ action: 'extend', seatId: 'room-1-s2', minutes: MINUTES }, S + 60_000);
		const second = await act({ action: 'extend', seatId: 'room-1-s2', minutes: MINUTES }, S + 120_000);
		const other = await act({ action: 'extend', seatId: 'room-1-s1', minutes: MINUTES }, S + 130_000);
		if (!first.ok || !second.ok || !other.ok) throw new Error('extend refused');
		expect(first.code).not.toBe(second.code);
		const given = 2 * MINUTES * MIN;
		const server = await attemptOfSeat(t.db, 'room-1-s2');
		expect(server.extension_ms).toBe(given);

		// The console lists both codes, as they were read out.
		const grid = await roomGrid(t.db, 'room-1', S + 140_000);
		if (!grid.ok) throw new Error(grid.code);
		expect(grid.codes.filter((c) => c.seatId === 'room-1-s2').map((c) => c.code)).toEqual([
			second.code,
			first.code
		]);
		// Extensions audited before the total was recorded with them are summed seat by seat.
		const rows = await t.db
			.selectFrom('audit_log')
			.select(['id', 'detail'])
			.where('action', '=', 'room.extend')
			.execute();
		for (const r of rows) {
			const { totalMinutes, ...rest } = JSON.parse(r.detail) as Record<string, unknown>;
			expect(totalMinutes).toBeTypeOf('number');
			await t.db
				.updateTable('audit_log')
				.set({ detail: JSON.stringify(rest) })
				.where('id', '=', r.id)
				.execute();
		}
		const relisted = await roomGrid(t.db, 'room-1', S + 141_000);
		if (!relisted.ok) throw new Error(relisted.code);
		expect(relisted.codes.map((c) => c.code)).toEqual(grid.codes.map((c) => c.code));

		for (const order of [
			[first.code!, second.code!],
			[second.code!, first.code!],
			[first.code!, first.code!, second.code!, second.code!, first.code!]
		]) {
			const tablet = await offlineTablet(keys.codeKey, keys.paperKey, 'room-1-s2');
			for (const code of order) expect(await tablet.type(code)).toBe(true);
			// Another seat's extension is not this tablet's.
			expect(await tablet.type(other.code!)).toBe(false);
			expect(await tablet.allowedMs()).toBe(tablet.durationMs + given);
			expect(await tablet.allowedMs()).toBe(server.duration_ms + server.extension_ms);
		}
	});

	it('a tablet that heard an extension online and then gets its code counts it once', async () => {
		const third = await act({ action: 'extend', seatId: 'room-1-s2', minutes: MINUTES }, S + 160_000);
		if (!third.ok) throw new Error('extend refused');
		const tablet = await offlineTablet(keys.codeKey, keys.paperKey, 'room-1-s2');
		// The server's state as a heartbeat brought it, before the network dropped.
		const view = await heartbeat(t.db, token, {}, S + 170_000);
		if ('ok' in view) throw new Error(view.code);
		const state = view.finalists.find((f) => f.attemptId === tablet.attemptId)?.state;
		if (!state) throw new Error('no state');
		const all = tablet.durationMs + 3 * MINUTES * MIN;
		expect(state.allowedMs).toBe(all);
		await localDb().attempts.update(tablet.attemptId, {
			serverState: state as LocalAttempt['serverState'],
			serverStateSentAt: Date.now()
		});
		expect(await tablet.allowedMs()).toBe(all);
		expect(await tablet.type(third.code!)).toBe(true);
		expect(await tablet.allowedMs()).toBe(all);
	});
});
