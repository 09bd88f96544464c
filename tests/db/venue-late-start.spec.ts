// A late start a tablet claims is the tablet's word, held to what the server knows, on SQLite
// and PostgreSQL. A tablet opens its finalist's paper as soon as it has the room's keys and the
// finalist is signed in; heard from again with both after the room started, it has started
// them by then. A tablet in touch with the server all along cannot claim a start minutes later
// (it would buy its finalist that much time); a finalist who arrives late, or whose tablet was
// offline at Start and was started with the proctor's code, still gets their own start.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import type { TestDb } from './testdb';
import { heartbeat, prepareRoom, releaseKeys, roomAction } from '../../src/lib/server/venue';
import { ingestBatch } from '../../src/lib/server/attempts';
import { chainEvent } from '../../src/lib/exam/events';
import type { Paper } from '../../src/lib/exam/paper';
import { enrolTablet } from './venue-fixture';
import { openFinalRoom } from './final-room';

let t: TestDb;
const secret = randomBytes(32);
const T0 = Date.UTC(2026, 11, 2, 1, 0);
/** The room starts a minute after T0 (its tablets enrolled and signed in before). */
const START = T0 + 60_000;
let organiserId = '';

beforeAll(async () => {
	({ t, organiser: organiserId } = await openFinalRoom(T0, {
		count: 4,
		name: 'Đến Muộn',
		phonePrefix: '09740000',
		idPrefix: '0820900099'
	}));
	await prepareRoom(t.db, 'room-1', T0);
});
afterAll(async () => t.drop());

async function seat(n: number) {
	const seatId = `room-1-s${n}`;
	const f = await t.db
		.selectFrom('finalist')
		.select(['id', 'attempt_id'])
		.where('seat_id', '=', seatId)
		.executeTakeFirstOrThrow();
	const token = await enrolTablet(t.db, secret, {
		roomId: 'room-1',
		actorId: organiserId,
		deviceId: `late-${n}`,
		seat: seatId,
		at: T0 + n * 1000
	});
	return { finalistId: f.id, attemptId: f.attempt_id!, token };
}

async function startOf(attemptId: string) {
	const a = await t.db
		.selectFrom('attempt')
		.select('started_at')
		.where('id', '=', attemptId)
		.executeTakeFirstOrThrow();
	return Number(a.started_at);
}

async function lateStarts() {
	const rows = await t.db.selectFrom('incident').select('seat_id').where('kind', '=', 'late_start').execute();
	return rows.map((r) => r.seat_id).sort();
}

describe('a late start claimed by a tablet', () => {
	let s1: Awaited<ReturnType<typeof seat>>;
	let s2: Awaited<ReturnType<typeof seat>>;
	let s3: Awaited<ReturnType<typeof seat>>;

	it('counts from the moment the server knew the tablet could start', async () => {
		s1 = await seat(1);
		s2 = await seat(2);
		s3 = await seat(3);
		// Seats 1 and 3 sign in before the start; seat 2's finalist has not come.
		for (const s of [s1, s3])
			await heartbeat(
				t.db,
				s.token,
				{ signedIn: { finalistId: s.finalistId, at: T0 + 30_000 } },
				T0 + 30_000
			);
		expect((await roomAction(t.db, 'room-1', organiserId, { action: 'start' }, START)).ok).toBe(true);

		// Seat 1 stays in touch: a heartbeat after the start, the keys, a heartbeat with them.
		const signed1 = { signedIn: { finalistId: s1.finalistId, at: T0 + 30_000 } };
		await heartbeat(t.db, s1.token, signed1, START + 1_000);
		expect(await releaseKeys(t.db, s1.token, START + 1_500)).toMatchObject({ ok: true });
		await heartbeat(t.db, s1.token, signed1, START + 2_000);
		// Seat 3's keys go out too, and then nothing is heard of it (its network dropped).
		expect(await releaseKeys(t.db, s3.token, START + 1_600)).toMatchObject({ ok: true });

		// Minutes later seat 1 claims its finalist started just now: ten more minutes for them.
		const claimed1 = START + 400_000;
		await heartbeat(
			t.db,
			s1.token,
			{ ...signed1, started: [{ attemptId: s1.attemptId, at: claimed1, viaCode: false }] },
			claimed1 + 1_000
		);
		// They had started two seconds after the room: within the minute that counts as on time.
		expect(await startOf(s1.attemptId)).toBe(START);

		// Seat 2's finalist arrives five minutes late; the tablet signs them in, gets the keys and
		// opens the paper half a second later, and says so in its next heartbeat.
		const arrived = START + 300_000;
		const signed2 = { signedIn: { finalistId: s2.finalistId, at: arrived } };
		await heartbeat(t.db, s2.token, signed2, arrived + 200);
		expect(await releaseKeys(t.db, s2.token, arrived + 400)).toMatchObject({ ok: true });
		await heartbeat(
			t.db,
			s2.token,
			{ ...signed2, started: [{ attemptId: s2.attemptId, at: arrived + 500, viaCode: false }] },
			arrived + 1_000
		);
		expect(await startOf(s2.attemptId)).toBe(arrived + 500);

		// Seat 3 never had its keys (the answer was lost); the proctor started it with the code
		// at START + 500 s, offline, and it says so when its network is back.
		const byCode = START + 500_000;
		await heartbeat(
			t.db,
			s3.token,
			{
				signedIn: { finalistId: s3.finalistId, at: T0 + 30_000 },
				started: [{ attemptId: s3.attemptId, at: byCode, viaCode: true }]
			},
			START + 550_000
		);
		expect(await startOf(s3.attemptId)).toBe(byCode);
		expect(await lateStarts()).toEqual(['room-1-s2', 'room-1-s3']);
	});

	it('holds the bound once known, whatever the tablet says after', async () => {
		// Seat 1 (on time, so no late start holds it) claims again, by code this time; seat 3 claims
		// a later start again, and seat 2 one a minute after its own.
		const claims: [typeof s2, number][] = [
			[s1, START + 580_000],
			[s2, START + 360_000],
			[s3, START + 590_000]
		];
		for (const [s, at] of claims)
			await heartbeat(
				t.db,
				s.token,
				{ started: [{ attemptId: s.attemptId, at, viaCode: true }] },
				at + 1_000
			);
		expect(await startOf(s1.attemptId)).toBe(START);
		expect(await startOf(s2.attemptId)).toBe(START + 300_500);
		expect(await startOf(s3.attemptId)).toBe(START + 500_000);
		expect(await lateStarts()).toEqual(['room-1-s2', 'room-1-s3']);
	});

	it('is not counted after an answer the server received, whatever time the tablet gave it', async () => {
		// Seat 4's finalist sat down on time; the tablet, bent, never says they signed in.
		const s4 = await seat(4);
		await heartbeat(t.db, s4.token, {}, START + 1_000);
		expect(await releaseKeys(t.db, s4.token, START + 1_700)).toMatchObject({ ok: true });
		// A minute in, its first answer reaches the server, stamped by the tablet an hour ahead.
		const row = await t.db
			.selectFrom('attempt_paper')
			.select('paper')
			.where('attempt_id', '=', s4.attemptId)
			.executeTakeFirstOrThrow();
		const q = (JSON.parse(row.paper) as Paper).questions[0];
		const answer = await chainEvent(s4.attemptId, {
			seq: 1,
			questionId: q.id,
			choice: q.options[0].id,
			at: START + 3_600_000,
			elapsedMs: 60_000
		});
		const synced = await ingestBatch(
			t.db,
			s4.attemptId,
			{ deviceId: 'late-4', events: [answer] },
			START + 60_000
		);
		expect(synced).toMatchObject({ ok: true, acked: 1 });
		// Then it says they signed in and started 75 s after the room: 75 s more for them.
		const claimed = START + 75_000;
		await heartbeat(
			t.db,
			s4.token,
			{
				signedIn: { finalistId: s4.finalistId, at: claimed },
				started: [{ attemptId: s4.attemptId, at: claimed, viaCode: true }]
			},
			claimed + 1_000
		);
		expect(await startOf(s4.attemptId)).toBe(START);
		expect(await lateStarts()).toEqual(['room-1-s2', 'room-1-s3']);
	});
});
