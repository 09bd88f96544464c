// Grading one paper. The practice screen and the server call this same function.

import type { Answers } from './merge';

export interface KeyedQuestion {
	id: string;
	/** The option ids that are right; choosing any one of them is correct. */
	correct: readonly string[];
	/** Points for a correct answer; 1 unless the round says otherwise. */
	points?: number;
}

export type QuestionOutcome = 'correct' | 'wrong' | 'unanswered' | 'voided';

export interface QuestionResult {
	questionId: string;
	/** The answer that counted, or null; kept for voided questions so the review can show it. */
	choice: string | number | null;
	outcome: QuestionOutcome;
	points: number;
}

export interface Grade {
	score: number;
	max: number;
	/** Counts of non-voided questions. */
	correct: number;
	answered: number;
	questions: QuestionResult[];
}

function outcomeOf(q: KeyedQuestion, choice: string | number | null, voided: boolean): QuestionOutcome {
	if (voided) return 'voided';
	if (choice === null) return 'unanswered';
	return typeof choice === 'string' && q.correct.includes(choice) ? 'correct' : 'wrong';
}

/**
 * Grades `answers` (from `mergeAnswers`) against the paper's key, in paper order. A voided
 * question is taken out of both the score and the maximum, so a score only ever counts
 * questions that had a right answer, and no one is given a point they did not earn. Papers
 * are drawn per candidate, so a voided question may be on some papers only: compare
 * score / max across such papers. Answers to questions not on the paper (the tie-break among
 * them) are ignored.
 */
export function gradePaper(
	questions: readonly KeyedQuestion[],
	answers: Answers,
	voided: ReadonlySet<string> = new Set()
): Grade {
	const grade: Grade = { score: 0, max: 0, correct: 0, answered: 0, questions: [] };
	for (const q of questions) {
		const choice = answers.get(q.id) ?? null;
		const outcome = outcomeOf(q, choice, voided.has(q.id));
		const worth = q.points ?? 1;
		const points = outcome === 'correct' ? worth : 0;
		grade.questions.push({ questionId: q.id, choice, outcome, points });
		if (outcome === 'voided') continue;
		grade.max += worth;
		grade.score += points;
		if (outcome === 'correct') grade.correct += 1;
		if (outcome !== 'unanswered') grade.answered += 1;
	}
	return grade;
}
