// A practice paper the device drew itself (POST /api/rounds/{id}/attempts with a paper), on
// SQLite and PostgreSQL: counted against the round's limits under the same lock as a start the
// server draws, only while the round is open and for an eligible candidate, and only for a paper
// the round's blueprint could have drawn. The id of another kind of attempt (a graded round's,
// the final's) gives back neither its paper nor a token, and a home token never speaks for a
// venue attempt.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes, randomUUID } from 'node:crypto';
import { openTestDb, type TestDb } from './testdb';
import { seedDemo } from '../../src/lib/server/demo/seed';
import { register } from '../../src/lib/server/accounts';
import {
	practiceRound,
	registerDevicePractice,
	ingestBatch,
	startAttempt,
	submitAttempt,
	ATTEMPTS_PER_HOUR,
	type DevicePracticeBody
} from '../../src/lib/server/attempts';
import { candidateOverview } from '../../src/lib/server/candidates';
import { attemptHistory } from '../../src/lib/server/history';
import { drawPaper, type BankQuestion, type Paper } from '../../src/lib/exam/paper';
import { chainEvent } from '../../src/lib/exam/events';
import { postRights } from '../../src/lib/server/access';

let t: TestDb;
const secret = randomBytes(32);
const NOW = Date.UTC(2026, 10, 23, 2, 0); // Monday 23 Nov 2026, 09:00 in Vietnam
const WEEK = 7 * 24 * 3600_000;
const DURATION = 25 * 60_000;
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

/** An adult born in 1990 (36 when the rounds open). */
async function newCandidate(): Promise<string> {
	people += 1;
	const suffix = String(people).padStart(4, '0');
	const r = await register(
		t.db,
		{
			input: {
				fullName: `Thí Sinh Thi Thử ${people}`,
				birthDate: '1990-01-01',
				gender: 'male',
				nationalId: `08209000${suffix}`,
				phone: `096200${suffix}`,
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

/** A practice round of its own, as the demo's, with these limits and window. */
async function practice(opts: {
	maxAttempts?: number | null;
	perWeek?: number | null;
	opensAt?: number;
	closesAt?: number;
	minAge?: number;
}): Promise<string> {
	rounds += 1;
	const id = `practice-${rounds}`;
	const demo = await t.db
		.selectFrom('round')
		.selectAll()
		.where('id', '=', 'practice')
		.executeTakeFirstOrThrow();
	await t.db
		.insertInto('round')
		.values({
			...demo,
			id,
			name: `Thi thử ${rounds}`,
			opens_at: opts.opensAt ?? NOW - 3600_000,
			closes_at: opts.closesAt ?? NOW + 60 * 24 * 3600_000,
			max_attempts: opts.maxAttempts ?? null,
			max_attempts_per_week: opts.perWeek ?? null,
			min_age: opts.minAge ?? demo.min_age
		})
		.execute();
	return id;
}

/** What the device sends: the paper it drew from the cached bank (practice.ts, startPractice). */
function drawn(seed = randomUUID()): { paper: Paper; body: DevicePracticeBody } {
	const paper = drawPaper({ bank, blueprint, seed });
	return { paper, body: bodyOf(paper, NOW - 10 * 60_000) };
}

function bodyOf(paper: { seed: string; questions: BankQuestion[] }, startedAt: number): DevicePracticeBody {
	return {
		attemptId: randomUUID(),
		seed: paper.seed,
		startedAt,
		questions: paper.questions.map((q) => ({
			id: q.id,
			version: q.version,
			options: q.options.map((o) => o.id)
		}))
	};
}

function registerAt(userId: string, roundId: string, body: DevicePracticeBody, at = NOW) {
	return registerDevicePractice(t.db, secret, { userId, roundId, body }, at);
}

const outcome = (r: { ok: true; resumed: boolean } | { ok: false; code: string }) =>
	r.ok ? (r.resumed ? 'held' : 'recorded') : r.code;

async function storedAttempts(userId: string, roundId: string) {
	const rows = await t.db
		.selectFrom('attempt')
		.select('id')
		.where('user_id', '=', userId)
		.where('round_id', '=', roundId)
		.execute();
	return rows.map((r) => r.id);
}

describe('a practice paper drawn on the device counts against the round’s limits', () => {
	it('two a week and three in all: the third of a week is refused, a retry of a recorded one is not counted', async () => {
		const roundId = await practice({ maxAttempts: 3, perWeek: 2 });
		const userId = await newCandidate();
		const first = drawn().body;
		const second = drawn().body;
		expect(outcome(await registerAt(userId, roundId, first))).toBe('recorded');
		expect(outcome(await registerAt(userId, roundId, second, NOW + 1000))).toBe('recorded');
		expect(outcome(await registerAt(userId, roundId, drawn().body, NOW + 2000))).toBe('noAttemptsLeft');
		// The device sends the first again (its answer was lost): the same attempt, a token, no count.
		const again = await registerAt(userId, roundId, first, NOW + 3000);
		expect(outcome(again)).toBe('held');
		expect(again.ok && again.attemptId).toBe(first.attemptId);
		expect((await storedAttempts(userId, roundId)).sort()).toEqual(
			[first.attemptId, second.attemptId].sort()
		);
		// The start the server draws sees the same count (after both device papers' time is up).
		const normal = await startAttempt(t.db, secret, { userId, roundId }, NOW + DURATION + 60_000);
		expect(outcome(normal)).toBe('noAttemptsLeft');

		// Next week one more, the third in all; then none.
		const third = drawn().body;
		expect(outcome(await registerAt(userId, roundId, { ...third, startedAt: NOW + WEEK }, NOW + WEEK))).toBe(
			'recorded'
		);
		expect(outcome(await registerAt(userId, roundId, drawn().body, NOW + WEEK + 1000))).toBe(
			'noAttemptsLeft'
		);
		expect(outcome(await registerAt(userId, roundId, drawn().body, NOW + 2 * WEEK))).toBe('noAttemptsLeft');
		expect(await storedAttempts(userId, roundId)).toHaveLength(3);
	});

	it('a start the server drew uses up the same limit as a paper the device drew', async () => {
		const roundId = await practice({ maxAttempts: 1, perWeek: 1 });
		const userId = await newCandidate();
		const started = await startAttempt(t.db, secret, { userId, roundId }, NOW);
		expect(outcome(started)).toBe('recorded');
		expect(outcome(await registerAt(userId, roundId, drawn().body, NOW + 1000))).toBe('noAttemptsLeft');
		expect(outcome(await registerAt(userId, roundId, drawn().body, NOW + WEEK))).toBe('noAttemptsLeft');
		expect(await storedAttempts(userId, roundId)).toEqual([started.ok && started.attemptId]);
	});

	it('records a device paper while another practice attempt of the candidate runs, within the limits', async () => {
		// The normal start resumes the running attempt rather than open a second one; a device
		// that drew its own paper has nothing to resume into, and its count is what the limits see.
		const roundId = await practice({ maxAttempts: 2 });
		const userId = await newCandidate();
		expect(outcome(await startAttempt(t.db, secret, { userId, roundId }, NOW))).toBe('recorded');
		expect(outcome(await registerAt(userId, roundId, drawn().body, NOW + 1000))).toBe('recorded');
		expect(outcome(await registerAt(userId, roundId, drawn().body, NOW + 2000))).toBe('noAttemptsLeft');
	});
});

describe('only an open round, an eligible candidate and a paper the blueprint draws', () => {
	it('refuses before the round opens and after it closes, and hands out no bank then', async () => {
		const early = await practice({ opensAt: NOW + 3600_000 });
		const late = await practice({ closesAt: NOW - 1000 });
		const userId = await newCandidate();
		expect(outcome(await registerAt(userId, early, drawn().body))).toBe('roundClosed');
		expect(outcome(await registerAt(userId, late, drawn().body))).toBe('roundClosed');
		const bankEarly = await practiceRound(t.db, early, userId, NOW);
		expect(bankEarly.ok ? 'bank' : bankEarly.code).toBe('roundClosed');
		expect(await storedAttempts(userId, early)).toEqual([]);
		expect(await storedAttempts(userId, late)).toEqual([]);
		// Once open, the same paper is recorded.
		expect(outcome(await registerAt(userId, early, drawn().body, NOW + 3600_000))).toBe('recorded');
	});

	it('refuses a candidate under the round’s age and an account that is not a candidate', async () => {
		const roundId = await practice({ minAge: 40 });
		const young = await newCandidate();
		expect(outcome(await registerAt(young, roundId, drawn().body))).toBe('tooYoung');
		const bankYoung = await practiceRound(t.db, roundId, young, NOW);
		expect(bankYoung.ok ? 'bank' : bankYoung.code).toBe('tooYoung');
		const organiser = await t.db
			.selectFrom('app_user')
			.select('id')
			.where('role', '=', 'organiser')
			.executeTakeFirstOrThrow();
		expect(outcome(await registerAt(organiser.id, roundId, drawn().body))).toBe('notCandidate');
		expect(await storedAttempts(young, roundId)).toEqual([]);
	});

	it('refuses duplicate questions, too many questions, and a cell over its count; takes a paper of the wrong ones only', async () => {
		const roundId = await practice({});
		const userId = await newCandidate();
		const { paper } = drawn();
		const total = blueprint.reduce((n, c) => n + c.count, 0);
		expect(paper.questions).toHaveLength(total);

		// One question 200 times: 200 × its text, the paper the review found.
		const same = { seed: paper.seed, questions: Array.from({ length: 200 }, () => paper.questions[0]) };
		expect(outcome(await registerAt(userId, roundId, bodyOf(same, NOW)))).toBe('paperNotByBlueprint');
		// The blueprint's number of questions, but one of them twice.
		const twice = {
			seed: paper.seed,
			questions: [...paper.questions.slice(0, total - 1), paper.questions[0]]
		};
		expect(outcome(await registerAt(userId, roundId, bodyOf(twice, NOW)))).toBe('paperNotByBlueprint');
		// Every question of the public bank: more than the blueprint gives.
		const everything = drawPaper({
			bank,
			blueprint: [...new Set(bank.map((q) => JSON.stringify([q.topic, q.difficulty])))].map((k) => {
				const [topic, difficulty] = JSON.parse(k) as [string, number];
				return {
					topic,
					difficulty,
					count: bank.filter((q) => q.topic === topic && q.difficulty === difficulty).length
				};
			}),
			seed: paper.seed
		});
		expect(everything.questions.length).toBeGreaterThan(total);
		expect(outcome(await registerAt(userId, roundId, bodyOf(everything, NOW)))).toBe('paperNotByBlueprint');
		// The blueprint's number of questions, but one cell has one more than it gives (and another one fewer).
		const onPaper = new Set(paper.questions.map((q) => q.id));
		const spare = bank.find((q) => !onPaper.has(q.id))!;
		const spareOnPaper = everything.questions.find((q) => q.id === spare.id)!;
		const other = paper.questions.find((q) => q.topic !== spare.topic || q.difficulty !== spare.difficulty)!;
		const skewed = {
			seed: paper.seed,
			questions: [...paper.questions.filter((q) => q.id !== other.id), spareOnPaper]
		};
		expect(skewed.questions).toHaveLength(total);
		expect(outcome(await registerAt(userId, roundId, bodyOf(skewed, NOW)))).toBe('paperNotByBlueprint');
		expect(await storedAttempts(userId, roundId)).toEqual([]);

		// "Chỉ làm lại các câu sai": some questions of a drawn paper, reshuffled, is a paper the device
		// makes (practice.ts, retryPractice), fewer than the blueprint gives in each cell.
		const wrongOnes = { seed: paper.seed, questions: paper.questions.slice(0, 5).reverse() };
		expect(outcome(await registerAt(userId, roundId, bodyOf(wrongOnes, NOW)))).toBe('recorded');
		expect(outcome(await registerAt(userId, roundId, drawn().body))).toBe('recorded');
		expect(await storedAttempts(userId, roundId)).toHaveLength(2);
	});
});

describe('a burst of registrations at once', () => {
	const LIMIT = 3;
	const BURST = 20;

	it(`${BURST} different papers at once in a round allowing ${LIMIT} leave exactly ${LIMIT}`, async () => {
		const roundId = await practice({ maxAttempts: LIMIT });
		const userId = await newCandidate();
		const results = await Promise.all(
			Array.from({ length: BURST }, () => registerAt(userId, roundId, drawn().body))
		);
		const recorded = results.filter((r) => r.ok);
		expect(recorded).toHaveLength(LIMIT);
		expect(results.filter((r) => !r.ok).map(outcome)).toEqual(Array(BURST - LIMIT).fill('noAttemptsLeft'));
		expect((await storedAttempts(userId, roundId)).sort()).toEqual(
			recorded.map((r) => r.ok && r.attemptId).sort()
		);
	});

	it(`device papers and server-drawn starts at once share one count: exactly ${LIMIT}`, async () => {
		const roundId = await practice({ perWeek: LIMIT });
		const userId = await newCandidate();
		const results = await Promise.all(
			Array.from({ length: BURST }, (_, i) =>
				i % 2 === 0
					? registerAt(userId, roundId, drawn().body)
					: startAttempt(t.db, secret, { userId, roundId, deviceId: `d${i}` }, NOW)
			)
		);
		expect(await storedAttempts(userId, roundId)).toHaveLength(LIMIT);
		expect(results.every((r) => r.ok || r.code === 'noAttemptsLeft')).toBe(true);
	});

	it('the same paper sent ten times at once is one attempt, and every answer is its token', async () => {
		const roundId = await practice({ maxAttempts: 1 });
		const userId = await newCandidate();
		const body = drawn().body;
		const results = await Promise.all(Array.from({ length: 10 }, () => registerAt(userId, roundId, body)));
		expect(results.every((r) => r.ok && r.attemptId === body.attemptId)).toBe(true);
		expect(results.filter((r) => r.ok && !r.resumed)).toHaveLength(1);
		expect(await storedAttempts(userId, roundId)).toEqual([body.attemptId]);
	});
});

describe('what a candidate’s attempt lists return stays bounded', () => {
	const MADE = 30;
	const SHOWN = 20;

	it(`${MADE} practice attempts: the count is ${MADE}, the lists hold the latest ${SHOWN}, the best is over all`, async () => {
		const userId = await newCandidate();
		const ids: string[] = [];
		for (let i = 0; i < MADE; i++) {
			const { paper, body } = drawn();
			const at = NOW + i * 1000;
			const r = await registerAt(userId, 'practice', { ...body, startedAt: at }, at);
			if (!r.ok) throw new Error(JSON.stringify(r));
			ids.push(r.attemptId);
			// Only the oldest attempt has an answer, and it is right: the best lies outside the latest.
			let lastSeq = 0;
			if (i === 0) {
				const q = paper.questions[0];
				const e = await chainEvent(r.attemptId, {
					seq: 1,
					questionId: q.id,
					choice: q.correct[0],
					at,
					elapsedMs: 100
				});
				const stored = await ingestBatch(t.db, r.attemptId, { deviceId: r.deviceId, events: [e] }, at + 100);
				expect(stored.ok && stored.acked).toBe(1);
				lastSeq = 1;
			}
			const closed = await submitAttempt(
				t.db,
				secret,
				r.attemptId,
				{ deviceId: r.deviceId, lastSeq, reason: 'candidate' },
				at + 500
			);
			expect(closed.ok).toBe(true);
		}
		const latest = ids.slice(-SHOWN).reverse();

		const overview = await candidateOverview(t.db, userId, NOW + MADE * 1000);
		const round = overview.rounds.find((r) => r.id === 'practice')!;
		expect(round.attemptCount).toBe(MADE);
		expect(round.history.map((a) => a.id)).toEqual(latest);
		expect(round.best?.score).toBe(1);

		const history = await attemptHistory(t.db, secret, userId, NOW + MADE * 1000);
		const mine = history.find((r) => r.id === 'practice')!;
		expect(mine.attemptCount).toBe(MADE);
		expect(mine.attempts.map((a) => a.id)).toEqual(latest);
		expect(mine.best?.score).toBe(1);
	});
});

describe('what one account may open in an hour, whatever the round allows', () => {
	it(`${ATTEMPTS_PER_HOUR} attempts an hour in a practice round without limits; the next says when to retry`, async () => {
		const userId = await newCandidate();
		const roundId = await practice({});
		const at = (i: number) => NOW + i * 1000;
		for (let i = 0; i < ATTEMPTS_PER_HOUR; i++) {
			const r = await registerAt(userId, roundId, drawn().body, at(i));
			expect(outcome(r)).toBe('recorded');
		}
		const next = at(ATTEMPTS_PER_HOUR);
		const refused = await registerAt(userId, roundId, drawn().body, next);
		// The first of the hour (made at NOW) leaves the hour at NOW + 1 h.
		expect(refused).toEqual({
			ok: false,
			code: 'tooManyAttempts',
			params: { retryAfterMs: NOW + 3600_000 - next }
		});
		// A start the server draws resumes one of them (they run): nothing new is stored.
		const server = await startAttempt(t.db, secret, { userId, roundId }, next);
		expect(server.ok && server.resumed).toBe(true);
		expect(await storedAttempts(userId, roundId)).toHaveLength(ATTEMPTS_PER_HOUR);
		// Once it has left the hour, one more.
		const later = await registerAt(userId, roundId, drawn().body, NOW + 3600_000);
		expect(outcome(later)).toBe('recorded');
	});
});

describe('a graded attempt’s id sent as a device’s practice paper', () => {
	it('gives back no paper, no key and no token, under the practice round or its own', async () => {
		const userId = await newCandidate();
		const graded = await startAttempt(t.db, secret, { userId, roundId: 'qualifying' }, NOW);
		if (!graded.ok) throw new Error(JSON.stringify(graded));
		// What the start handed out carries no key.
		expect(JSON.stringify(graded.paper)).not.toContain('"correct"');
		const body = { ...drawn().body, attemptId: graded.attemptId };
		expect(await registerAt(userId, 'qualifying', body)).toEqual({ ok: false, code: 'notPractice' });
		expect(await registerAt(userId, 'practice', body)).toEqual({ ok: false, code: 'attemptIdTaken' });
		// Nothing stored, nothing changed.
		expect(await storedAttempts(userId, 'practice')).toEqual([]);
		expect(await storedAttempts(userId, 'qualifying')).toEqual([graded.attemptId]);
	});

	it('a home token is refused on a venue attempt of its own candidate', async () => {
		const userId = await newCandidate();
		const graded = await startAttempt(t.db, secret, { userId, roundId: 'qualifying' }, NOW);
		if (!graded.ok) throw new Error(JSON.stringify(graded));
		await t.db.updateTable('attempt').set({ mode: 'venue' }).where('id', '=', graded.attemptId).execute();
		const q = graded.paper.questions[0];
		const e = await chainEvent(graded.attemptId, {
			seq: 1,
			questionId: q.id,
			choice: q.options[0].id,
			at: NOW + 100,
			elapsedMs: 100
		});
		const claims = {
			kind: 'attempt' as const,
			attemptId: graded.attemptId,
			userId,
			deviceId: graded.deviceId
		};
		const refused = await ingestBatch(
			t.db,
			graded.attemptId,
			{ deviceId: graded.deviceId, events: [e] },
			NOW + 200,
			postRights(claims, graded.attemptId)
		);
		expect(refused).toEqual({ ok: false, code: 'attemptNotFound' });
		const held = await t.db
			.selectFrom('answer_event')
			.select('seq')
			.where('attempt_id', '=', graded.attemptId)
			.execute();
		expect(held).toEqual([]);
	});
});
