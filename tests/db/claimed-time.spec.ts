// A venue tablet's claimed answer times, held to what its heartbeats said (attempts/claimed-time.ts):
// time used breaks ties for prizes, and an offline tablet's answers count by their claimed time.
// Each tablet here is driven as a browser's token could drive it, with curl-like bodies.
import { openRoomWithTablets } from './final-room';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import type { TestDb } from './testdb';
import { ingestBatch } from '../../src/lib/server/attempts';
import { heartbeat, roomAction, type HeartbeatBody } from '../../src/lib/server/venue';
import type { TokenClaims } from '../../src/lib/server/tokens';
import { writeHeard } from '../../src/lib/server/venue/presence';
import { REPORT_GAP_MS } from '../../src/lib/server/venue/reports';
import { chainEvent, type AnswerEvent } from '../../src/lib/exam/events';
import type { Paper } from '../../src/lib/exam/paper';

let t: TestDb;
const secret = randomBytes(32);
const T = Date.UTC(2026, 10, 24, 2, 0);
const S = T; // the room's start
const SEATS = ['honest', 'quiet', 'liar', 'away', 'backdated', 'noisy', 'silent', 'syncing'] as const;
type Seat = (typeof SEATS)[number];
let organiserId = '';
const attemptOf = {} as Record<Seat, string>;
const tokens = {} as Record<Seat, TokenClaims>;
const act = (a: Parameters<typeof roomAction>[3], at: number) =>
	roomAction(t.db, 'room-1', organiserId, a, at);

beforeAll(async () => {
	const demo = await openRoomWithTablets(
		T - 2000_000,
		{ name: 'Thí Sinh', phonePrefix: '09620000', idPrefix: '0820900001' },
		secret,
		SEATS.map((name) => `tab-${name}`)
	);
	t = demo.t;
	organiserId = demo.organiser;
	for (const [i, name] of SEATS.entries()) {
		attemptOf[name] = demo.seats[i].attemptId;
		tokens[name] = demo.seats[i].token;
	}
});
afterAll(async () => t.drop());

/** Three answers to the attempt's first questions, chained, at the claimed active times given. */
async function answers(seat: Seat, claims: number[]): Promise<AnswerEvent[]> {
	const row = await t.db
		.selectFrom('attempt_paper')
		.select('paper')
		.where('attempt_id', '=', attemptOf[seat])
		.executeTakeFirstOrThrow();
	const questions = (JSON.parse(row.paper) as Paper).questions;
	const events: AnswerEvent[] = [];
	let hash = attemptOf[seat];
	for (const [i, elapsedMs] of claims.entries()) {
		const q = questions[i];
		const e = await chainEvent(hash, {
			seq: i + 1,
			questionId: q.id,
			choice: q.options[0].id,
			at: S + elapsedMs,
			elapsedMs
		});
		events.push(e);
		hash = e.hash;
	}
	return events;
}

const beat = (seat: Seat, body: HeartbeatBody, at: number) => heartbeat(t.db, tokens[seat], body, at);
/** What the real tablet says: each chain it holds, its last seq and hash there. */
const holding = (seat: Seat, events: AnswerEvent[]): HeartbeatBody =>
	events.length === 0
		? { unsent: 0, lastSeqs: {}, heads: {} }
		: {
				unsent: 0,
				lastSeqs: { [attemptOf[seat]]: events.length },
				heads: { [attemptOf[seat]]: events[events.length - 1].hash }
			};
const send = (seat: Seat, events: AnswerEvent[], at: number) =>
	ingestBatch(t.db, attemptOf[seat], { deviceId: `tab-${seat}`, events }, at);

async function outcome(seat: Seat) {
	const a = await t.db
		.selectFrom('attempt')
		.select(['time_used_ms', 'time_claimed_ms', 'answered'])
		.where('id', '=', attemptOf[seat])
		.executeTakeFirstOrThrow();
	const counted = await t.db
		.selectFrom('answer_event')
		.select(['seq', 'counts', 'reason'])
		.where('attempt_id', '=', attemptOf[seat])
		.orderBy('seq')
		.execute();
	return { ...a, counted: counted.map((e) => [e.seq, e.counts, e.reason]) };
}

describe('claimed answer times at the venue', () => {
	it('keep an honest tablet’s claims, and hold a bent client’s to what its heartbeats said', async () => {
		expect((await act({ action: 'start' }, S)).ok).toBe(true);

		// honest: answers at 20, 40 and 60 s, each sent at once and reported at the next heartbeat.
		const honest = await answers('honest', [20_000, 40_000, 60_000]);
		// quiet: heartbeats that never name its chain; at 100 s it sends three answers "made" at 1–3 ms.
		const quiet = await answers('quiet', [1, 2, 3]);
		// liar: from 10 s on it reports three answers under a hash of its own making, then sends
		// real ones "made" at 1–3 ms at 100 s, and reports them truly after.
		const liar = await answers('liar', [1, 2, 3]);
		// away: heard at 10 s holding nothing, then offline; answers at 30 and 50 s, sent after the lock.
		const away = await answers('away', [30_000, 50_000]);
		// backdated: heard until 100 s holding nothing, offline at the lock (120 s), heard again at
		// 200 s still holding nothing; then it sends an answer "made" at 30 s.
		const backdated = await answers('backdated', [30_000]);
		// silent: no heartbeat at all; it sends each answer as it is made, at 20, 40 and 60 s, each
		// "made" at 1–3 ms. Each batch held the whole chain: the next answer was made after it.
		const silent = await answers('silent', [1, 2, 3]);
		// syncing: no heartbeat either; its answer made at 118 s arrives at 119 s, a second before
		// the lock; after the lock it sends one "made" at 119.5 s.
		const syncing = await answers('syncing', [118_000, 119_500]);

		for (let s = 10; s <= 110; s += 10) {
			const at = S + s * 1000;
			const made = honest.filter((e) => e.elapsedMs <= s * 1000);
			await beat('honest', holding('honest', made), at);
			if (s * 1000 === 20_000 || s * 1000 === 40_000 || s * 1000 === 60_000)
				await send('honest', honest.slice(made.length - 1, made.length), at + 200);
			await beat('quiet', { unsent: 0 }, at);
			if (s === 100) await send('quiet', quiet, at + 500);
			await beat(
				'liar',
				s <= 100
					? { unsent: 0, lastSeqs: { [attemptOf.liar]: 3 }, heads: { [attemptOf.liar]: 'f'.repeat(64) } }
					: holding('liar', liar),
				at
			);
			if (s === 100) await send('liar', liar, at + 500);
			if (s === 10) await beat('away', holding('away', []), at);
			if (s <= 100) await beat('backdated', holding('backdated', []), at);
			if (s === 20 || s === 40 || s === 60) await send('silent', [silent[s / 20 - 1]], at + 200);
		}
		await send('syncing', syncing.slice(0, 1), S + 119_000);
		expect((await act({ action: 'lock' }, S + 120_000)).ok).toBe(true);
		await send('syncing', syncing.slice(1), S + 130_000);
		await beat('backdated', holding('backdated', []), S + 200_000);
		await send('backdated', backdated, S + 201_000);
		await beat('away', holding('away', away), S + 300_000);
		await send('away', away, S + 300_500);

		// Oracle: the times the test made each answer at, and the heartbeats it sent (no pauses).
		expect(await outcome('honest')).toEqual({
			time_used_ms: 60_000,
			time_claimed_ms: 60_000,
			answered: 3,
			counted: [
				[1, 1, null],
				[2, 1, null],
				[3, 1, null]
			]
		});
		// Heard at 100 s without them: made after it, whatever they claim.
		expect(await outcome('quiet')).toMatchObject({ time_used_ms: 100_000, time_claimed_ms: 3, answered: 3 });
		expect(await outcome('liar')).toMatchObject({ time_used_ms: 100_000, time_claimed_ms: 3, answered: 3 });
		// Offline from 10 s: its claims stand, and both answers count (made before the lock).
		expect(await outcome('away')).toEqual({
			time_used_ms: 50_000,
			time_claimed_ms: 50_000,
			answered: 2,
			counted: [
				[1, 1, null],
				[2, 1, null]
			]
		});
		// Its batches at 20.2 and 40.2 s held the chain to seq 1 and 2: seq 2 and 3 were made after.
		expect(await outcome('silent')).toMatchObject({ time_used_ms: 40_200, time_claimed_ms: 3, answered: 3 });
		// In touch by its batch a second before the lock: online there, holding seq 1 and no more.
		expect(await outcome('syncing')).toMatchObject({
			answered: 1,
			counted: [
				[1, 1, null],
				[2, 0, 'after_lock']
			]
		});
		// Heard holding nothing at 200 s, after the lock: its answer was made after the lock.
		expect(await outcome('backdated')).toMatchObject({ answered: 0, counted: [[1, 0, 'after_lock']] });

		// What it rests on is written with the tablets' presence: for quiet, the heartbeat after its
		// answers arrived, and the one before, at 100 s, when the server held none of them.
		await writeHeard(t.db);
		const kept = await t.db
			.selectFrom('device_report')
			.select(['at', 'prev_at', 'prev_seq'])
			.where('attempt_id', '=', attemptOf.quiet)
			.execute();
		expect(kept).toEqual([{ at: S + 110_000, prev_at: S + 100_000, prev_seq: 0 }]);
	});

	it('keep a row a second at most of a tablet that says something new with every heartbeat', async () => {
		// noisy: from 10 s to 99.4 s, a heartbeat every 200 ms, each saying something else of its
		// chain (seqs up and down, out of reach, none; heads of its own making). Its three answers
		// were made at 99.5 s: from 99.6 s it reports them truly, then sends them "made" at 1–3 ms.
		const noisy = await answers('noisy', [1, 2, 3]);
		const chain = attemptOf.noisy;
		const lies: HeartbeatBody[] = [
			{ unsent: 0, lastSeqs: { [chain]: 3 }, heads: { [chain]: 'a'.repeat(64) } },
			{ unsent: 0, lastSeqs: { [chain]: 1 }, heads: { [chain]: 'b'.repeat(64) } },
			{ unsent: 0, lastSeqs: { [chain]: 999_999 }, heads: { [chain]: 'c'.repeat(64) } },
			{ unsent: 0, lastSeqs: {}, heads: {} },
			{ unsent: 0, lastSeqs: { [chain]: 3 } }
		];
		let beats = 0;
		for (let ms = 10_000; ms <= 99_400; ms += 200) await beat('noisy', lies[beats++ % lies.length], S + ms);
		for (let ms = 99_600; ms <= 104_000; ms += 200) await beat('noisy', holding('noisy', noisy), S + ms);
		await send('noisy', noisy, S + 104_100);
		await beat('noisy', holding('noisy', noisy), S + 104_200);
		await writeHeard(t.db);

		// Hand count: the lies changed the report with every one of their 448 heartbeats, over
		// 89.4 s: one row a second of them (10 s … 99 s), and one when the answers arrived.
		expect(beats).toBe(448);
		const kept = await t.db
			.selectFrom('device_report')
			.select((eb) => eb.fn.countAll<number>().as('n'))
			.where('attempt_id', '=', chain)
			.executeTakeFirstOrThrow();
		expect(Number(kept.n)).toBe(Math.floor((99_400 - 10_000) / REPORT_GAP_MS) + 1 + 1);

		// The room locks; the answers were made after the heartbeat at 99.4 s, and they are held to
		// a heartbeat at most REPORT_GAP_MS before it (the rows left out), not to their claims.
		expect((await act({ action: 'lock' }, S + 120_000)).ok).toBe(true);
		const { time_used_ms, time_claimed_ms, answered } = await outcome('noisy');
		expect({ time_claimed_ms, answered }).toEqual({ time_claimed_ms: 3, answered: 3 });
		expect(time_used_ms).toBeGreaterThan(99_400 - REPORT_GAP_MS);
		expect(time_used_ms).toBeLessThanOrEqual(99_400);
	});
});
