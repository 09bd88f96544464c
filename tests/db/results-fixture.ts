// A small round for the results tests: six questions that every paper has (in its own
// order), candidates placed in units, and attempts taken through the real start, sync and
// submit functions with chosen right and wrong answers.
import { randomBytes, randomUUID } from 'node:crypto';
import type { Db } from '../../src/lib/server/db';
import { ingestBatch, startAttempt, submitAttempt, type StartedAttempt } from '../../src/lib/server/attempts';
import { chainEvent, TIEBREAK_ID, type AnswerEvent } from '../../src/lib/exam/events';
import type { Paper } from '../../src/lib/exam/paper';

export const QUESTIONS = ['q1', 'q2', 'q3', 'q4', 'q5', 'q6'];
export const TRUTH = 100;
export const secret = randomBytes(32);

export async function createRound(db: Db, now: number, roundId = 'r-res'): Promise<string> {
	await db
		.insertInto('topic')
		.values({ id: 't-res', name: 'Chủ đề kiểm thử' })
		.onConflict((oc) => oc.column('id').doNothing())
		.execute();
	await db
		.insertInto('pool')
		.values({ id: 'p-res', name: 'Ngân hàng kiểm thử', visibility: 'secret', published: 0 })
		.onConflict((oc) => oc.column('id').doNothing())
		.execute();
	for (const q of QUESTIONS) {
		const exists = await db.selectFrom('question').select('id').where('id', '=', q).executeTakeFirst();
		if (exists) continue;
		await db
			.insertInto('question')
			.values({
				id: q,
				pool_id: 'p-res',
				topic_id: 't-res',
				difficulty: 1,
				status: 'active',
				version: 1,
				created_at: now,
				updated_at: now
			})
			.execute();
		const options = ['a', 'b', 'c', 'd'].map((l) => ({
			id: `${q}-${l}`,
			text: `Phương án ${l.toUpperCase()} của câu ${q}`
		}));
		await db
			.insertInto('question_version')
			.values({
				question_id: q,
				version: 1,
				text: `Câu hỏi ${q}: điều gì đúng?`,
				options: JSON.stringify(options),
				correct: JSON.stringify([`${q}-a`]),
				explanation: '',
				reference: '',
				created_at: now
			})
			.execute();
	}
	await db
		.insertInto('round')
		.values({
			id: roundId,
			contest_id: 'demo',
			kind: 'qualifying',
			name: 'Vòng loại kiểm thử',
			opens_at: now - 3600_000,
			closes_at: now + 3600_000,
			question_count: QUESTIONS.length,
			duration_s: 1500,
			grace_s: 120,
			min_age: 12,
			max_attempts: null,
			max_attempts_per_week: null,
			review_after: 0,
			settings: JSON.stringify({
				blueprint: [{ topic: 't-res', difficulty: 1, count: QUESTIONS.length }],
				poolIds: ['p-res'],
				tiebreak: { prompt: 'Bao nhiêu?', truth: TRUTH }
			}),
			finalised_at: null
		})
		.execute();
	return roundId;
}

let counter = 0;

export interface Person {
	id: string;
	name: string;
	nationalId: string;
	phone: string;
	birthDate: string;
}

export async function candidate(db: Db, name: string, unitId: string, publishName = true): Promise<Person> {
	counter += 1;
	const n = String(counter).padStart(4, '0');
	// Ids in creation order: candidates with equal merit are listed by id, so tests can say the order.
	const p = {
		id: `c-${n}-${randomUUID().slice(0, 4)}`,
		name,
		nationalId: `0820910${n}${'5'}`,
		phone: `0971${n}123`.slice(0, 10),
		birthDate: `1991-0${(counter % 9) + 1}-1${counter % 10}`
	};
	p.nationalId = p.nationalId.slice(0, 12);
	await db
		.insertInto('app_user')
		.values({
			id: p.id,
			role: 'candidate',
			full_name: name,
			national_id: p.nationalId,
			phone: p.phone,
			email: null,
			password_hash: 'x',
			created_at: 0,
			disabled: 0
		})
		.execute();
	await db
		.insertInto('candidate_profile')
		.values({
			user_id: p.id,
			birth_date: p.birthDate,
			gender: 'male',
			address: 'Tiền Giang',
			unit_id: unitId,
			guardian_name: null,
			guardian_phone: null,
			guardian_consent: 0,
			publish_name: publishName ? 1 : 0
		})
		.execute();
	return p;
}

/**
 * Takes an attempt: every question answered with its option "a" (the key) except those in
 * `wrong` (answered "b") and `skip` (left blank); submitted `usedS` seconds after `at`.
 */
export async function takeAttempt(
	db: Db,
	roundId: string,
	userId: string,
	o: { at: number; usedS: number; wrong?: string[]; skip?: string[]; tiebreak?: number | null }
): Promise<string> {
	const started = await startAttempt(db, secret, { userId, roundId }, o.at);
	if (!started.ok) throw new Error(JSON.stringify(started));
	// The paper's option ids are its own: the bank's "a" is found through the stored paper.
	const stored = await db
		.selectFrom('attempt_paper')
		.select('paper')
		.where('attempt_id', '=', started.attemptId)
		.executeTakeFirstOrThrow();
	const paper = JSON.parse(stored.paper) as Paper;
	const option = (q: Paper['questions'][number], id: string) => q.options.find((x) => x.source === id)!.id;
	const events: AnswerEvent[] = [];
	let prev = started.attemptId;
	let seq = 0;
	const answers: [string, string | number][] = [];
	for (const q of paper.questions) {
		if (o.skip?.includes(q.id)) continue;
		answers.push([q.id, option(q, `${q.id}-${o.wrong?.includes(q.id) ? 'b' : 'a'}`)]);
	}
	if (o.tiebreak !== undefined && o.tiebreak !== null) answers.push([TIEBREAK_ID, o.tiebreak]);
	for (const [questionId, choice] of answers) {
		seq += 1;
		const e = await chainEvent(prev, {
			seq,
			questionId,
			choice,
			at: o.at + seq * 1000,
			elapsedMs: seq * 1000
		});
		events.push(e);
		prev = e.hash;
	}
	const ingested = await ingestBatch(db, started.attemptId, { deviceId: 'dev-1', events }, o.at + seq * 1000);
	if (!ingested.ok) throw new Error(JSON.stringify(ingested));
	const submitted = await submitAttempt(
		db,
		secret,
		started.attemptId,
		{ deviceId: 'dev-1', lastSeq: seq, reason: 'candidate' },
		o.at + o.usedS * 1000
	);
	if (!submitted.ok) throw new Error(JSON.stringify(submitted));
	return started.attemptId;
}

/** The demo qualifying round started at home by `userId` at `now`, and the paper it drew (with its key). */
export async function startedAtHome(db: Db, userId: string, now: number) {
	const started = (await startAttempt(db, secret, { userId, roundId: 'qualifying' }, now)) as StartedAttempt;
	if (!started.ok) throw new Error(`not started: ${JSON.stringify(started)}`);
	const stored = await db
		.selectFrom('attempt_paper')
		.select('paper')
		.where('attempt_id', '=', started.attemptId)
		.executeTakeFirstOrThrow();
	return { started, paper: JSON.parse(stored.paper) as Paper };
}
