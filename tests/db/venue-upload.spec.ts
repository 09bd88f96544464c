// A tablet's exported log, uploaded by the proctor, speaks only for that tablet: every tablet of
// the room holds the paper key the log is sealed with, so the key proves nothing. A log made up
// by another tablet (a spare, or a device id never enrolled) cannot rewrite or close another
// finalist's attempt; the tablet's own log is stored and its local submit closes its attempt.
// On SQLite and PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import type { TestDb } from './testdb';
import { heartbeat, roomAction, uploadLog } from '../../src/lib/server/venue';
import { ingestBatch } from '../../src/lib/server/attempts';
import { chainEvent, type AnswerEvent } from '../../src/lib/exam/events';
import { importAesKey, rawKeyFromB64, sealJson } from '../../src/lib/exam/venue-crypto';
import type { Paper } from '../../src/lib/exam/paper';
import { issueToken, type TokenClaims } from '../../src/lib/server/tokens';
import { attemptWithPaper, enrolTablet } from './venue-fixture';
import { openFinalRoom } from './final-room';

let t: TestDb;
let organiser = '';
const secret = randomBytes(32);
const T0 = Date.UTC(2026, 11, 1, 1, 0);
const tablets: Record<'seat1' | 'seat2' | 'spare', TokenClaims> = {} as never;
let victim = '';
let own = '';

beforeAll(async () => {
	({ t, organiser } = await openFinalRoom(T0, {
		count: 2,
		name: 'Nhật Ký',
		phonePrefix: '09760000',
		idPrefix: '0820900088'
	}));
	const enrol = (deviceId: string, seat: string | null) =>
		enrolTablet(t.db, secret, { roomId: 'room-1', actorId: organiser, deviceId, seat, at: T0 });
	tablets.seat1 = await enrol('tab-seat1', 'room-1-s1');
	tablets.seat2 = await enrol('tab-seat2', 'room-1-s2');
	tablets.spare = await enrol('tab-spare', null);
	expect((await roomAction(t.db, 'room-1', organiser, { action: 'start' }, T0 + 1000)).ok).toBe(true);
	const attemptOf = async (claims: TokenClaims) => {
		const view = await heartbeat(t.db, claims, {}, T0 + 2000);
		if (!('room' in view)) throw new Error(view.code);
		return view.finalists[0].attemptId!;
	};
	victim = await attemptOf(tablets.seat1);
	own = await attemptOf(tablets.seat2);
});
afterAll(async () => t.drop());

/** `count` chained events on the attempt's paper, each answering with its option `pick`. */
async function answers(attemptId: string, count: number, pick: 'first' | 'last', elapsedMs: number) {
	const paper = JSON.parse((await attemptWithPaper(t.db, attemptId)).paper) as Paper;
	const events: AnswerEvent[] = [];
	let prev = attemptId;
	for (let i = 0; i < count; i++) {
		const q = paper.questions[i];
		const option = pick === 'first' ? q.options[0] : q.options[q.options.length - 1];
		const e = await chainEvent(prev, {
			seq: i + 1,
			questionId: q.id,
			choice: option.id,
			at: T0 + 5000,
			elapsedMs
		});
		events.push(e);
		prev = e.hash;
	}
	return events;
}

/** A log file as a tablet exports it (client/venue/wipe.ts), sealed with the room's paper key. */
async function logFile(deviceId: string, token: string, attemptId: string, events: AnswerEvent[]) {
	const venue = await t.db
		.selectFrom('venue_room')
		.select('paper_key')
		.where('room_id', '=', 'room-1')
		.executeTakeFirstOrThrow();
	const content = {
		attempts: [{ attemptId, events, localSubmit: { lastSeq: events.length, reason: 'candidate' } }]
	};
	const key = await importAesKey(rawKeyFromB64(venue.paper_key));
	const sealed = await sealJson(key, content, `export:${deviceId}`, new Uint8Array(12));
	return { kind: 'phongthi-venue-log' as const, roomId: 'room-1', deviceId, token, sealed };
}

async function status(attemptId: string) {
	const row = await t.db
		.selectFrom('attempt')
		.select('status')
		.where('id', '=', attemptId)
		.executeTakeFirstOrThrow();
	return row.status;
}

async function storedBy(attemptId: string, deviceId: string) {
	const rows = await t.db
		.selectFrom('answer_event')
		.select('seq')
		.where('attempt_id', '=', attemptId)
		.where('device_id', '=', deviceId)
		.execute();
	return rows.length;
}

describe('an uploaded tablet log', () => {
	it('from another tablet of the room, for a finalist it does not serve: refused, nothing stored or closed', async () => {
		const synced = await answers(victim, 3, 'first', 30_000);
		expect(
			await ingestBatch(t.db, victim, { deviceId: 'tab-seat1', events: synced }, T0 + 6000)
		).toMatchObject({
			ok: true,
			acked: 3
		});
		const forged = await logFile(
			'tab-spare',
			issueToken(secret, tablets.spare),
			victim,
			await answers(victim, 5, 'last', 1_400_000)
		);
		expect(await uploadLog(t.db, secret, 'room-1', organiser, forged, T0 + 7000)).toEqual({
			ok: true,
			stored: 0,
			refused: 1
		});
		expect(await storedBy(victim, 'tab-spare')).toBe(0);
		expect(await status(victim)).toBe('running');
		// A log of no answers, only the local submit: the submit is refused as well.
		const submitOnly = await logFile('tab-spare', issueToken(secret, tablets.spare), victim, []);
		expect(await uploadLog(t.db, secret, 'room-1', organiser, submitOnly, T0 + 7500)).toEqual({
			ok: true,
			stored: 0,
			refused: 1
		});
		expect(await status(victim)).toBe('running');
	});

	it('naming a device that was never enrolled, or another tablet without its token: refused as unreadable', async () => {
		const events = await answers(victim, 5, 'last', 1_400_000);
		const spare = issueToken(secret, tablets.spare);
		const files = [
			await logFile('ghost-tablet', spare, victim, events),
			// The victim's tablet id with the spare's token (the only token the spare holds).
			await logFile('tab-seat1', spare, victim, events),
			await logFile('tab-seat1', 'not-a-token', victim, events)
		];
		for (const file of files)
			expect(await uploadLog(t.db, secret, 'room-1', organiser, file, T0 + 8000)).toMatchObject({
				ok: false,
				code: 'badLog'
			});
		expect(await storedBy(victim, 'ghost-tablet')).toBe(0);
		expect(await storedBy(victim, 'tab-seat1')).toBe(3);
		expect(await status(victim)).toBe('running');
	});

	it("from the finalist's own tablet: stored, and its local submit closes the attempt", async () => {
		const events = await answers(own, 4, 'first', 60_000);
		const file = await logFile('tab-seat2', issueToken(secret, tablets.seat2), own, events);
		expect(await uploadLog(t.db, secret, 'room-1', organiser, file, T0 + 9000)).toEqual({
			ok: true,
			stored: 4,
			refused: 0
		});
		expect(await storedBy(own, 'tab-seat2')).toBe(4);
		expect(await status(own)).toBe('submitted');
	});
});
