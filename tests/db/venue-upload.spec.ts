// A tablet's exported log, uploaded by the proctor, speaks only for that tablet: every tablet of
// the room holds the paper key the log is sealed with, so the key proves nothing. A log made up
// by another tablet (a spare, or a device id never enrolled) cannot rewrite or close another
// finalist's attempt; the tablet's own log is stored and its local submit closes its attempt.
// A log that fails the schema anywhere stores nothing; one whose attempt is refused stores the
// rest and says so in the audit log. The largest log an honest tablet makes passes the route's
// own body limit. On SQLite and PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import type { TestDb } from './testdb';
import {
	exportedLog,
	heartbeat,
	MAX_LOG_BODY_BYTES,
	roomAction,
	uploadLog
} from '../../src/lib/server/venue';
import { ingestBatch } from '../../src/lib/server/attempts';
import { MAX_BODY_BYTES, readJson } from '../../src/lib/server/http';
import { Refusal } from '../../src/lib/server/failure';
import { MAX_DEVICE_SEQ } from '../../src/lib/exam/batch';
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

type LogAttempt = {
	attemptId: string;
	events: unknown[];
	localSubmit: { lastSeq: number; reason: 'candidate' } | null;
};

/** A log file as a tablet exports it (client/venue/wipe.ts), sealed with the room's paper key. */
async function logOf(deviceId: string, token: string, attempts: LogAttempt[]) {
	const venue = await t.db
		.selectFrom('venue_room')
		.select('paper_key')
		.where('room_id', '=', 'room-1')
		.executeTakeFirstOrThrow();
	const key = await importAesKey(rawKeyFromB64(venue.paper_key));
	const sealed = await sealJson(key, { attempts }, `export:${deviceId}`, new Uint8Array(12));
	return { kind: 'phongthi-venue-log' as const, roomId: 'room-1', deviceId, token, sealed };
}

/** One attempt's log, submitted locally after its last event. */
const logFile = (deviceId: string, token: string, attemptId: string, events: AnswerEvent[]) =>
	logOf(deviceId, token, [
		{ attemptId, events, localSubmit: { lastSeq: events.length, reason: 'candidate' } }
	]);

/** `from` and then answers up to seq `count`, cycling through `questionIds`. */
async function longChain(attemptId: string, count: number, questionIds: string[], from: AnswerEvent[] = []) {
	const events = [...from];
	let prev = from.length ? from[from.length - 1].hash : attemptId;
	for (let seq = from.length + 1; seq <= count; seq++) {
		const e = await chainEvent(prev, {
			seq,
			questionId: questionIds[(seq - 1) % questionIds.length],
			choice: 'oABCDEFGHJK',
			at: T0 + 10_000 + seq * 100,
			elapsedMs: 60_000 + seq * 100
		});
		events.push(e);
		prev = e.hash;
	}
	return events;
}

const uploadAudits = async () =>
	(
		await t.db
			.selectFrom('audit_log')
			.select('detail')
			.where('action', '=', 'room.upload')
			.orderBy('id')
			.execute()
	).map((r) => JSON.parse(r.detail) as { stored: number; refused: number; refusals: unknown[] });

const uploadIncidents = async () =>
	Number(
		(
			await t.db
				.selectFrom('incident')
				.select((eb) => eb.fn.countAll().as('n'))
				.where('kind', '=', 'upload')
				.executeTakeFirstOrThrow()
		).n
	);

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

	it('that fails the schema in its last attempt: refused whole, nothing of the attempts before it stored', async () => {
		const token = issueToken(secret, tablets.seat2);
		const good = { attemptId: own, events: await answers(own, 4, 'first', 60_000), localSubmit: null };
		const [next] = await answers(victim, 1, 'first', 30_000);
		const spoilt: LogAttempt[] = [
			// Not an event a device sends: its hash is not SHA-256 hex.
			{ attemptId: victim, events: [{ ...next, hash: 'not-a-hash' }], localSubmit: null },
			// A seq past what a device may send for one attempt (ingest refuses it as malformed).
			{ attemptId: victim, events: [{ ...next, seq: MAX_DEVICE_SEQ + 1 }], localSubmit: null },
			// A local submit the submit endpoint would refuse as malformed.
			{ attemptId: victim, events: [], localSubmit: { lastSeq: -1, reason: 'candidate' } }
		];
		const audits = (await uploadAudits()).length;
		const incidents = await uploadIncidents();
		for (const last of spoilt) {
			const file = await logOf('tab-seat2', token, [
				{ ...good, localSubmit: { lastSeq: 4, reason: 'candidate' } },
				last
			]);
			expect(await uploadLog(t.db, secret, 'room-1', organiser, file, T0 + 8500)).toMatchObject({
				ok: false,
				code: 'badLog'
			});
		}
		expect(await storedBy(own, 'tab-seat2')).toBe(0);
		expect(await status(own)).toBe('running');
		expect((await uploadAudits()).length).toBe(audits);
		expect(await uploadIncidents()).toBe(incidents);
	});

	it('whose second attempt is refused: the first is stored, and the audit entry names the refusal', async () => {
		const held = await answers(victim, 3, 'first', 30_000); // what tab-seat1 synced above
		const events = await longChain(victim, 5, ['q-khac'], held);
		const file = await logOf('tab-seat1', issueToken(secret, tablets.seat1), [
			{ attemptId: victim, events, localSubmit: null },
			// The finalist of the other seat: not this tablet's to post for.
			{ attemptId: own, events: await answers(own, 2, 'first', 60_000), localSubmit: null }
		]);
		const incidents = await uploadIncidents();
		expect(await uploadLog(t.db, secret, 'room-1', organiser, file, T0 + 8600)).toEqual({
			ok: true,
			stored: 2,
			refused: 1
		});
		expect(await storedBy(victim, 'tab-seat1')).toBe(5);
		expect(await storedBy(own, 'tab-seat1')).toBe(0);
		const audit = (await uploadAudits()).at(-1)!;
		expect(audit).toMatchObject({ stored: 2, refused: 1 });
		expect(audit.refusals).toEqual([{ attemptId: own, code: expect.any(String) }]);
		expect(await uploadIncidents()).toBe(incidents + 1);
	});

	it('as large as an honest tablet makes it: the route reads it, and stores every answer', async () => {
		// Three full chains (the seat's finalist, two moved to the tablet), question ids as long as
		// the bank allows: several times the 256 KB every other endpoint takes, within the route's own.
		const longIds = Array.from({ length: 30 }, (_, i) =>
			`cau-${String(i).padStart(2, '0')}-`.padEnd(64, 'x')
		);
		const chains = await Promise.all(
			['a', 'b', 'c'].map(async (c) => ({
				attemptId: `${c}`.repeat(36),
				events: await longChain(c.repeat(36), MAX_DEVICE_SEQ, longIds),
				localSubmit: { lastSeq: MAX_DEVICE_SEQ, reason: 'candidate' as const }
			}))
		);
		const body = JSON.stringify(await logOf('tab-seat1', issueToken(secret, tablets.seat1), chains));
		expect(body.length).toBeGreaterThan(16 * MAX_BODY_BYTES);
		expect(body.length).toBeLessThan(MAX_LOG_BODY_BYTES / 4);
		const post = (text: string, chunked = false) =>
			new Request('http://127.0.0.1/api/proctor/rooms/room-1/upload', {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: chunked ? new Blob([text]).stream() : text,
				...(chunked ? { duplex: 'half' } : {})
			} as RequestInit);
		const read = await readJson(post(body), exportedLog, MAX_LOG_BODY_BYTES);
		expect(read.sealed.data.length).toBeGreaterThan(4_000_000);
		await expect(readJson(post(body), exportedLog)).rejects.toMatchObject({ failure: { code: 'tooLarge' } });
		// Past the route's own limit: refused by its length, and in chunks as it arrives.
		const over = ' '.repeat(MAX_LOG_BODY_BYTES - body.length + 1) + body;
		for (const chunked of [false, true]) {
			const refused = readJson(post(over, chunked), exportedLog, MAX_LOG_BODY_BYTES);
			await expect(refused).rejects.toBeInstanceOf(Refusal);
			await expect(refused).rejects.toMatchObject({ failure: { code: 'tooLarge' } });
		}
		// One full chain of the seat's finalist, after what its tablet already sent: all stored.
		const paper = JSON.parse((await attemptWithPaper(t.db, victim)).paper) as Paper;
		const held = await longChain(victim, 5, ['q-khac'], await answers(victim, 3, 'first', 30_000));
		const full = await longChain(
			victim,
			MAX_DEVICE_SEQ,
			paper.questions.map((q) => q.id),
			held
		);
		const file = await logOf('tab-seat1', issueToken(secret, tablets.seat1), [
			{ attemptId: victim, events: full, localSubmit: null }
		]);
		expect(await uploadLog(t.db, secret, 'room-1', organiser, file, T0 + 8700)).toEqual({
			ok: true,
			stored: MAX_DEVICE_SEQ - 5,
			refused: 0
		});
		expect(await storedBy(victim, 'tab-seat1')).toBe(MAX_DEVICE_SEQ);
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
