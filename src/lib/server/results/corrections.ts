// Corrections to questions found wrong (voided, or graded against a corrected key), applied
// every time an attempt of the round is graded; and the per-question outcomes each grading
// leaves behind, so statistics over 100,000 attempts never re-read papers and answer logs.
import type { Db } from '../db';
import type { Attempt } from '../db/tables-exam';
import { compareText } from '$lib/exam/compare';
import { gradePaper, type Grade, type KeyedQuestion } from '$lib/exam/scoring';
import type { Answers } from '$lib/exam/merge';
import { bankOptionId, paperOptionIds } from '$lib/exam/paper';
import { readKey } from '../db/stored';
import { runWrite } from '../attempts/hot-sql';

export interface Corrections {
	voided: ReadonlySet<string>;
	/** Question id → the option ids accepted instead of the paper's key. */
	keys: ReadonlyMap<string, readonly string[]>;
}

export const NO_CORRECTIONS: Corrections = { voided: new Set(), keys: new Map() };

export async function loadCorrections(db: Db, roundId: string): Promise<Corrections> {
	const rows = await db
		.selectFrom('question_correction')
		.select(['question_id', 'kind', 'correct'])
		.where('round_id', '=', roundId)
		.execute();
	const voided = new Set<string>();
	const keys = new Map<string, string[]>();
	for (const r of rows) {
		if (r.kind === 'void') voided.add(r.question_id);
		else if (r.correct) keys.set(r.question_id, readKey(r.correct));
	}
	return { voided, keys };
}

/** The paper's questions with corrected keys in place of the snapshot's. */
export function withCorrectedKeys<
	Q extends KeyedQuestion & { options?: readonly { id: string; source?: string }[] }
>(questions: readonly Q[], c: Corrections): Q[] {
	if (c.keys.size === 0) return [...questions];
	return questions.map((q) => {
		// A correction names the bank's option ids; a paper has its own (paper.ts optionAlias).
		const key = c.keys.get(q.id);
		return key ? { ...q, correct: q.options ? paperOptionIds({ options: q.options }, key) : [...key] } : q;
	});
}

interface PaperQuestion extends KeyedQuestion {
	options: readonly { id: string }[];
}

/**
 * A question's options in a fixed order, independent of the paper's shuffle: sorted by the
 * bank's id.
 * The statistics name a choice by its letter in this order ('a' for the first).
 */
export function canonicalOptionIds(options: readonly { id: string; source?: string }[]): string[] {
	return [...options].sort((a, b) => compareText(bankOptionId(a), bankOptionId(b))).map((o) => o.id);
}

/**
 * One code per question: the chosen option's canonical letter, upper case when it was
 * right; '-' when unanswered; '?' for a choice that is not one of the options. Voided
 * questions keep the letter in lower case (they are neither right nor wrong).
 */
export function encodeOutcomes(questions: readonly PaperQuestion[], grade: Grade): string {
	const byId = new Map(grade.questions.map((r) => [r.questionId, r]));
	const codes: Record<string, string> = {};
	for (const q of questions) {
		const r = byId.get(q.id);
		if (!r) continue;
		if (r.choice === null) {
			codes[q.id] = '-';
			continue;
		}
		const index = typeof r.choice === 'string' ? canonicalOptionIds(q.options).indexOf(r.choice) : -1;
		if (index < 0 || index > 25) {
			codes[q.id] = '?';
			continue;
		}
		const letter = String.fromCharCode(97 + index);
		codes[q.id] = r.outcome === 'correct' ? letter.toUpperCase() : letter;
	}
	return JSON.stringify(codes);
}

export type OutcomeCodes = Record<string, string>;

export function decodeOutcomes(text: string): OutcomeCodes {
	return JSON.parse(text) as OutcomeCodes;
}

/**
 * Grades an attempt's merged answers with the round's corrections (loadCorrections) and
 * records the outcome of every question. Called by gradeAttempt (attempts/grade.ts) inside its
 * transaction, so the score and the outcomes are always written together.
 */
export async function gradeWithCorrections(
	tx: Db,
	attempt: Pick<Attempt, 'id' | 'round_id'>,
	questions: readonly PaperQuestion[],
	answers: Answers,
	corrections: Corrections
): Promise<Grade> {
	const grade = gradePaper(withCorrectedKeys(questions, corrections), answers, corrections.voided);
	const outcomes = encodeOutcomes(questions, grade);
	await runWrite(
		tx,
		`INSERT INTO attempt_outcome (attempt_id, round_id, outcomes) VALUES (?, ?, ?)
 ON CONFLICT (attempt_id) DO UPDATE SET outcomes = excluded.outcomes`,
		[attempt.id, attempt.round_id, outcomes]
	);
	return grade;
}
