// What `GET /api/rounds` (candidateOverview) says is left of a round's attempts, on SQLite and
// PostgreSQL: counted by hand from the attempts each test makes, of the limit that leaves them
// (the round's in all, or this week's), and 0 exactly when the server refuses the next start.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes, randomUUID } from 'node:crypto';
import { openTestDb, type TestDb } from './testdb';
import { seedDemo } from '../../src/lib/server/demo/seed';
import { register } from '../../src/lib/server/accounts';
import {
	practiceRound,
	registerDevicePractice,
	startAttempt,
	submitAttempt
} from '../../src/lib/server/attempts';
import { candidateOverview } from '../../src/lib/server/candidates';
import { drawPaper, type BankQuestion } from '../../src/lib/exam/paper';

let t: TestDb;
const secret = randomBytes(32);
const NOW = Date.UTC(2026, 10, 23, 2, 0); // Monday 23 Nov 2026, 09:00 in Vietnam
const WEEK = 7 * 24 * 3600_000;
const NEXT_MONDAY = Date.UTC(2026, 10, 29, 17, 0); // Monday 30 Nov 2026, 00:00 in Vietnam
let people = 0;
let rounds = 0;
let bank: BankQuestion[] = [];
let blueprint: { topic: string; difficulty: number; count: number }[] = [];

beforeAll(async () => {
	t = await openTestDb();
	await seedDemo(t.db, { now: NOW - 3600_000 });
	const p = await practiceRound(t.db, 'practice', await newCandidate(), NOW);
	if (!p.ok) throw new Error(JSON.stringify(p));
	bank = p.questions;
	blueprint = p.blueprint;
});
afterAll(async () => t.drop());

async function newCandidate(): Promise<string> {
	people += 1;
	const suffix = String(people).padStart(4, '0');
	const r = await register(
		t.db,
		{
			input: {
				fullName: `Thí Sinh Còn Lượt ${people}`,
				birthDate: '1990-01-01',
				gender: 'female',
				nationalId: `08219001${suffix}`,
				phone: `096300${suffix}`,
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

/** A round like the demo's practice or qualifying round, with these limits, open 60 days. */
async function roundLike(
	from: 'practice' | 'qualifying',
	maxAttempts: number | null,
	perWeek: number | null
): Promise<string> {
	rounds += 1;
	const id = `${from}-left-${rounds}`;
	const demo = await t.db.selectFrom('round').selectAll().where('id', '=', from).executeTakeFirstOrThrow();
	await t.db
		.insertInto('round')
		.values({
			...demo,
			id,
			name: `${demo.name} ${rounds}`,
			opens_at: NOW - 3600_000,
			closes_at: NOW + 60 * 24 * 3600_000,
			max_attempts: maxAttempts,
			max_attempts_per_week: perWeek
		})
		.execute();
	return id;
}

/** A practice paper drawn on the device and recorded (or refused) at `at`. */
async function practise(userId: string, roundId: string, at: number) {
	const paper = drawPaper({ bank, blueprint, seed: randomUUID() });
	return registerDevicePractice(
		t.db,
		secret,
		{
			userId,
			roundId,
			body: {
				attemptId: randomUUID(),
				seed: paper.seed,
				startedAt: at,
				questions: paper.questions.map((q) => ({
					id: q.id,
					version: q.version,
					options: q.options.map((o) => o.id)
				}))
			}
		},
		at
	);
}

/** A graded attempt the server draws, started and submitted at once. */
async function takeGraded(userId: string, roundId: string, at: number) {
	const started = await startAttempt(t.db, secret, { userId, roundId }, at);
	if (!started.ok) return started.code;
	const done = await submitAttempt(
		t.db,
		secret,
		started.attemptId,
		{ deviceId: started.deviceId, lastSeq: 0, reason: 'candidate' },
		at + 1000
	);
	expect(done.ok).toBe(true);
	return 'taken';
}

async function left(userId: string, roundId: string, at: number) {
	const overview = await candidateOverview(t.db, userId, at);
	const r = overview.rounds.find((x) => x.id === roundId)!;
	return {
		attemptsLeft: r.attemptsLeft,
		attemptsAllowed: r.attemptsAllowed,
		attemptsPer: r.attemptsPer,
		attemptCount: r.attemptCount
	};
}

describe('attempts left, as GET /api/rounds gives them', () => {
	it('a practice round allowing 2: 2/2, 1/2, 0/2, and the third paper is refused', async () => {
		const roundId = await roundLike('practice', 2, null);
		const userId = await newCandidate();
		const of2 = { attemptsAllowed: 2, attemptsPer: 'round' };
		expect(await left(userId, roundId, NOW)).toEqual({ attemptsLeft: 2, ...of2, attemptCount: 0 });
		expect((await practise(userId, roundId, NOW)).ok).toBe(true);
		expect(await left(userId, roundId, NOW + 1)).toEqual({ attemptsLeft: 1, ...of2, attemptCount: 1 });
		expect((await practise(userId, roundId, NOW + 2)).ok).toBe(true);
		expect(await left(userId, roundId, NOW + 3)).toEqual({ attemptsLeft: 0, ...of2, attemptCount: 2 });
		const third = await practise(userId, roundId, NOW + 4);
		expect(third.ok || third.code).toBe('noAttemptsLeft');
		// Next week too: the limit is the round's, not the week's.
		expect(await left(userId, roundId, NOW + WEEK)).toEqual({ attemptsLeft: 0, ...of2, attemptCount: 2 });
	});

	it('five in all and two a week: the week binds until fewer are left in all', async () => {
		const roundId = await roundLike('qualifying', 5, 2);
		const userId = await newCandidate();
		// Week 1: 2 of the week's 2 (5 in all); two taken, the week's used, 3 remain in all.
		expect(await left(userId, roundId, NOW)).toMatchObject({
			attemptsLeft: 2,
			attemptsAllowed: 2,
			attemptsPer: 'week'
		});
		expect(await takeGraded(userId, roundId, NOW)).toBe('taken');
		expect(await left(userId, roundId, NOW + 2000)).toMatchObject({
			attemptsLeft: 1,
			attemptsAllowed: 2,
			attemptsPer: 'week'
		});
		expect(await takeGraded(userId, roundId, NOW + 3000)).toBe('taken');
		expect(await left(userId, roundId, NOW + 5000)).toMatchObject({
			attemptsLeft: 0,
			attemptsAllowed: 2,
			attemptsPer: 'week'
		});
		expect(await takeGraded(userId, roundId, NOW + 6000)).toBe('noAttemptsLeft');
		// Week 2: 3 in all, 2 this week; one taken leaves 2 in all, 1 this week; two, 1 and none.
		expect(await left(userId, roundId, NEXT_MONDAY)).toMatchObject({
			attemptsLeft: 2,
			attemptsAllowed: 2,
			attemptsPer: 'week'
		});
		expect(await takeGraded(userId, roundId, NEXT_MONDAY)).toBe('taken');
		expect(await left(userId, roundId, NEXT_MONDAY + 2000)).toMatchObject({
			attemptsLeft: 1,
			attemptsAllowed: 2,
			attemptsPer: 'week'
		});
		expect(await takeGraded(userId, roundId, NEXT_MONDAY + 3000)).toBe('taken');
		expect(await left(userId, roundId, NEXT_MONDAY + 5000)).toMatchObject({
			attemptsLeft: 0,
			attemptsPer: 'week'
		});
		// Week 3: 1 in all is fewer than the week's 2.
		expect(await left(userId, roundId, NEXT_MONDAY + WEEK)).toEqual({
			attemptsLeft: 1,
			attemptsAllowed: 5,
			attemptsPer: 'round',
			attemptCount: 4
		});
		expect(await takeGraded(userId, roundId, NEXT_MONDAY + WEEK)).toBe('taken');
		expect(await left(userId, roundId, NEXT_MONDAY + WEEK + 2000)).toMatchObject({
			attemptsLeft: 0,
			attemptsAllowed: 5,
			attemptsPer: 'round'
		});
		expect(await takeGraded(userId, roundId, NEXT_MONDAY + WEEK + 3000)).toBe('noAttemptsLeft');
	});

	it('a tie (three in all, three a week) is the round’s limit: it does not pass with the week', async () => {
		const roundId = await roundLike('practice', 3, 3);
		const userId = await newCandidate();
		expect((await practise(userId, roundId, NOW)).ok).toBe(true);
		expect(await left(userId, roundId, NOW + 1)).toEqual({
			attemptsLeft: 2,
			attemptsAllowed: 3,
			attemptsPer: 'round',
			attemptCount: 1
		});
	});

	it('a round without limits says none', async () => {
		const roundId = await roundLike('practice', null, null);
		const userId = await newCandidate();
		expect((await practise(userId, roundId, NOW)).ok).toBe(true);
		expect(await left(userId, roundId, NOW + 1)).toEqual({
			attemptsLeft: null,
			attemptsAllowed: null,
			attemptsPer: null,
			attemptCount: 1
		});
	});
});
