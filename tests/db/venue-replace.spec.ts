// A tablet approved to a seat in place of another (the seat's tablet died; the proctor grabbed
// another and approved it from the pending list) takes over the seat's finalist even when they
// had signed in on the old one: the new tablet serves them and its answers count, it continues
// from what the server holds once the exam runs, and the old tablet counts nothing it makes
// after. A finalist moved to a spare before stays there. A finalist who had not begun when
// their tablet was replaced (they came late) begins on the new one, with their own late start.
// On SQLite and PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import type { TestDb } from './testdb';
import { continuation, heartbeat, releaseKeys, roomAction } from '../../src/lib/server/venue';
import { ingestBatch } from '../../src/lib/server/attempts';
import { chainEvent, type AnswerEvent } from '../../src/lib/exam/events';
import type { Paper } from '../../src/lib/exam/paper';
import type { TokenClaims } from '../../src/lib/server/tokens';
import type { DeviceView } from '../../src/lib/exam/views';
import { postRights } from '../../src/lib/server/access';
import { attemptWithPaper, enrolTablet } from './venue-fixture';
import { attemptHistory, attemptSummary } from '../../src/lib/server/history';
import { openFinalRoom } from './final-room';

let t: TestDb;
let organiser = '';
const secret = randomBytes(32);
const T0 = Date.UTC(2026, 11, 2, 1, 0);
const START = T0 + 10_000;
const tablets = new Map<string, TokenClaims>();

beforeAll(async () => {
	({ t, organiser } = await openFinalRoom(T0, {
		count: 4,
		name: 'Thay Máy',
		phonePrefix: '09780000',
		idPrefix: '0820900078'
	}));
	const enrol = async (deviceId: string, seat: string | null) =>
		tablets.set(
			deviceId,
			await enrolTablet(t.db, secret, { roomId: 'room-1', actorId: organiser, deviceId, seat, at: T0 })
		);
	await enrol('old-1', 'room-1-s1');
	await enrol('old-2', 'room-1-s2');
	await enrol('old-3', 'room-1-s3');
	await enrol('old-4', 'room-1-s4');
	await enrol('spare-3', null);
});
afterAll(async () => t.drop());

async function beat(deviceId: string, at: number, body: Parameters<typeof heartbeat>[2] = {}) {
	const view = await heartbeat(t.db, tablets.get(deviceId)!, body, at);
	if (!('room' in view)) throw new Error(view.code);
	return view as DeviceView;
}

/** The finalist signs in on the tablet (its heartbeat says so); their finalist id. */
async function signIn(deviceId: string, at: number): Promise<string> {
	const [f] = (await beat(deviceId, at)).finalists;
	await beat(deviceId, at, { signedIn: { finalistId: f.finalistId, at } });
	return f.finalistId;
}

async function approve(deviceId: string, seatId: string | null, at: number) {
	const r = await roomAction(t.db, 'room-1', organiser, { action: 'approve', deviceId, seatId }, at);
	expect(r.ok).toBe(true);
}

async function enrolSpare(deviceId: string, at: number) {
	const claims = await enrolTablet(t.db, secret, {
		roomId: 'room-1',
		actorId: organiser,
		deviceId,
		seat: null,
		at
	});
	tablets.set(deviceId, claims);
}

const chains = new Map<string, { prev: string; seq: number }>();

/** The device's next answer on the attempt, made at `elapsedMs` of its active time. */
async function answer(deviceId: string, attemptId: string, elapsedMs: number): Promise<AnswerEvent> {
	const chain = chains.get(deviceId) ?? { prev: attemptId, seq: 0 };
	const paper = JSON.parse((await attemptWithPaper(t.db, attemptId)).paper) as Paper;
	const q = paper.questions[chain.seq];
	const e = await chainEvent(chain.prev, {
		seq: chain.seq + 1,
		questionId: q.id,
		choice: q.options[0].id,
		at: START + elapsedMs,
		elapsedMs
	});
	chains.set(deviceId, { prev: e.hash, seq: e.seq });
	return e;
}

async function post(deviceId: string, attemptId: string, elapsedMs: number, at: number) {
	const claims = tablets.get(deviceId)!;
	const e = await answer(deviceId, attemptId, elapsedMs);
	return ingestBatch(t.db, attemptId, { deviceId, events: [e] }, at, postRights(claims, attemptId));
}

async function counted(attemptId: string, deviceId: string) {
	return (
		await t.db
			.selectFrom('answer_event')
			.select(['seq', 'counts', 'reason'])
			.where('attempt_id', '=', attemptId)
			.where('device_id', '=', deviceId)
			.orderBy('seq')
			.execute()
	).map((r) => [r.seq, r.counts, r.reason]);
}

describe('a tablet approved to a seat in place of the one its finalist signed in on', () => {
	let finalist1 = '';
	let attempt1 = '';
	let attempt2 = '';

	it('before the start: the new tablet serves the finalist, and its answers count', async () => {
		finalist1 = await signIn('old-1', T0 + 1000);
		await enrolSpare('new-1', T0 + 2000);
		await approve('new-1', 'room-1-s1', T0 + 3000);
		const view = await beat('new-1', T0 + 4000);
		expect(view.finalists.map((f) => f.finalistId)).toEqual([finalist1]);
		// The old tablet serves no one now.
		expect((await beat('old-1', T0 + 4000)).finalists).toEqual([]);
		expect((await roomAction(t.db, 'room-1', organiser, { action: 'start' }, START)).ok).toBe(true);
		attempt1 = (await beat('new-1', START + 1000)).finalists[0].attemptId!;
		expect(await post('new-1', attempt1, 20_000, START + 21_000)).toMatchObject({ ok: true, acked: 1 });
		expect(await counted(attempt1, 'new-1')).toEqual([[1, 1, null]]);
		// The old tablet, told its finalist left it, counts nothing it makes.
		expect((await beat('old-1', START + 22_000)).movedAway).toEqual([attempt1]);
		await post('old-1', attempt1, 30_000, START + 31_000);
		expect(await counted(attempt1, 'old-1')).toEqual([[1, 0, 'after_move']]);
	});

	it('during the exam: the new tablet continues from what the server holds', async () => {
		await signIn('old-2', START + 2000);
		attempt2 = (await beat('old-2', START + 3000)).finalists[0].attemptId!;
		expect(await post('old-2', attempt2, 40_000, START + 41_000)).toMatchObject({ ok: true });
		await enrolSpare('new-2', START + 50_000);
		await approve('new-2', 'room-1-s2', START + 60_000);
		const [served] = (await beat('new-2', START + 61_000)).finalists;
		expect(served).toMatchObject({ attemptId: attempt2, continues: true });
		const held = await continuation(t.db, tablets.get('new-2')!, attempt2, START + 62_000);
		if (!held.ok) throw new Error(held.code);
		const paper = JSON.parse((await attemptWithPaper(t.db, attempt2)).paper) as Paper;
		expect(held.answers).toEqual({ [paper.questions[0].id]: paper.questions[0].options[0].id });
		// The grade the move made to continue from is not the finalist's to read while they answer.
		const { user_id } = await t.db
			.selectFrom('attempt')
			.select('user_id')
			.where('id', '=', attempt2)
			.executeTakeFirstOrThrow();
		const [mine] = await attemptHistory(t.db, secret, user_id, START + 62_500);
		expect(mine.attempts.map((a) => [a.status, a.score])).toEqual([['running', null]]);
		expect(mine.best).toBeNull();
		expect(await attemptSummary(t.db, user_id, attempt2, START + 62_500)).toMatchObject({ rank: null });
		expect(await post('new-2', attempt2, 70_000, START + 71_000)).toMatchObject({ ok: true, acked: 1 });
		await post('old-2', attempt2, 80_000, START + 81_000);
		expect(await counted(attempt2, 'new-2')).toEqual([[1, 1, null]]);
		expect(await counted(attempt2, 'old-2')).toEqual([
			[1, 1, null],
			[2, 0, 'after_move']
		]);
	});

	it('a finalist moved to a spare before stays there', async () => {
		await signIn('old-3', START + 2000);
		const [f] = (await beat('old-3', START + 3000)).finalists;
		const moved = await roomAction(
			t.db,
			'room-1',
			organiser,
			{ action: 'move', finalistId: f.finalistId, deviceId: 'spare-3' },
			START + 90_000
		);
		expect(moved.ok).toBe(true);
		// The spare, brought to seat 3, shows that seat (it showed "spare" before).
		expect((await beat('spare-3', START + 91_000)).device.seatLabel).toBe('Ghế 3');
		await enrolSpare('new-3', START + 95_000);
		await approve('new-3', 'room-1-s3', START + 100_000);
		expect((await beat('new-3', START + 101_000)).finalists).toEqual([]);
		expect((await beat('spare-3', START + 101_000)).finalists.map((x) => x.finalistId)).toEqual([
			f.finalistId
		]);
		expect(await post('spare-3', f.attemptId!, 110_000, START + 111_000)).toMatchObject({ ok: true });
	});

	it('a finalist who had not begun when their tablet was replaced begins on the new one, late', async () => {
		// Seat 4's tablet dies after the start, before its finalist has come; another takes its seat.
		await enrolSpare('new-4', START + 120_000);
		await approve('new-4', 'room-1-s4', START + 121_000);
		const arrived = START + 300_000;
		const [f] = (await beat('new-4', arrived)).finalists;
		expect(f.continues).toBeUndefined();
		// They sign in five minutes late; the tablet gets the keys and opens the paper.
		await beat('new-4', arrived + 100, { signedIn: { finalistId: f.finalistId, at: arrived } });
		expect(await releaseKeys(t.db, tablets.get('new-4')!, arrived + 200)).toMatchObject({ ok: true });
		await beat('new-4', arrived + 1000, {
			started: [{ attemptId: f.attemptId!, at: arrived + 500, viaCode: false }]
		});
		const a = await attemptWithPaper(t.db, f.attemptId!);
		expect(Number(a.started_at)).toBe(arrived + 500);
	});
});
