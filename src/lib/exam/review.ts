// A practice paper's review: what it calls each question, and what "retry" draws again. A
// question left blank is not "wrong": the review says it was not answered, and the retry
// button says which of the two it brings back.
import type { Grade, QuestionOutcome } from './scoring';

export type ReviewMark = 'correct' | 'wrong' | 'unanswered';

/** The review's mark for a question (a voided one, which a paper on the device never has, reads as wrong). */
export function reviewMark(outcome: QuestionOutcome): ReviewMark {
	return outcome === 'correct' || outcome === 'unanswered' ? outcome : 'wrong';
}

/**
 * What a retry of the questions not answered right draws (in paper order), and what its
 * button calls them: 'wrong' when every one was answered, 'unanswered' when none was,
 * 'both' otherwise. Null when every question was answered right.
 */
export function retryOffer(
	grade: Grade
): { questionIds: string[]; kind: 'wrong' | 'unanswered' | 'both' } | null {
	const marked = grade.questions.map((q) => ({ id: q.questionId, mark: reviewMark(q.outcome) }));
	const again = marked.filter((q) => q.mark !== 'correct');
	if (again.length === 0) return null;
	const blank = again.filter((q) => q.mark === 'unanswered').length;
	return {
		questionIds: again.map((q) => q.id),
		kind: blank === 0 ? 'wrong' : blank === again.length ? 'unanswered' : 'both'
	};
}
