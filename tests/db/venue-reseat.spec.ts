// A tablet taken off its seat by an approval (another tablet approved to the seat, or the tablet
// approved to another seat) stops serving the finalist seated there, as a move does: what the
// server held from it still counts, what it makes afterwards does not. On SQLite and PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import type { TestDb } from './testdb';
import { heartbeat, roomAction } from '../../src/lib/server/venue';
import { ingestBatch } from '../../src/lib/server/attempts';
import { chainEvent, type AnswerEvent } from '../../src/lib/exam/events';
import type { Paper } from '../../src/lib/exam/paper';
import type { TokenClaims } from '../../src/lib/server/tokens';
import { postRights } from '../../src/lib/server/access';
import { attemptWithPaper, enrolTablet } from './venue-fixture';
import { openFinalRoom } from './final-room';

let t: TestDb;
let organiser = '';
const secret = randomBytes(32);
const T0 = Date.UTC(2026, 11, 1, 1, 0);
const START = T0 + 1000;
let first: TokenClaims;
let second: TokenClaims;
let attempt1 = '';
let attempt2 = '';

beforeAll(async () => {
	({ t, organiser } = await openFinalRoom(T0, {
		count: 2,
		name: 'Đổi Ghế',
		phonePrefix: '09770000',
		idPrefix: '0820900077'
	}));
	const enrol = (deviceId: string, seat: string | null) =>
		enrolTablet(t.db, secret, { roomId: 'room-1', actorId: organiser, deviceId, seat, at: T0 });
	first = await enrol('tab-first', 'room-1-s1');
	second = await enrol('tab-second', 'room-1-s2');
	await enrol('tab-spare', null);
	expect((await roomAction(t.db, 'room-1', organiser, { action: 'start' }, START)).ok).toBe(true);
	const attemptOf = async (claims: TokenClaims) => {
		const view = await heartbeat(t.db, claims, {}, START + 1000);
		if (!('room' in view)) throw new Error(view.code);
		return view.finalists[0].attemptId!;
	};
	attempt1 = await attemptOf(first);
	attempt2 = await attemptOf(second);
});
afterAll(async () => t.drop());

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

async function post(claims: TokenClaims, attemptId: string, elapsedMs: number, at: number) {
	const e = await answer(claims.deviceId, attemptId, elapsedMs);
	const r = await ingestBatch(
		t.db,
		attemptId,
		{ deviceId: claims.deviceId, events: [e] },
		at,
		postRights(claims, attemptId)
	);
	expect(r).toMatchObject({ ok: true, acked: e.seq });
}

async function approve(deviceId: string, seatId: string, at: number) {
	const r = await roomAction(t.db, 'room-1', organiser, { action: 'approve', deviceId, seatId }, at);
	expect(r.ok).toBe(true);
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

describe('a tablet taken off its seat by an approval', () => {
	it('when another tablet is approved to its seat: keeps what was held, not what it makes after', async () => {
		await post(first, attempt1, 20_000, START + 21_000);
		await approve('tab-spare', 'room-1-s1', START + 60_000);
		await post(first, attempt1, 90_000, START + 91_000);
		expect(await counted(attempt1, 'tab-first')).toEqual([
			[1, 1, null],
			[2, 0, 'after_move']
		]);
	});

	it('when it is approved to another seat: the same for the finalist of its old seat', async () => {
		await post(second, attempt2, 30_000, START + 31_000);
		await approve('tab-second', 'room-1-s1', START + 100_000);
		await post(second, attempt2, 150_000, START + 151_000);
		expect(await counted(attempt2, 'tab-second')).toEqual([
			[1, 1, null],
			[2, 0, 'after_move']
		]);
	});

	it('approved again to the seat it has: nothing changes', async () => {
		await approve('tab-second', 'room-1-s1', START + 160_000);
		const moved = await t.db
			.selectFrom('attempt_device')
			.select('moved_at_elapsed_ms')
			.where('attempt_id', '=', attempt1)
			.where('device_id', '=', 'tab-second')
			.executeTakeFirst();
		expect(moved).toBeUndefined();
	});

	it('after twenty tablets in turn on one seat, the one on it now has its answers stored', async () => {
		// Each swap leaves the attempt a row for the tablet taken off (a move): more than an
		// attempt at home may have devices (MAX_ATTEMPT_DEVICES, 16).
		let last: TokenClaims | null = null;
		for (let i = 0; i < 20; i++) {
			const at = START + 200_000 + i * 1000;
			last = await enrolTablet(t.db, secret, {
				roomId: 'room-1',
				actorId: organiser,
				deviceId: `tab-swap-${i}`,
				seat: null,
				at
			});
			await approve(`tab-swap-${i}`, 'room-1-s1', at);
		}
		await post(last!, attempt1, 230_000, START + 231_000);
		expect(await counted(attempt1, 'tab-swap-19')).toEqual([[1, 1, null]]);
	});
});
