// The venue's server side on SQLite and PostgreSQL: preparation, enrolment, sealed papers,
// Start and the start code, pauses, extensions, moves, lock, late starts, who may post.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHmac, randomBytes } from 'node:crypto';
import { openTestDb, type TestDb } from './testdb';
import { seedDemo } from '../../src/lib/server/demo/seed';
import { register, createStaff } from '../../src/lib/server/accounts';
import { addFinalist, assignProctor, mayActOnRoom } from '../../src/lib/server/venue';
import {
	continuation,
	deviceMayPost,
	enrolDevice,
	finaliseRoom,
	heartbeat,
	prepareRoom,
	releaseKeys,
	roomAction,
	roomGrid,
	roomPackage,
	serverElapsed
} from '../../src/lib/server/venue';
import { awaitsGrading, ingestBatch, submitAttempt } from '../../src/lib/server/attempts';
import { readToken } from '../../src/lib/server/tokens';
import { chainEvent, type AnswerEvent } from '../../src/lib/exam/events';
import {
	base32,
	checkPin,
	checkShortCode,
	deriveRoomKeys,
	importAesKey,
	openJson,
	rawKeyFromB64,
	unwrapPaperKey
} from '../../src/lib/exam/venue-crypto';
import type { Paper } from '../../src/lib/exam/paper';
import { codeTime, startTimeFromTicks } from '../../src/lib/exam/timer';
import { attemptOfSeat, seatFinalists, enrolTablet } from './venue-fixture';
import { countStatements } from './statement-count';

let t: TestDb;
const secret = randomBytes(32);
const T0 = Date.UTC(2026, 11, 1, 1, 0);
let organiserId = '';
const finalists: { sbd: string; userId: string }[] = [];

beforeAll(async () => {
	t = await openTestDb();
	await seedDemo(t.db, { now: T0 - 86_400_000 });
	// The final's window includes the test's times: the server refuses a start outside it.
	await t.db
		.updateTable('round')
		.set({ opens_at: T0 - 86_400_000, closes_at: T0 + 30 * 86_400_000 })
		.where('id', '=', 'final')
		.execute();
	organiserId = (
		await t.db.selectFrom('app_user').select('id').where('role', '=', 'organiser').executeTakeFirstOrThrow()
	).id;
	finalists.push(
		...(await seatFinalists(t.db, {
			count: 6,
			name: 'Chung Kết',
			phonePrefix: '09720000',
			idPrefix: '0820900077',
			organiserId,
			at: T0
		}))
	);
});
afterAll(async () => t.drop());

/** The token of the tablet whose finalist started late (checked again after the lock). */
let tab4: Awaited<ReturnType<typeof enrolTablet>>;
const act = (a: Parameters<typeof roomAction>[3], at: number) =>
	roomAction(t.db, 'room-1', organiserId, a, at);

const enrol = (deviceId: string, seat: string | null, at: number) =>
	enrolTablet(t.db, secret, { roomId: 'room-1', actorId: organiserId, deviceId, seat, at });

/** The attempts of room-1's finalists, as stored. */
const roomAttemptRows = () =>
	t.db
		.selectFrom('attempt')
		.innerJoin('finalist', 'finalist.attempt_id', 'attempt.id')
		.selectAll('attempt')
		.where('finalist.room_id', '=', 'room-1')
		.execute();

async function chain(attemptId: string, items: [string, string, number][], from = 1, prev?: string) {
	const out: AnswerEvent[] = [];
	let h = prev ?? attemptId;
	for (const [i, [q, c, e]] of items.entries()) {
		const ev = await chainEvent(h, { seq: from + i, questionId: q, choice: c, at: T0, elapsedMs: e });
		out.push(ev);
		h = ev.hash;
	}
	return out;
}

describe('the venue', () => {
	it('prepares waiting attempts and seals papers that only the start code or the released key open', async () => {
		const prepared = await prepareRoom(t.db, 'room-1', T0);
		expect('start_code' in prepared && prepared.start_code).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/);
		const waiting = await t.db.selectFrom('attempt').select('status').where('mode', '=', 'venue').execute();
		expect(waiting.map((w) => w.status)).toEqual(Array(6).fill('waiting'));

		const token = await enrol('tab-1', 'room-1-s1', T0 + 1000);
		const pkg = await roomPackage(t.db, token, T0 + 2000);
		if ('ok' in pkg) throw new Error(pkg.code);
		expect(pkg.finalists).toHaveLength(6);
		expect(pkg.finalists.filter((f) => f.name !== null).map((f) => f.seatId)).toEqual(['room-1-s1']);
		const text = JSON.stringify(pkg);
		const paper = JSON.parse((await attemptOfSeat(t.db, 'room-1-s1')).paper) as Paper;
		expect(text.includes(paper.questions[0].text)).toBe(false);
		expect(await releaseKeys(t.db, token)).toMatchObject({ ok: false, code: 'notStarted' });

		const started = await act({ action: 'start' }, T0 + 60_000);
		expect(started.ok && started.code).toBe('start_code' in prepared ? prepared.start_code : '');
		const keys = await releaseKeys(t.db, token);
		if (!keys.ok) throw new Error('no keys');
		const viaCode = await unwrapPaperKey(
			await deriveRoomKeys(started.ok ? started.code! : '', 'room-1'),
			pkg.wrappedKey,
			'room-1'
		);
		const mine = pkg.finalists.find((f) => f.seatId === 'room-1-s1')!;
		const opened = await openJson<{ questions: { text: string; correct?: unknown }[] }>(
			viaCode,
			mine.paper,
			mine.attemptId
		);
		expect(opened.questions[0].text).toBe(paper.questions[0].text);
		expect(JSON.stringify(opened)).not.toMatch(/"correct"/);
		const released = await openJson(
			await importAesKey(rawKeyFromB64(keys.paperKey)),
			mine.paper,
			mine.attemptId
		);
		expect(released).toEqual(opened);
		expect((await attemptOfSeat(t.db, 'room-1-s1')).started_at).toBe(T0 + 60_000);
	});

	it('lets a tablet post only for the finalist seated on it', async () => {
		const token = await enrol('tab-2', 'room-1-s2', T0 + 61_000);
		const own = await attemptOfSeat(t.db, 'room-1-s2');
		const other = await attemptOfSeat(t.db, 'room-1-s3');
		expect(await deviceMayPost(t.db, token, own.id)).toBe(true);
		expect(await deviceMayPost(t.db, token, other.id)).toBe(false);
	});

	it('pauses and resumes the room: the deadline moves by the pause, elapsed time stands still', async () => {
		const before = await attemptOfSeat(t.db, 'room-1-s2');
		const counted = countStatements(t.db);
		await roomAction(counted.db, 'room-1', organiserId, { action: 'pause' }, T0 + 120_000);
		expect((await attemptOfSeat(t.db, 'room-1-s2')).status).toBe('paused');
		// The room's pauses are read once for the room, not once per attempt (6 running).
		expect(counted.naming(['pause'])).toBeLessThanOrEqual(3); // the open pause, the new one, all of them
		expect(await serverElapsed(t.db, 'room-1', before, T0 + 150_000)).toBe(60_000);
		const resumed = await act({ action: 'resume' }, T0 + 180_000);
		expect(resumed.ok && resumed.code).toMatch(/^R/);
		const after = await attemptOfSeat(t.db, 'room-1-s2');
		expect([after.status, after.paused_ms]).toEqual(['running', 60_000]);
		expect(await serverElapsed(t.db, 'room-1', after, T0 + 240_000)).toBe(120_000);
	});

	it('extends one finalist and records a late start as an incident', async () => {
		await act({ action: 'extend', seatId: 'room-1-s3', minutes: 5 }, T0 + 200_000);
		expect((await attemptOfSeat(t.db, 'room-1-s3')).extension_ms).toBe(300_000);
		const token = await enrol('tab-4', 'room-1-s4', T0 + 300_000);
		tab4 = token;
		const a = await attemptOfSeat(t.db, 'room-1-s4');
		await heartbeat(
			t.db,
			token,
			{ started: [{ attemptId: a.id, at: T0 + 60_000 + 30 * 60_000, viaCode: true }] },
			T0 + 60_000 + 30 * 60_000
		);
		expect((await attemptOfSeat(t.db, 'room-1-s4')).started_at).toBe(T0 + 60_000 + 10 * 60_000); // bounded by 10 minutes
		// A start claimed again moves it earlier (it only costs the finalist time), never later
		// (tests/db/venue-tablet.spec.ts).
		await heartbeat(
			t.db,
			token,
			{ started: [{ attemptId: a.id, at: T0 + 60_000 + 5 * 60_000, viaCode: false }] },
			T0 + 60_000 + 31 * 60_000
		);
		expect((await attemptOfSeat(t.db, 'room-1-s4')).started_at).toBe(T0 + 60_000 + 5 * 60_000);
		const incidents = await t.db
			.selectFrom('incident')
			.select('kind')
			.where('kind', '=', 'late_start')
			.execute();
		expect(incidents).toHaveLength(2);
	});

	it('moves a finalist: the old tablet’s events up to the move count, later ones are kept and do not', async () => {
		const old = await enrol('tab-5', 'room-1-s5', T0 + 61_000);
		const spare = await enrol('spare-1', null, T0 + 61_000);
		const a = await attemptOfSeat(t.db, 'room-1-s5');
		const q = (JSON.parse(a.paper) as Paper).questions;
		const before = await chain(a.id, [[q[0].id, q[0].correct[0], 10_000]]);
		expect((await ingestBatch(t.db, a.id, { deviceId: 'tab-5', events: before }, T0 + 80_000)).ok).toBe(true);
		const f = await t.db
			.selectFrom('finalist')
			.select('id')
			.where('seat_id', '=', 'room-1-s5')
			.executeTakeFirstOrThrow();
		expect((await act({ action: 'move', finalistId: f.id, deviceId: 'spare-1' }, T0 + 300_000)).ok).toBe(
			true
		);
		expect(await deviceMayPost(t.db, spare, a.id)).toBe(true);
		expect(await deviceMayPost(t.db, old, a.id)).toBe(true); // may still deliver what it holds
		// A tablet of the same room at another seat, and a token naming another room, may not.
		const neighbour = await enrol('tab-6', 'room-1-s6', T0 + 300_000);
		expect(await deviceMayPost(t.db, neighbour, a.id)).toBe(false);
		expect(await deviceMayPost(t.db, { kind: 'device', roomId: 'room-2', deviceId: 'tab-5' }, a.id)).toBe(
			false
		);
		// Active time at the move: 240 s since start, less the 60 s room pause = 180 s.
		const late = await chain(a.id, [[q[1].id, q[1].correct[0], 200_000]], 2, before[0].hash);
		await ingestBatch(t.db, a.id, { deviceId: 'tab-5', events: late }, T0 + 310_000);
		const onSpare = await chain(a.id, [[q[2].id, q[2].correct[0], 190_000]]);
		await ingestBatch(t.db, a.id, { deviceId: 'spare-1', events: onSpare }, T0 + 310_000);
		const view = await heartbeat(t.db, old, {}, T0 + 311_000);
		expect('movedAway' in view && view.movedAway).toEqual([a.id]);
		const counted = countStatements(t.db);
		// The room hears of the lock once it has committed (the route publishes then), before the
		// grading: every attempt closed, none graded yet; a submit in between grades its own.
		let atCommit: { statuses: string[]; awaiting: number; receipt: unknown } | undefined;
		await roomAction(counted.db, 'room-1', organiserId, { action: 'lock' }, T0 + 400_000, async () => {
			const rows = await roomAttemptRows();
			atCommit = {
				statuses: [...new Set(rows.map((r) => r.status))],
				awaiting: rows.filter(awaitsGrading).length,
				receipt: await submitAttempt(t.db, secret, a.id, { deviceId: 'spare-1', lastSeq: 1, reason: 'lock' })
			};
		});
		expect(atCommit?.statuses).toEqual(['locked']);
		// Once closed, an attempt's start is settled: a late start claimed now changes nothing.
		const s4 = await attemptOfSeat(t.db, 'room-1-s4');
		await heartbeat(
			t.db,
			tab4,
			{ started: [{ attemptId: s4.id, at: T0 + 60_000 + 9 * 60_000, viaCode: false }] },
			T0 + 401_000
		);
		expect((await attemptOfSeat(t.db, 'room-1-s4')).started_at).toBe(s4.started_at);
		expect(atCommit?.awaiting).toBe((await roomAttemptRows()).length);
		// q0 on the old tablet before the move and q2 on the spare: 2 (q1 came after the move).
		expect(atCommit?.receipt).toMatchObject({ ok: true, status: 'locked', score: 2 });
		expect((await roomAttemptRows()).filter(awaitsGrading)).toEqual([]);
		// The round, its corrections and the room's lock and pauses are read once for the room, not
		// once per attempt closed (a hall of 1,000 is locked in one transaction): the room and its
		// pauses a fixed 7 times (prepareRoom once, the lock's transaction 4, its grading after 2).
		const closed = await t.db
			.selectFrom('attempt')
			.innerJoin('finalist', 'finalist.attempt_id', 'attempt.id')
			.select('attempt.id')
			.where('finalist.room_id', '=', 'room-1')
			.where('attempt.submit_reason', '=', 'lock')
			.execute();
		expect(closed.length).toBeGreaterThanOrEqual(5);
		expect(counted.naming(['question_correction'])).toBe(1);
		expect(counted.naming(['round'])).toBeLessThan(closed.length);
		expect(counted.naming(['pause', 'venue_room'])).toBeLessThanOrEqual(7);
		const rows = await t.db
			.selectFrom('answer_event')
			.select(['device_id', 'seq', 'counts', 'reason'])
			.where('attempt_id', '=', a.id)
			.orderBy('device_id')
			.orderBy('seq')
			.execute();
		expect(rows).toEqual([
			{ device_id: 'spare-1', seq: 1, counts: 1, reason: null },
			{ device_id: 'tab-5', seq: 1, counts: 1, reason: null },
			{ device_id: 'tab-5', seq: 2, counts: 0, reason: 'after_move' }
		]);
		expect((await attemptOfSeat(t.db, 'room-1-s5')).score).toBe(2);
	});

	it('locks: every attempt is closed at the lock, and answers made after it do not count', async () => {
		const a = await attemptOfSeat(t.db, 'room-1-s2');
		expect([a.status, a.submit_reason]).toEqual(['locked', 'lock']);
		const q = (JSON.parse(a.paper) as Paper).questions;
		// Active at lock: 340 s since start − 60 s pause = 280 s.
		const events = await chain(a.id, [
			[q[0].id, q[0].correct[0], 270_000],
			[q[1].id, q[1].correct[0], 290_000]
		]);
		await ingestBatch(t.db, a.id, { deviceId: 'tab-2', events }, T0 + 500_000);
		const done = await submitAttempt(
			t.db,
			secret,
			a.id,
			{ deviceId: 'tab-2', lastSeq: 2, reason: 'lock' },
			T0 + 501_000
		);
		expect(done.ok && [done.status, done.score]).toEqual(['locked', 1]);
		const rows = await t.db
			.selectFrom('answer_event')
			.select(['seq', 'reason'])
			.where('attempt_id', '=', a.id)
			.orderBy('seq')
			.execute();
		expect(rows.map((r) => r.reason)).toEqual([null, 'after_lock']);
		expect((await attemptOfSeat(t.db, 'room-1-s2')).time_used_ms).toBe(270_000);
	});

	it('a second lock grades what a server stopped before the lock’s grading left ungraded', async () => {
		const a = await attemptOfSeat(t.db, 'room-1-s5');
		expect(a.score).toBe(2);
		// Stopped between the lock's commit and its grading: closed, never graded.
		await t.db.updateTable('attempt').set({ score: null, graded_at: null }).where('id', '=', a.id).execute();
		expect(awaitsGrading(await attemptOfSeat(t.db, 'room-1-s5'))).toBe(true);
		expect((await act({ action: 'lock' }, T0 + 500_000)).ok).toBe(true);
		const graded = await attemptOfSeat(t.db, 'room-1-s5');
		expect([graded.score, awaitsGrading(graded)]).toEqual([2, false]);
		// Finalising the room grades it too, whatever the room's answer (here: seats still open).
		await t.db.updateTable('attempt').set({ score: null, graded_at: null }).where('id', '=', a.id).execute();
		await finaliseRoom(t.db, 'room-1', organiserId, T0 + 510_000);
		expect((await attemptOfSeat(t.db, 'room-1-s5')).score).toBe(2);
	});

	it('lets a proctor act only on the rooms assigned to them', async () => {
		const proctorId = (
			await t.db.selectFrom('app_user').select('id').where('role', '=', 'proctor').executeTakeFirstOrThrow()
		).id;
		const other = await createStaff(
			t.db,
			{ role: 'proctor', fullName: 'Giám Thị Khác', phone: '0988777666', password: 'matkhau123' },
			organiserId
		);
		await assignProctor(t.db, { roomId: 'room-1', userId: proctorId, actorId: organiserId });
		expect(await mayActOnRoom(t.db, { id: proctorId, role: 'proctor' }, 'room-1')).toBe(true);
		expect(await mayActOnRoom(t.db, { id: other, role: 'proctor' }, 'room-1')).toBe(false);
		expect(await mayActOnRoom(t.db, { id: other, role: 'candidate' }, 'room-1')).toBe(false);
		const audited = await t.db
			.selectFrom('audit_log')
			.select('action')
			.where('target', '=', 'room-1')
			.execute();
		expect(audited.map((a) => a.action)).toEqual(
			expect.arrayContaining([
				'room.start',
				'room.pause',
				'room.resume',
				'room.extend',
				'room.move',
				'room.lock',
				'room.approve'
			])
		);
	});
});

// Issue 10, points 6–9: a second room, so each rule is shown on its own timeline.
describe('the venue’s integrity', () => {
	const ROOM = 'room-m';
	const T1 = T0 + 86_400_000;
	const people: { sbd: string; pin: string; finalistId: string; attemptId: string }[] = [];
	const tokens: Record<string, NonNullable<ReturnType<typeof readToken>>> = {};
	const actM = (a: Parameters<typeof roomAction>[3], at: number) =>
		roomAction(t.db, ROOM, organiserId, a, at);
	async function enrolM(deviceId: string, seat: string | null, at: number) {
		const code = await actM({ action: 'enrolCode' }, at);
		if (!code.ok) throw new Error('no code');
		const e = await enrolDevice(t.db, secret, { code: code.code!, deviceId, label: deviceId }, at);
		if (!e.ok) throw new Error(e.code);
		await actM({ action: 'approve', deviceId: e.deviceId ?? deviceId, seatId: seat }, at);
		return readToken(secret, e.token)!;
	}
	const attempt = (i: number) =>
		t.db.selectFrom('attempt').selectAll().where('id', '=', people[i].attemptId).executeTakeFirstOrThrow();
	const paperOf = async (attemptId: string) =>
		JSON.parse(
			(
				await t.db
					.selectFrom('attempt_paper')
					.select('paper')
					.where('attempt_id', '=', attemptId)
					.executeTakeFirstOrThrow()
			).paper
		) as Paper;

	beforeAll(async () => {
		await t.db
			.insertInto('room')
			.values({ id: ROOM, round_id: 'final', name: 'Phòng M', settings: '{}' })
			.execute();
		for (let i = 0; i < 2; i++) {
			await t.db
				.insertInto('seat')
				.values({ id: `${ROOM}-s${i + 1}`, room_id: ROOM, label: `Ghế ${i + 1}` })
				.execute();
			const r = await register(
				t.db,
				{
					input: {
						fullName: `Phòng Em ${i}`,
						birthDate: '1990-01-01',
						gender: 'male',
						nationalId: `0820900088${i}0`,
						phone: `09730000${i}0`,
						email: null,
						address: 'Mỹ Tho',
						unitId: 'my-tho',
						password: 'matkhau123',
						publishName: true,
						guardian: null
					},
					address: '127.0.0.1',
					limitPerHour: 1000
				},
				T1 - 3600_000
			);
			if (!r.ok) throw new Error(JSON.stringify(r));
			const f = await addFinalist(t.db, {
				finalRoundId: 'final',
				login: `09730000${i}0`,
				actorId: organiserId
			});
			if (!f.ok) throw new Error(f.code);
			await t.db
				.updateTable('finalist')
				.set({ room_id: ROOM, seat_id: `${ROOM}-s${i + 1}` })
				.where('sbd', '=', f.sbd)
				.execute();
		}
		await prepareRoom(t.db, ROOM, T1 - 600_000);
		const rows = await t.db
			.selectFrom('finalist')
			.select(['id', 'sbd', 'pin', 'attempt_id'])
			.where('room_id', '=', ROOM)
			.orderBy('seat_id')
			.execute();
		for (const r of rows) people.push({ sbd: r.sbd, pin: r.pin, finalistId: r.id, attemptId: r.attempt_id! });
		tokens.tab1 = await enrolM('tab-m1', `${ROOM}-s1`, T1 - 500_000);
		tokens.tab2 = await enrolM('tab-m2', `${ROOM}-s2`, T1 - 500_000);
		tokens.spare = await enrolM('spare-m', null, T1 - 500_000);
	});

	it('8: re-enrolling with an approved tablet’s id gives a new pending device, never that tablet’s token', async () => {
		const code = await actM({ action: 'enrolCode' }, T1 - 400_000);
		if (!code.ok) throw new Error('no code');
		const again = await enrolDevice(
			t.db,
			secret,
			{ code: code.code!, deviceId: 'tab-m1', label: 'copy' },
			T1 - 400_000
		);
		if (!again.ok) throw new Error(again.code);
		const claims = readToken(secret, again.token)!;
		expect(again.deviceId).not.toBe('tab-m1');
		expect(claims).toMatchObject({ kind: 'device', deviceId: again.deviceId });
		const third = await enrolDevice(
			t.db,
			secret,
			{ code: code.code!, deviceId: 'tab-m1', label: 'x' },
			T1 - 400_000
		);
		expect(third.ok && third.token).not.toBe(again.token);
		const newView = await heartbeat(t.db, claims, {}, T1 - 399_000);
		expect('device' in newView && newView.device.status).toBe('pending');
		expect(await roomPackage(t.db, claims, T1 - 399_000)).toMatchObject({ ok: false, code: 'notApproved' });
		expect(await deviceMayPost(t.db, claims, people[0].attemptId)).toBe(false);
		// The old tablet's token keeps working, for the old tablet only.
		const oldView = await heartbeat(t.db, tokens.tab1, {}, T1 - 398_000);
		expect('device' in oldView && [oldView.device.id, oldView.device.status]).toEqual(['tab-m1', 'approved']);
		expect(await deviceMayPost(t.db, tokens.tab1, people[0].attemptId)).toBe(true);
	});

	it('9: the package carries salted, slow PIN verifiers and verifiers of the tablet’s two 50-bit codes', async () => {
		const pkg = await roomPackage(t.db, tokens.tab1, T1 - 300_000);
		if ('ok' in pkg) throw new Error(pkg.code);
		const mine = pkg.finalists.find((f) => f.sbd === people[0].sbd)!;
		const other = pkg.finalists.find((f) => f.sbd === people[1].sbd)!;
		expect(mine.pinCheck.iterations).toBeGreaterThanOrEqual(200_000);
		expect(mine.pinCheck.salt).not.toBe(other.pinCheck.salt);
		expect(await checkPin(mine.pinCheck, ROOM, people[0].sbd, people[0].pin)).toBe(true);
		const wrong = String((Number(people[0].pin) + 1) % 1_000_000).padStart(6, '0');
		expect(await checkPin(mine.pinCheck, ROOM, people[0].sbd, wrong)).toBe(false);
		// Made once: the next package carries the same verifier.
		const again = await roomPackage(t.db, tokens.tab2, T1 - 299_000);
		if ('ok' in again) throw new Error(again.code);
		expect(again.finalists.find((f) => f.sbd === people[0].sbd)!.pinCheck).toEqual(mine.pinCheck);
		const grid = await roomGrid(t.db, ROOM, T1 - 299_000);
		if (!grid.ok) throw new Error('no grid');
		// Two codes per tablet: the PIN unlock (may be read to a finalist) and proctor mode (never).
		const { unlockCode: unlock, proctorCode: proctor } = grid.devices.find((d) => d.id === 'tab-m1')!;
		expect(unlock).toMatch(/^[0-9A-Z]{5}-[0-9A-Z]{5}$/);
		expect(proctor).toMatch(/^[0-9A-Z]{5}-[0-9A-Z]{5}$/);
		expect(proctor).not.toBe(unlock);
		const raw = (c: string) => c.replace('-', '');
		expect(await checkPin(pkg.pinUnlockCheck, ROOM, 'PIN-UNLOCK-tab-m1', raw(unlock))).toBe(true);
		expect(await checkPin(pkg.pinUnlockCheck, ROOM, 'PIN-UNLOCK-tab-m1', raw(proctor))).toBe(false);
		expect(await checkPin(pkg.unlockCheck, ROOM, 'UNLOCK-tab-m1', raw(proctor))).toBe(true);
		// The PIN-unlock code opens nothing else: not proctor mode, under any label.
		expect(await checkPin(pkg.unlockCheck, ROOM, 'UNLOCK-tab-m1', raw(unlock))).toBe(false);
		expect(await checkPin(pkg.unlockCheck, ROOM, 'UNLOCK-tab-m2', raw(proctor))).toBe(false);
		// The proctor-mode code is the one code a package from before the split checks (HMAC of
		// `unlock|<device>`): a tablet holding such a package goes on accepting it.
		const { code_key } = await t.db
			.selectFrom('venue_room')
			.select('code_key')
			.where('room_id', '=', ROOM)
			.executeTakeFirstOrThrow();
		const before = base32(new Uint8Array(createHmac('sha256', code_key).update('unlock|tab-m1').digest()));
		expect(raw(proctor)).toBe(before.slice(0, 10));
		const m2 = grid.devices.find((d) => d.id === 'tab-m2')!;
		expect(new Set([unlock, proctor, m2.unlockCode, m2.proctorCode]).size).toBe(4);
	});

	it('7: the start-time and pause codes place the proctor’s actions on the room’s timeline', async () => {
		const started = await actM({ action: 'start' }, T1);
		if (!started.ok) throw new Error('no start');
		const grid = await roomGrid(t.db, ROOM, T1 + 1000);
		if (!grid.ok || !grid.room.startTimeCode) throw new Error('no start-time code');
		const { codeKey } = await deriveRoomKeys(started.code!, ROOM);
		const time = await checkShortCode(codeKey, ROOM, `${ROOM}-s2`, grid.room.startTimeCode);
		expect(time?.action).toBe('T');
		const roomStart = startTimeFromTicks(time!.value, T1 + 45_000);
		expect(T1 - roomStart).toBeGreaterThanOrEqual(0);
		expect(T1 - roomStart).toBeLessThan(100);
		const paused = await actM({ action: 'pause', seatId: `${ROOM}-s2` }, T1 + 61_234);
		const p = await checkShortCode(codeKey, ROOM, `${ROOM}-s2`, paused.ok ? paused.code! : '');
		expect(Math.abs(codeTime(roomStart, p!.value) - (T1 + 61_234))).toBeLessThanOrEqual(150);
		const resumed = await actM({ action: 'resume', seatId: `${ROOM}-s2` }, T1 + 80_000);
		const r = await checkShortCode(codeKey, ROOM, `${ROOM}-s2`, resumed.ok ? resumed.code! : '');
		expect(Math.abs(codeTime(roomStart, r!.value) - (T1 + 80_000))).toBeLessThanOrEqual(150);
		// Started by code 40 s late, reported later: on time, as the tablet counts it.
		await heartbeat(
			t.db,
			tokens.tab2,
			{ started: [{ attemptId: people[1].attemptId, at: T1 + 40_000, viaCode: true }] },
			T1 + 90_000
		);
		expect((await attempt(1)).started_at).toBe(T1);
	});

	it('6: a move keeps the start and deadline, records no late start, and counts the spare’s answers up to the lock', async () => {
		const a = await attempt(0);
		const q = (await paperOf(a.id)).questions;
		const before = await chain(a.id, [[q[0].id, q[0].correct[0], 10_000]]);
		await ingestBatch(t.db, a.id, { deviceId: 'tab-m1', events: before }, T1 + 11_000);
		expect(
			(await actM({ action: 'move', finalistId: people[0].finalistId, deviceId: 'spare-m' }, T1 + 70_000)).ok
		).toBe(true);
		// The finalist signs in on the spare, which opens the paper where the server left it.
		await heartbeat(
			t.db,
			tokens.spare,
			{
				signedIn: { finalistId: people[0].finalistId, at: T1 + 75_000 },
				started: [{ attemptId: a.id, at: T1 + 76_000, viaCode: false }]
			},
			T1 + 77_000
		);
		const moved = await attempt(0);
		expect(moved.started_at).toBe(T1);
		expect([moved.paused_ms, moved.extension_ms]).toEqual([a.paused_ms, a.extension_ms]);
		const lateStarts = await t.db
			.selectFrom('incident')
			.select('note')
			.where('room_id', '=', ROOM)
			.where('kind', '=', 'late_start')
			.execute();
		expect(lateStarts).toEqual([]);
		const cont = await continuation(t.db, tokens.spare, a.id, T1 + 78_000);
		expect(cont.ok && cont.elapsedMs).toBe(78_000);
		// The continuation grades the running attempt to know what counts; the console shows no
		// score before the attempt is closed.
		const seatOf = async (now: number) => {
			const grid = await roomGrid(t.db, ROOM, now);
			if (!grid.ok) throw new Error('no grid');
			return grid.seats.find((s) => s.finalist?.id === people[0].finalistId)!;
		};
		expect(await seatOf(T1 + 79_000)).toMatchObject({ score: null, max: null });
		// The spare goes offline; the lock comes at 300 s of active time.
		const onSpare = await chain(a.id, [
			[q[1].id, q[1].correct[0], 296_500],
			[q[2].id, q[2].correct[0], 303_000]
		]);
		// Seat 2 is paused again at 250 s and still paused at the lock.
		await actM({ action: 'pause', seatId: `${ROOM}-s2` }, T1 + 250_000);
		await actM({ action: 'lock' }, T1 + 300_000);
		// Its pauses as the lock closed them: 61.234–80 s and 250–300 s.
		const second = await attempt(1);
		expect([second.status, second.paused_ms, second.paused_since]).toEqual(['locked', 18_766 + 50_000, null]);
		await ingestBatch(t.db, a.id, { deviceId: 'spare-m', events: onSpare }, T1 + 320_000);
		const rows = await t.db
			.selectFrom('answer_event')
			.select(['device_id', 'seq', 'counts'])
			.where('attempt_id', '=', a.id)
			.orderBy('device_id')
			.orderBy('seq')
			.execute();
		expect(rows).toEqual([
			{ device_id: 'spare-m', seq: 1, counts: 1 },
			{ device_id: 'spare-m', seq: 2, counts: 0 },
			{ device_id: 'tab-m1', seq: 1, counts: 1 }
		]);
		// Locked: the two counted answers, both correct (q0 on the first tablet, q1 on the spare).
		expect(await seatOf(T1 + 321_000)).toMatchObject({ score: 2 });
	});
});
