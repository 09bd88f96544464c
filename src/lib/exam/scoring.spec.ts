import { describe, expect, it } from 'vitest';
import { TIEBREAK_ID } from './events';
import { gradePaper, type KeyedQuestion } from './scoring';

const paper: KeyedQuestion[] = [
	{ id: 'q1', correct: ['a'] },
	{ id: 'q2', correct: ['b'] },
	{ id: 'q3', correct: ['c', 'd'] }, // either is right
	{ id: 'q4', correct: ['a'] },
	{ id: 'q5', correct: ['b'], points: 2 }
];

const answers = new Map<string, string | number>([
	['q1', 'a'], // correct
	['q2', 'c'], // wrong
	['q3', 'd'], // correct (second of two right options)
	// q4 unanswered
	['q5', 'b'], // correct, worth 2
	[TIEBREAK_ID, 1234],
	['not-on-paper', 'a']
]);

describe('gradePaper', () => {
	it('counts score, max, correct and answered', () => {
		const g = gradePaper(paper, answers);
		expect({ score: g.score, max: g.max, correct: g.correct, answered: g.answered }).toEqual({
			score: 4,
			max: 6,
			correct: 3,
			answered: 4
		});
	});

	it('gives a result per question, in paper order', () => {
		expect(gradePaper(paper, answers).questions).toEqual([
			{ questionId: 'q1', choice: 'a', outcome: 'correct', points: 1 },
			{ questionId: 'q2', choice: 'c', outcome: 'wrong', points: 0 },
			{ questionId: 'q3', choice: 'd', outcome: 'correct', points: 1 },
			{ questionId: 'q4', choice: null, outcome: 'unanswered', points: 0 },
			{ questionId: 'q5', choice: 'b', outcome: 'correct', points: 2 }
		]);
	});

	it('accepts any one of several correct options', () => {
		expect(gradePaper(paper, new Map([['q3', 'c']])).correct).toBe(1);
		expect(gradePaper(paper, new Map([['q3', 'd']])).correct).toBe(1);
		expect(gradePaper(paper, new Map([['q3', 'a']])).correct).toBe(0);
	});

	it('removes a voided question from both score and max', () => {
		const g = gradePaper(paper, answers, new Set(['q1', 'q2']));
		expect({ score: g.score, max: g.max, correct: g.correct, answered: g.answered }).toEqual({
			score: 3,
			max: 4,
			correct: 2,
			answered: 2
		});
		expect(g.questions[0]).toEqual({ questionId: 'q1', choice: 'a', outcome: 'voided', points: 0 });
	});

	it('gives everyone the same max for a voided question, answered or not', () => {
		const voided = new Set(['q4']);
		const skipped = gradePaper(paper, new Map(), voided);
		const answered = gradePaper(paper, new Map([['q4', 'a']]), voided);
		expect(skipped.max).toBe(answered.max);
		expect(answered.score).toBe(skipped.score);
	});

	it('counts a number given to an ordinary question as wrong', () => {
		const g = gradePaper(paper, new Map([['q1', 1]]));
		expect(g.questions[0].outcome).toBe('wrong');
		expect(g.answered).toBe(1);
	});

	it('grades an empty answer sheet as zero', () => {
		const g = gradePaper(paper, new Map());
		expect([g.score, g.max, g.correct, g.answered]).toEqual([0, 6, 0, 0]);
	});
});
