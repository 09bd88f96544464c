// The attempt lifecycle and the sync contract's server side, on SQLite and PostgreSQL.
import { enrolTablet } from './venue-fixture';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { openTestDb, type TestDb } from './testdb';
import { seedDemo } from '../../src/lib/server/demo/seed';
import { register } from '../../src/lib/server/accounts';
import {
	closeExpiredAttempts,
	ingestBatch,
	startAttempt,
	submitAttempt,
	type StartedAttempt
} from '../../src/lib/server/attempts';
import { addFinalist, assignSeats } from '../../src/lib/server/venue';
import { heartbeat, prepareRoom, roomAction } from '../../src/lib/server/venue';
import { receiptFor, type TokenClaims } from '../../src/lib/server/tokens';
import { attemptHistory } from '../../src/lib/server/history';
import { shortReceipt } from '../../src/lib/receipt';
import { postRights } from '../../src/lib/server/access';
import { lateArrivalsToReview } from '../../src/lib/server/results/dispute';
import { chainEvent, type AnswerEvent } from '../../src/lib/exam/events';
import type { Paper } from '../../src/lib/exam/paper';

let t: TestDb;
const secret = randomBytes(32);
const NOW = Date.UTC(2026, 10, 23, 2, 0); // Monday 23 Nov 2026, 09:00 in Vietnam
let n = 0;

beforeAll(async () => {
	t = await openTestDb();
	await seedDemo(t.db, { now: NOW - 3600_000 });
});
afterAll(async () => t.drop());

/** The attempt's stored events in arrival order (a conflict after the event it contradicts). */
function storedInArrivalOrder<C extends 'seq' | 'flags' | 'counts' | 'reason'>(
	attemptId: string,
	columns: C[]
) {
	return t.db
		.selectFrom('answer_event')
		.select(columns)
		.where('attempt_id', '=', attemptId)
		.orderBy('id')
		.execute();
}

async function newCandidate(): Promise<string> {
	n += 1;
	const suffix = String(n).padStart(4, '0');
	const r = await register(
		t.db,
		{
			input: {
				fullName: `Thí Sinh ${n}`,
				birthDate: '1990-01-01',
				gender: 'male',
				nationalId: `08209000${suffix}`,
				phone: `096100${suffix}`,
				email: null,
				address: 'Mỹ Tho',
				unitId: 'my-tho',
				password: 'matkhau123',
				publishName: true,
				guardian: null
			},
			address: '127.0.0.1',
			limitPerHour: 10_000
		},
		NOW - 1000
	);
	if (!r.ok) throw new Error(JSON.stringify(r));
	return r.userId;
}

async function start(roundId = 'qualifying', at = NOW): Promise<StartedAttempt> {
	const userId = await newCandidate();
	const r = await startAttempt(t.db, secret, { userId, roundId }, at);
	if (!r.ok) throw new Error(JSON.stringify(r));
	return r;
}

/** A device's chained log: answers (questionId, choice, elapsedMs) in order. */
async function log(
	attemptId: string,
	answers: [string, string | number | null, number][],
	from = 1,
	prev?: string
) {
	const events: AnswerEvent[] = [];
	let hash = prev ?? attemptId;
	for (const [i, [questionId, choice, elapsedMs]] of answers.entries()) {
		const e = await chainEvent(hash, { seq: from + i, questionId, choice, at: NOW + elapsedMs, elapsedMs });
		events.push(e);
		hash = e.hash;
	}
	return events;
}

async function key(attemptId: string) {
	const row = await t.db
		.selectFrom('attempt_paper')
		.select('paper')
		.where('attempt_id', '=', attemptId)
		.executeTakeFirstOrThrow();
	return (JSON.parse(row.paper) as Paper).questions;
}

describe('starting an attempt', () => {
	it('draws 30 questions and sends a graded paper without its key', async () => {
		const a = await start();
		expect(a.paper.questions).toHaveLength(30);
		const text = JSON.stringify(a.paper);
		expect(text).not.toMatch(/"correct"|"explanation"/);
		expect(a.deadline - a.startedAt).toBe(25 * 60_000);
	});

	it('sends the key with a practice paper', async () => {
		const a = await start('practice');
		expect(JSON.stringify(a.paper)).toMatch(/"correct"/);
	});

	it('resumes a running attempt instead of starting a second one', async () => {
		const a = await start();
		const userId = (
			await t.db
				.selectFrom('attempt')
				.select('user_id')
				.where('id', '=', a.attemptId)
				.executeTakeFirstOrThrow()
		).user_id;
		const again = await startAttempt(t.db, secret, { userId, roundId: 'qualifying' }, NOW + 60_000);
		expect(again.ok && again.attemptId).toBe(a.attemptId);
		expect(again.ok && again.deadline).toBe(a.deadline);
	});

	it('enforces the weekly limit of the qualifying round (Monday to Sunday)', async () => {
		const a = await start();
		const userId = (
			await t.db
				.selectFrom('attempt')
				.select('user_id')
				.where('id', '=', a.attemptId)
				.executeTakeFirstOrThrow()
		).user_id;
		await submitAttempt(
			t.db,
			secret,
			a.attemptId,
			{ deviceId: 'd1', lastSeq: 0, reason: 'candidate' },
			NOW + 1000
		);
		const refused = await startAttempt(t.db, secret, { userId, roundId: 'qualifying' }, NOW + 2000);
		expect(refused.ok ? 'started' : refused.code).toBe('noAttemptsLeft');
		const nextWeek = await startAttempt(
			t.db,
			secret,
			{ userId, roundId: 'qualifying' },
			NOW + 7 * 24 * 3600_000
		);
		expect(nextWeek.ok).toBe(true);
	});
});

describe('ingesting answer events', () => {
	it('acknowledges contiguous events and ignores replays', async () => {
		const a = await start();
		const q = a.paper.questions;
		const events = await log(a.attemptId, [
			[q[0].id, q[0].options[0].id, 1000],
			[q[1].id, q[1].options[1].id, 2000],
			[q[2].id, q[2].options[2].id, 3000]
		]);
		const first = await ingestBatch(t.db, a.attemptId, { deviceId: 'tab-1', events }, NOW + 3000);
		expect(first.ok && [first.acked, first.stored]).toEqual([3, 3]);
		const replay = await ingestBatch(t.db, a.attemptId, { deviceId: 'tab-1', events }, NOW + 4000);
		expect(replay.ok && [replay.acked, replay.stored]).toEqual([3, 0]);
		expect(replay.ok && replay.state.status).toBe('running');
	});

	it('tells a resent event from a changed one under an acknowledged seq, beside new events', async () => {
		const a = await start();
		const q = a.paper.questions;
		const events = await log(
			a.attemptId,
			[0, 1, 2, 3, 4].map((i): [string, string, number] => [q[i].id, q[i].options[0].id, (i + 1) * 1000])
		);
		await ingestBatch(t.db, a.attemptId, { deviceId: 'tab-1', events: events.slice(0, 3) }, NOW + 3000);
		// Seq 2 resent as it was, seq 3 with another choice, and seq 4–5 new, in one batch.
		const changed = { ...events[2], choice: q[2].options[1].id };
		const r = await ingestBatch(
			t.db,
			a.attemptId,
			{ deviceId: 'tab-1', events: [events[1], changed, events[3], events[4]] },
			NOW + 6000
		);
		expect(r.ok && [r.acked, r.stored]).toEqual([5, 3]);
		expect(await storedInArrivalOrder(a.attemptId, ['seq', 'flags', 'counts'])).toEqual([
			{ seq: 1, flags: '', counts: 1 },
			{ seq: 2, flags: '', counts: 1 },
			{ seq: 3, flags: '', counts: 1 },
			{ seq: 3, flags: 'conflict', counts: 0 },
			{ seq: 4, flags: '', counts: 1 },
			{ seq: 5, flags: '', counts: 1 }
		]);
	});

	it('gives the same stored state whatever order batches arrive in', async () => {
		const a = await start();
		const b = await start();
		const q = a.paper.questions;
		const qb = b.paper.questions;
		const answersA: [string, string, number][] = q
			.slice(0, 6)
			.map((x, i) => [x.id, x.options[i % 4].id, (i + 1) * 1000]);
		const answersB: [string, string, number][] = qb
			.slice(0, 6)
			.map((x, i) => [x.id, x.options[i % 4].id, (i + 1) * 1000]);
		const ea = await log(a.attemptId, answersA);
		const eb = await log(b.attemptId, answersB);
		// a: in order; b: the last batch first, then the first, then a replay of the middle.
		for (const batch of [ea.slice(0, 2), ea.slice(2, 4), ea.slice(4)])
			await ingestBatch(t.db, a.attemptId, { deviceId: 'x', events: batch }, NOW + 7000);
		const late = await ingestBatch(t.db, b.attemptId, { deviceId: 'x', events: eb.slice(4) }, NOW + 7000);
		expect(late.ok && late.acked).toBe(0);
		await ingestBatch(t.db, b.attemptId, { deviceId: 'x', events: eb.slice(0, 2) }, NOW + 7000);
		const gapFilled = await ingestBatch(
			t.db,
			b.attemptId,
			{ deviceId: 'x', events: eb.slice(2, 4) },
			NOW + 7000
		);
		expect(gapFilled.ok && gapFilled.acked).toBe(6);
		await ingestBatch(t.db, b.attemptId, { deviceId: 'x', events: eb.slice(2, 4) }, NOW + 7000);
		const rows = async (id: string) =>
			await t.db
				.selectFrom('answer_event')
				.select(['seq', 'flags', 'counts'])
				.where('attempt_id', '=', id)
				.orderBy('seq')
				.execute();
		expect(await rows(b.attemptId)).toEqual(await rows(a.attemptId));
		expect((await rows(b.attemptId)).every((r) => r.flags === '')).toBe(true);
	});

	it('stores and flags a broken chain, a conflicting seq, an unknown question', async () => {
		const a = await start();
		const q = a.paper.questions;
		const good = await log(a.attemptId, [
			[q[0].id, q[0].options[0].id, 1000],
			[q[1].id, q[1].options[0].id, 2000]
		]);
		const forged = { ...good[1], choice: q[1].options[3].id }; // content changed, hash kept
		const unknown = (await log(a.attemptId, [['no-such-question', 'x', 2500]], 3, good[1].hash))[0];
		const r = await ingestBatch(
			t.db,
			a.attemptId,
			{ deviceId: 'tab', events: [good[0], forged, unknown] },
			NOW + 3000
		);
		expect(r.ok && r.acked).toBe(3);
		const r2 = await ingestBatch(t.db, a.attemptId, { deviceId: 'tab', events: [good[1]] }, NOW + 3500);
		expect(r2.ok).toBe(true);
		expect(await storedInArrivalOrder(a.attemptId, ['seq', 'flags', 'counts', 'reason'])).toEqual([
			{ seq: 1, flags: '', counts: 1, reason: null },
			{ seq: 2, flags: 'chain_break', counts: 1, reason: null },
			{ seq: 3, flags: 'unknown_question', counts: 1, reason: null },
			{ seq: 2, flags: 'conflict', counts: 0, reason: 'conflict' }
		]);
	});

	it('flags a broken link held past a gap once the gap is filled', async () => {
		const a = await start();
		const q = a.paper.questions;
		const good = await log(a.attemptId, [
			[q[0].id, q[0].options[0].id, 1000],
			[q[1].id, q[1].options[0].id, 2000],
			[q[2].id, q[2].options[0].id, 3000]
		]);
		const forged = { ...good[1], choice: q[1].options[3].id }; // content changed, hash kept
		// Seq 2 and 3 arrive first: held, not acknowledged (seq 1 is missing).
		const r1 = await ingestBatch(
			t.db,
			a.attemptId,
			{ deviceId: 'tab', events: [forged, good[2]] },
			NOW + 3000
		);
		expect(r1.ok && r1.acked).toBe(0);
		const r2 = await ingestBatch(t.db, a.attemptId, { deviceId: 'tab', events: [good[0]] }, NOW + 3500);
		expect(r2.ok && r2.acked).toBe(3);
		const rows = await t.db
			.selectFrom('answer_event')
			.select(['seq', 'flags'])
			.where('attempt_id', '=', a.attemptId)
			.orderBy('seq')
			.execute();
		expect(rows).toEqual([
			{ seq: 1, flags: '' },
			{ seq: 2, flags: 'chain_break' },
			{ seq: 3, flags: '' }
		]);
		const device = await t.db
			.selectFrom('attempt_device')
			.select(['acked_seq', 'chain_ok'])
			.where('attempt_id', '=', a.attemptId)
			.executeTakeFirstOrThrow();
		expect(device).toEqual({ acked_seq: 3, chain_ok: 0 });
	});
});

describe('submitting and grading', () => {
	it("records the reason a client's submit closes with as the server can check it", async () => {
		const reasonOf = async (claimed: 'candidate' | 'timeout' | 'lock', at: (a: StartedAttempt) => number) => {
			const a = await start();
			const r = await submitAttempt(
				t.db,
				secret,
				a.attemptId,
				{ deviceId: 'd', lastSeq: 0, reason: claimed },
				at(a)
			);
			expect(r.ok).toBe(true);
			const row = await t.db
				.selectFrom('attempt')
				.select('submit_reason')
				.where('id', '=', a.attemptId)
				.executeTakeFirstOrThrow();
			return row.submit_reason;
		};
		// Only the lock closes with "lock" (it closes attempts itself): a client saying so is submitting.
		expect(await reasonOf('lock', () => NOW + 60_000)).toBe('candidate');
		// A time-out ten minutes before the deadline is the candidate's own submit.
		expect(await reasonOf('timeout', (a) => a.deadline - 600_000)).toBe('candidate');
		// At the deadline (or a clock's estimate a second early) it is one.
		expect(await reasonOf('timeout', (a) => a.deadline)).toBe('timeout');
		expect(await reasonOf('timeout', (a) => a.deadline - 1000)).toBe('timeout');
		expect(await reasonOf('candidate', (a) => a.deadline)).toBe('candidate');
	});

	it('refuses to submit while events are missing, then grades by the key', async () => {
		const a = await start();
		const keyed = await key(a.attemptId);
		// Answer 10 questions right, 5 wrong, then change one right answer to wrong and clear another.
		const answers: [string, string | null, number][] = keyed.slice(0, 15).map((k, i) => {
			const wrong = k.options.find((o) => !k.correct.includes(o.id))!.id;
			return [k.id, i < 10 ? k.correct[0] : wrong, (i + 1) * 1000];
		});
		answers.push([keyed[0].id, keyed[0].options.find((o) => !keyed[0].correct.includes(o.id))!.id, 20_000]);
		answers.push([keyed[1].id, null, 21_000]);
		const events = await log(a.attemptId, answers);
		await ingestBatch(t.db, a.attemptId, { deviceId: 'd', events: events.slice(0, 10) }, NOW + 30_000);
		const early = await submitAttempt(
			t.db,
			secret,
			a.attemptId,
			{ deviceId: 'd', lastSeq: events.length, reason: 'candidate' },
			NOW + 31_000
		);
		expect(early).toEqual({ ok: false, code: 'missingEvents', params: { missingFrom: 11 } });
		await ingestBatch(t.db, a.attemptId, { deviceId: 'd', events: events.slice(10) }, NOW + 32_000);
		const done = await submitAttempt(
			t.db,
			secret,
			a.attemptId,
			{ deviceId: 'd', lastSeq: events.length, reason: 'candidate' },
			NOW + 33_000
		);
		expect(done.ok && [done.status, done.score, done.max, done.provisional]).toEqual([
			'submitted',
			8,
			30,
			true
		]);
		expect(done.ok && done.receipt).toMatch(/^[0-9a-f]{64}$/);
		const again = await submitAttempt(
			t.db,
			secret,
			a.attemptId,
			{ deviceId: 'd', lastSeq: events.length, reason: 'candidate' },
			NOW + 40_000
		);
		expect(again.ok && [again.score, again.receipt]).toEqual([8, done.ok && done.receipt]);
		const row = await t.db
			.selectFrom('attempt')
			.select(['time_used_ms', 'answered'])
			.where('id', '=', a.attemptId)
			.executeTakeFirstOrThrow();
		expect(row).toEqual({ time_used_ms: 33_000, answered: 14 });
	});

	it('judges who may submit inside the submit: another candidate’s token closes nothing', async () => {
		const a = await start();
		const b = await start();
		const owner = (id: string) =>
			t.db.selectFrom('attempt').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
		const [q] = await key(a.attemptId);
		const events = await log(a.attemptId, [[q.id, q.correct[0], 1000]]);
		await ingestBatch(t.db, a.attemptId, { deviceId: 'd', events }, NOW + 2000);
		const claimsOf = async (attemptId: string): Promise<TokenClaims> => ({
			kind: 'attempt',
			attemptId,
			userId: (await owner(attemptId)).user_id,
			deviceId: 'd'
		});
		// The route's rule (fast-path.ts postSubmit) with B's claims on A's attempt: refused, and A
		// is still running, ungraded.
		const asB = await claimsOf(b.attemptId);
		const body = { deviceId: 'd', lastSeq: 1, reason: 'candidate' } as const;
		const submitAs = (claims: TokenClaims, attemptId: string, at: number) =>
			submitAttempt(t.db, secret, attemptId, body, at, postRights(claims, attemptId));
		const refused = await submitAs(asB, a.attemptId, NOW + 3000);
		expect(refused).toEqual({ ok: false, code: 'attemptNotFound' });
		expect(await owner(a.attemptId)).toMatchObject({ status: 'running', graded_at: null, score: null });
		// An unknown attempt is refused by the same rule, not by a missing row's error.
		const unknown = await submitAs(asB, 'no-such-attempt', NOW + 3000);
		expect(unknown).toEqual({ ok: false, code: 'attemptNotFound' });
		// A's own claims: submitted and graded (its one answer was right).
		const asA = await claimsOf(a.attemptId);
		const done = await submitAs(asA, a.attemptId, NOW + 4000);
		expect(done.ok && [done.status, done.score]).toEqual(['submitted', 1]);
		// Once the round is finalised, even its own candidate is refused.
		await t.db
			.updateTable('round')
			.set({ finalised_at: NOW + 5000 })
			.where('id', '=', 'qualifying')
			.execute();
		try {
			const late = await submitAs(asA, a.attemptId, NOW + 6000);
			expect(late).toEqual({ ok: false, code: 'roundFinalised' });
		} finally {
			await t.db.updateTable('round').set({ finalised_at: null }).where('id', '=', 'qualifying').execute();
		}
	});

	it('reads an attempt’s paper once, for the batches’ checks and for grading', async () => {
		const a = await start();
		const keyed = await key(a.attemptId);
		const events = await log(a.attemptId, [
			[keyed[0].id, keyed[0].correct[0], 1000],
			[keyed[1].id, keyed[1].options.find((o) => !keyed[1].correct.includes(o.id))!.id, 2000]
		]);
		await ingestBatch(t.db, a.attemptId, { deviceId: 'd', events: events.slice(0, 1) }, NOW + 5_000);
		// Read by the first batch; the paper never changes, so nothing after reads its row again
		// (taken away here, it would be missed).
		const paper = await t.db
			.selectFrom('attempt_paper')
			.selectAll()
			.where('attempt_id', '=', a.attemptId)
			.executeTakeFirstOrThrow();
		await t.db.deleteFrom('attempt_paper').where('attempt_id', '=', a.attemptId).execute();
		try {
			await ingestBatch(t.db, a.attemptId, { deviceId: 'd', events: events.slice(1) }, NOW + 6_000);
			const done = await submitAttempt(
				t.db,
				secret,
				a.attemptId,
				{ deviceId: 'd', lastSeq: 2, reason: 'candidate' },
				NOW + 7_000
			);
			expect(done.ok && [done.status, done.score]).toEqual(['submitted', 1]);
		} finally {
			await t.db.insertInto('attempt_paper').values(paper).execute();
		}
	});

	it('stores an event that arrives after deadline + grace and does not count it', async () => {
		const a = await start();
		const keyed = await key(a.attemptId);
		const [onTime, late] = await log(a.attemptId, [
			[keyed[0].id, keyed[0].correct[0], 1000],
			[keyed[1].id, keyed[1].correct[0], 24 * 60_000]
		]);
		await ingestBatch(t.db, a.attemptId, { deviceId: 'd', events: [onTime] }, NOW + 2000);
		const arrival = a.deadline + a.graceMs + 1;
		const r = await ingestBatch(t.db, a.attemptId, { deviceId: 'd', events: [late] }, arrival);
		expect(r.ok && [r.acked, r.state.status]).toEqual([2, 'submitted']);
		const rows = await t.db
			.selectFrom('answer_event')
			.select(['seq', 'counts', 'reason'])
			.where('attempt_id', '=', a.attemptId)
			.orderBy('seq')
			.execute();
		expect(rows).toEqual([
			{ seq: 1, counts: 1, reason: null },
			{ seq: 2, counts: 0, reason: 'late_arrival' }
		]);
		const attempt = await t.db
			.selectFrom('attempt')
			.select(['score', 'submit_reason', 'time_used_ms'])
			.where('id', '=', a.attemptId)
			.executeTakeFirstOrThrow();
		expect(attempt).toEqual({ score: 1, submit_reason: 'server_close', time_used_ms: 25 * 60_000 });
	});

	it('closes abandoned attempts at deadline + grace', async () => {
		const a = await start();
		expect(await closeExpiredAttempts(t.db, a.deadline + a.graceMs)).toBe(0);
		expect(await closeExpiredAttempts(t.db, a.deadline + a.graceMs + 1)).toBeGreaterThanOrEqual(1);
		const row = await t.db
			.selectFrom('attempt')
			.select(['status', 'score'])
			.where('id', '=', a.attemptId)
			.executeTakeFirstOrThrow();
		expect(row).toEqual({ status: 'submitted', score: 0 });
	});
});

async function eventsOf(attemptId: string) {
	return t.db
		.selectFrom('answer_event')
		.select(['device_id', 'seq', 'counts', 'reason', 'flags'])
		.where('attempt_id', '=', attemptId)
		.orderBy('device_id')
		.orderBy('seq')
		.execute();
}

describe('closed means closed (issue 10 point 1)', () => {
	it('a second submit attests no more than the first: events held past its last seq were not submitted', async () => {
		const a = await start();
		const keyed = await key(a.attemptId);
		// Ten right answers reach the server; the candidate submits after the third.
		const right = await log(
			a.attemptId,
			keyed.slice(0, 10).map((k, i) => [k.id, k.correct[0], 500 + i])
		);
		await ingestBatch(t.db, a.attemptId, { deviceId: 'd', events: right }, NOW + 1000);
		const submit = (lastSeq: number, at: number) =>
			submitAttempt(t.db, secret, a.attemptId, { deviceId: 'd', lastSeq, reason: 'candidate' }, at);
		const first = await submit(3, NOW + 2000);
		expect(first.ok && [first.status, first.score]).toEqual(['submitted', 3]);
		const again = await submit(10, NOW + 3000);
		expect(again.ok && [again.score, again.receipt]).toEqual([3, first.ok && first.receipt]);
		const { user_id } = await t.db
			.selectFrom('attempt')
			.select('user_id')
			.where('id', '=', a.attemptId)
			.executeTakeFirstOrThrow();
		const shown = (await attemptHistory(t.db, secret, user_id, NOW + 4000))
			.flatMap((r) => r.attempts)
			.find((x) => x.id === a.attemptId);
		expect(shown?.receipt).toBe(first.ok && shortReceipt(first.receipt));
	});

	it('the key-recovery probe: answers posted after the submit change nothing', async () => {
		const a = await start();
		const keyed = await key(a.attemptId);
		const first = await submitAttempt(
			t.db,
			secret,
			a.attemptId,
			{ deviceId: 'd', lastSeq: 0, reason: 'candidate' },
			NOW + 1000
		);
		expect(first.ok && [first.status, first.score]).toEqual(['submitted', 0]);
		const before = await t.db
			.selectFrom('attempt')
			.select(['score', 'time_used_ms', 'answered', 'submitted_at'])
			.where('id', '=', a.attemptId)
			.executeTakeFirstOrThrow();
		// All 30 right answers, from the submitting device and from another one, within grace.
		const right = await log(
			a.attemptId,
			keyed.map((k, i) => [k.id, k.correct[0], 500 + i])
		);
		const same = await ingestBatch(t.db, a.attemptId, { deviceId: 'd', events: right }, NOW + 2000);
		expect(same.ok && [same.acked, same.state.status]).toEqual([30, 'submitted']);
		const other = await ingestBatch(t.db, a.attemptId, { deviceId: 'd2', events: right }, NOW + 2000);
		expect(other.ok && other.acked).toBe(30);
		const again = await submitAttempt(
			t.db,
			secret,
			a.attemptId,
			{ deviceId: 'd', lastSeq: 30, reason: 'candidate' },
			NOW + 3000
		);
		expect(again.ok && [again.status, again.score]).toEqual(['submitted', 0]);
		// The second receipt attests only what the first did: none of the 30 late answers, so it
		// is no proof that they were submitted. The dashboard's is the same.
		expect(again.ok && again.receipt).toBe(first.ok && first.receipt);
		const { user_id } = await t.db
			.selectFrom('attempt')
			.select('user_id')
			.where('id', '=', a.attemptId)
			.executeTakeFirstOrThrow();
		const history = await attemptHistory(t.db, secret, user_id, NOW + 4000);
		const shown = history.flatMap((r) => r.attempts).find((x) => x.id === a.attemptId);
		// Over whichever device was heard last: both sent only late answers, so both attest nothing.
		const nothing = (deviceId: string) =>
			shortReceipt(
				receiptFor(secret, { attemptId: a.attemptId, deviceId, lastSeq: 0, chainHead: a.attemptId })
			);
		expect([nothing('d'), nothing('d2')]).toContain(shown?.receipt);
		const after = await t.db
			.selectFrom('attempt')
			.select(['score', 'time_used_ms', 'answered', 'submitted_at'])
			.where('id', '=', a.attemptId)
			.executeTakeFirstOrThrow();
		expect(after).toEqual(before);
		const rows = await eventsOf(a.attemptId);
		expect(rows).toHaveLength(60);
		expect(rows.every((r) => r.counts === 0 && r.reason === 'after_submit')).toBe(true);
		expect(rows.every((r) => r.flags.split(' ').includes('after_close'))).toBe(true);
	});

	it('counts the submitting device up to its lastSeq, and another device only as held then', async () => {
		const a = await start();
		const keyed = await key(a.attemptId);
		const mine = await log(
			a.attemptId,
			keyed.slice(0, 4).map((k, i) => [k.id, k.correct[0], 1000 * (i + 1)])
		);
		// Device "d" holds 4 events but submits at lastSeq 3; "t" had one answer held before.
		const theirs = await log(a.attemptId, [[keyed[10].id, keyed[10].correct[0], 500]]);
		await ingestBatch(t.db, a.attemptId, { deviceId: 'd', events: mine }, NOW + 5000);
		await ingestBatch(t.db, a.attemptId, { deviceId: 't', events: theirs }, NOW + 5000);
		const done = await submitAttempt(
			t.db,
			secret,
			a.attemptId,
			{ deviceId: 'd', lastSeq: 3, reason: 'candidate' },
			NOW + 6000
		);
		expect(done.ok && done.score).toBe(4);
		const late = await log(a.attemptId, [[keyed[11].id, keyed[11].correct[0], 600]], 2, theirs[0].hash);
		await ingestBatch(t.db, a.attemptId, { deviceId: 't', events: late }, NOW + 6000);
		expect((await eventsOf(a.attemptId)).map((r) => [r.device_id, r.seq, r.counts, r.reason])).toEqual([
			['d', 1, 1, null],
			['d', 2, 1, null],
			['d', 3, 1, null],
			['d', 4, 0, 'after_submit'],
			['t', 1, 1, null],
			['t', 2, 0, 'after_submit']
		]);
	});
});

describe('attempt limits under concurrent starts (issue 10 point 2)', () => {
	it('20 starts at once in a round allowing 1 a week and 3 in all open exactly one attempt', async () => {
		const userId = await newCandidate();
		const results = await Promise.all(
			Array.from({ length: 20 }, (_, i) =>
				startAttempt(t.db, secret, { userId, roundId: 'qualifying', deviceId: `p${i}` }, NOW)
			)
		);
		const ids = new Set(results.filter((r) => r.ok).map((r) => r.ok && r.attemptId));
		expect(ids.size).toBe(1);
		const rows = await t.db
			.selectFrom('attempt')
			.select(['id', 'status'])
			.where('user_id', '=', userId)
			.where('round_id', '=', 'qualifying')
			.execute();
		expect(rows).toEqual([{ id: [...ids][0], status: 'running' }]);
		// Submitted, then 20 more at once in the same week: none.
		await submitAttempt(
			t.db,
			secret,
			rows[0].id,
			{ deviceId: 'p0', lastSeq: 0, reason: 'candidate' },
			NOW + 1000
		);
		const more = await Promise.all(
			Array.from({ length: 20 }, () =>
				startAttempt(t.db, secret, { userId, roundId: 'qualifying' }, NOW + 2000)
			)
		);
		expect(new Set(more.map((r) => (r.ok ? 'started' : r.code)))).toEqual(new Set(['noAttemptsLeft']));
	});
});

describe('the venue lock and move (issue 10 points 4 and 5)', () => {
	const T = NOW + 86_400_000; // the next day: the final
	let organiserId = '';
	const seats: Record<string, { attemptId: string; seatId: string }> = {};
	const tokens: Record<string, TokenClaims> = {};
	const act = (a: Parameters<typeof roomAction>[3], at: number) =>
		roomAction(t.db, 'room-1', organiserId, a, at);

	async function enrol(deviceId: string, seat: string | null, at: number) {
		tokens[deviceId] = await enrolTablet(t.db, secret, {
			roomId: 'room-1',
			actorId: organiserId,
			deviceId,
			seat,
			at
		});
	}

	beforeAll(async () => {
		await t.db
			.updateTable('round')
			.set({ opens_at: T - 3600_000, closes_at: T + 86_400_000 })
			.where('id', '=', 'final')
			.execute();
		organiserId = (
			await t.db.selectFrom('app_user').select('id').where('role', '=', 'organiser').executeTakeFirstOrThrow()
		).id;
		for (let i = 0; i < 4; i++) {
			const userId = await newCandidate();
			const login = (
				await t.db.selectFrom('app_user').select('phone').where('id', '=', userId).executeTakeFirstOrThrow()
			).phone!;
			const f = await addFinalist(t.db, { finalRoundId: 'final', login, actorId: organiserId }, T - 3000_000);
			if (!f.ok) throw new Error(f.code);
		}
		await assignSeats(t.db, 'final', organiserId, T - 2000_000);
		const prepared = await prepareRoom(t.db, 'room-1', T - 1000_000);
		if ('ok' in prepared) throw new Error(prepared.code);
		const rows = await t.db
			.selectFrom('finalist')
			.select(['attempt_id', 'seat_id'])
			.where('room_id', '=', 'room-1')
			.orderBy('seat_id')
			.execute();
		for (const [i, name] of ['on', 'off', 'mov', 'lie'].entries()) {
			seats[name] = { attemptId: rows[i].attempt_id!, seatId: rows[i].seat_id! };
			await enrol(`tab-${name}`, rows[i].seat_id!, T - 900_000);
		}
		await enrol('tab-spare', null, T - 900_000);
	});

	const post = (device: string, attempt: string, events: AnswerEvent[], at: number) =>
		ingestBatch(t.db, attempt, { deviceId: device, events }, at);

	it('lock: an online tablet adds nothing beyond its last report and the chain it reported, an offline one is judged by its active time and listed; move: what the server held counts', async () => {
		const start = T;
		expect((await act({ action: 'start' }, start)).ok).toBe(true);
		const on = seats.on.attemptId;
		const off = seats.off.attemptId;
		const kOn = await key(on);
		const kOff = await key(off);
		// The online tablet: seqs 1–2 held; seq 3 made and reported in its last heartbeat, unsent.
		const onLog = await log(on, [
			[kOn[0].id, kOn[0].correct[0], 10_000],
			[kOn[1].id, kOn[1].correct[0], 20_000],
			[kOn[2].id, kOn[2].correct[0], 40_000],
			[kOn[3].id, kOn[3].correct[0], 5_000] // a small elapsedMs, made after the lock
		]);
		await post('tab-on', on, onLog.slice(0, 2), start + 25_000);

		// The move (point 5): tab-mov's clock runs ahead (30 s at 20 s); the server holds that
		// event when the proctor moves the finalist to the spare at 25 s.
		const mov = seats.mov.attemptId;
		const kMov = await key(mov);
		const movLog = await log(mov, [
			[kMov[0].id, kMov[0].correct[0], 30_000],
			[kMov[1].id, kMov[1].correct[0], 26_000]
		]);
		await post('tab-mov', mov, movLog.slice(0, 1), start + 20_000);
		const f = await t.db
			.selectFrom('finalist')
			.select('id')
			.where('attempt_id', '=', mov)
			.executeTakeFirstOrThrow();
		expect((await act({ action: 'move', finalistId: f.id, deviceId: 'tab-spare' }, start + 25_000)).ok).toBe(
			true
		);
		await post('tab-mov', mov, movLog.slice(1), start + 30_000);
		await heartbeat(t.db, tokens['tab-off'], {}, start + 1000);
		await heartbeat(
			t.db,
			tokens['tab-on'],
			{ lastSeqs: { [on]: 3 }, heads: { [on]: onLog[2].hash } },
			start + 44_000
		);
		// tab-lie, online too, reports three answers it has not sent, and the hash of a chain of
		// wrong ones; after the lock it sends right answers under those seqs instead.
		const lie = seats.lie.attemptId;
		const kLie = await key(lie);
		const wrong = (k: (typeof kLie)[number]) => k.options.find((o) => !k.correct.includes(o.id))!.id;
		const lieHeld = await log(lie, [[kLie[0].id, kLie[0].correct[0], 10_000]]);
		await post('tab-lie', lie, lieHeld, start + 20_000);
		const reported = await log(
			lie,
			[1, 2, 3].map((i) => [kLie[i].id, wrong(kLie[i]), 20_000 + i * 1000]),
			2,
			lieHeld[0].hash
		);
		const sentLater = await log(
			lie,
			[1, 2, 3].map((i) => [kLie[i].id, kLie[i].correct[0], 20_000 + i * 1000]),
			2,
			lieHeld[0].hash
		);
		await heartbeat(
			t.db,
			tokens['tab-lie'],
			{ lastSeqs: { [lie]: 4 }, heads: { [lie]: reported[2].hash } },
			start + 44_500
		);
		// Locked 45 s after Start: tab-on was seen 1 s before, tab-off 44 s before.
		expect((await act({ action: 'lock' }, start + 45_000)).ok).toBe(true);
		await post('tab-on', on, onLog.slice(2), start + 50_000);
		await post('tab-lie', lie, sentLater, start + 50_000);
		// The tablet keeps reporting after the lock: its later reports do not move its cut-off.
		await heartbeat(t.db, tokens['tab-on'], { lastSeqs: { [on]: 4 } }, start + 51_000);
		await post('tab-on', on, onLog.slice(3), start + 52_000);
		expect((await eventsOf(on)).map((r) => [r.seq, r.counts, r.reason])).toEqual([
			[1, 1, null],
			[2, 1, null],
			[3, 1, null],
			[4, 0, 'after_lock']
		]);
		const onScore = await t.db
			.selectFrom('attempt')
			.select('score')
			.where('id', '=', on)
			.executeTakeFirstOrThrow();
		expect(onScore.score).toBe(3);
		expect((await eventsOf(lie)).map((r) => [r.seq, r.counts, r.reason])).toEqual([
			[1, 1, null],
			[2, 0, 'after_lock'],
			[3, 0, 'after_lock'],
			[4, 0, 'after_lock']
		]);
		const lieScore = await t.db
			.selectFrom('attempt')
			.select('score')
			.where('id', '=', lie)
			.executeTakeFirstOrThrow();
		expect(lieScore.score).toBe(1);
		expect((await eventsOf(mov)).map((r) => [r.seq, r.counts, r.reason])).toEqual([
			[1, 1, null],
			[2, 0, 'after_move']
		]);

		// The offline tablet comes back after the lock with answers made before and after it.
		const offLog = await log(off, [
			[kOff[0].id, kOff[0].correct[0], 30_000],
			[kOff[1].id, kOff[1].correct[0], 45_001]
		]);
		await post('tab-off', off, offLog, start + 600_000);
		const offRows = await eventsOf(off);
		expect(offRows.map((r) => [r.seq, r.counts, r.reason])).toEqual([
			[1, 1, null],
			[2, 0, 'after_lock']
		]);
		expect(offRows.every((r) => r.flags.split(' ').includes('review'))).toBe(true);
		const offScore = await t.db
			.selectFrom('attempt')
			.select('score')
			.where('id', '=', off)
			.executeTakeFirstOrThrow();
		expect(offScore.score).toBe(1);
		// Listed for the organiser's review: every tablet's late arrivals, and nothing else.
		expect(await lateArrivalsToReview(t.db, 'final')).toEqual(
			expect.arrayContaining([
				expect.objectContaining({ attemptId: on, deviceId: 'tab-on', events: 2, counted: 1 }),
				expect.objectContaining({ attemptId: off, deviceId: 'tab-off', events: 2, counted: 1 }),
				expect.objectContaining({ attemptId: lie, deviceId: 'tab-lie', events: 3, counted: 0 })
			])
		);
		expect(await lateArrivalsToReview(t.db, 'final')).toHaveLength(3);
	});
});
