import { describe, expect, it } from 'vitest';
import { readChoice, readKey, readOptions, readPaper, StoredDataError } from './stored';

const paper = {
	seed: 's',
	questions: [
		{
			id: 'q1',
			version: 1,
			topic: 't',
			difficulty: 1,
			text: 'Câu hỏi?',
			options: [
				{ id: 'a', text: 'Có' },
				{ id: 'b', text: 'Không', pinned: true }
			],
			correct: ['a']
		}
	]
};

describe('stored JSON', () => {
	it('reads what the server writes', () => {
		expect(readPaper(JSON.stringify(paper))).toEqual(paper);
		expect(readOptions(JSON.stringify(paper.questions[0].options))).toEqual(paper.questions[0].options);
		expect(readKey('["a","c"]')).toEqual(['a', 'c']);
		expect(readChoice('"a"')).toBe('a');
		expect(readChoice('1234')).toBe(1234);
		expect(readChoice('null')).toBeNull();
		expect(readChoice(null)).toBeNull();
	});

	it('refuses a damaged value, naming what it is', () => {
		const broken = { ...paper, questions: [{ ...paper.questions[0], correct: 'a' }] };
		expect(() => readPaper(JSON.stringify(broken))).toThrow(StoredDataError);
		expect(() => readPaper('{"seed":')).toThrow(/paper/);
		expect(() => readKey('[1]')).toThrow(/answer key/);
		expect(() => readChoice('{"id":"a"}')).toThrow(/choice/);
		expect(() => readOptions('[{"id":"a"}]')).toThrow(/options/);
	});
});
