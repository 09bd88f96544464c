import { describe, expect, it } from 'vitest';
import { retryOffer, reviewMark } from './review';
import { gradePaper, type KeyedQuestion } from './scoring';

// Five questions, keyed a to e in turn.
const paper: KeyedQuestion[] = ['a', 'b', 'c', 'd', 'e'].map((k, i) => ({ id: `q${i + 1}`, correct: [k] }));
const grade = (answers: Record<string, string>) => gradePaper(paper, new Map(Object.entries(answers)));

describe('reviewMark', () => {
	it('calls a question left blank unanswered, not wrong', () => {
		expect(reviewMark('unanswered')).toBe('unanswered');
		expect(reviewMark('wrong')).toBe('wrong');
		expect(reviewMark('correct')).toBe('correct');
	});
});

describe('retryOffer', () => {
	it('brings back the wrong and the unanswered, in paper order, and says both', () => {
		// q1 right, q2 wrong, q3 and q5 blank, q4 wrong.
		expect(retryOffer(grade({ q1: 'a', q2: 'a', q4: 'a' }))).toEqual({
			questionIds: ['q2', 'q3', 'q4', 'q5'],
			kind: 'both'
		});
	});
	it('says wrong when every question was answered, unanswered when none was', () => {
		expect(retryOffer(grade({ q1: 'a', q2: 'b', q3: 'a', q4: 'd', q5: 'a' }))).toEqual({
			questionIds: ['q3', 'q5'],
			kind: 'wrong'
		});
		expect(retryOffer(grade({}))).toEqual({
			questionIds: ['q1', 'q2', 'q3', 'q4', 'q5'],
			kind: 'unanswered'
		});
		// Two right, three blank: only blanks come back.
		expect(retryOffer(grade({ q1: 'a', q2: 'b' }))).toEqual({
			questionIds: ['q3', 'q4', 'q5'],
			kind: 'unanswered'
		});
	});
	it('offers nothing when every answer was right', () => {
		expect(retryOffer(grade({ q1: 'a', q2: 'b', q3: 'c', q4: 'd', q5: 'e' }))).toBeNull();
	});
});
