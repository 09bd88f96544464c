import { describe, expect, it } from 'vitest';
import { readQuestionForm, readRoundForm, roundFormValues, roundProblemText } from './forms';
import { draftProblems } from './model';
import { roundDefaults, roundInput } from '../rounds';
import { messages } from '$lib/i18n';

/** The question form as the browser sends it: four option slots, as the page starts. */
function questionForm(options: string[], correct = 0, pinned: number[] = []): FormData {
	const form = new FormData();
	form.set('text', 'Chính quyền số là chính quyền điện tử ở mức cao hơn?');
	form.set('topicId', 'cuoc-thi');
	form.set('poolId', 'public');
	form.set('difficulty', '1');
	form.append('correct', String(correct));
	for (const text of options) {
		form.append('optionId', '');
		form.append('optionText', text);
	}
	for (const i of pinned) form.append('pinned', String(i));
	return form;
}

describe('readQuestionForm', () => {
	it('reads a true/false question from the four slots: the empty C and D are not options', () => {
		const read = readQuestionForm(questionForm(['Đúng', 'Sai', '', '']))!;
		expect(read.input.draft.options.map((o) => o.text)).toEqual(['Đúng', 'Sai']);
		expect(read.input.optionIds).toHaveLength(2);
		expect(draftProblems(read.input.draft)).toEqual([]);
		expect(read.values.options).toHaveLength(2);
		expect(read.values.emptyOptions).toEqual([]);
	});

	it('reads three options of four, with a pinned last one', () => {
		const read = readQuestionForm(questionForm(['Có', 'Không', 'Tất cả các đáp án trên', '  '], 1, [2]))!;
		expect(read.input.draft.options).toEqual([
			{ text: 'Có', pinned: false },
			{ text: 'Không', pinned: false },
			{ text: 'Tất cả các đáp án trên', pinned: true }
		]);
		expect(draftProblems(read.input.draft)).toEqual([]);
	});

	it('refuses an empty option with a filled one after it, and names it for the page', () => {
		const read = readQuestionForm(questionForm(['Đúng', '', 'Sai', '']))!;
		expect(read.input.draft.options.map((o) => o.text)).toEqual(['Đúng', '', 'Sai']);
		expect(draftProblems(read.input.draft)).toEqual([{ code: 'emptyOption', params: { letter: 'B' } }]);
		expect(read.values.emptyOptions).toEqual([1]);
	});

	it('marks for the page an option of only a zero-width space, as the bank refuses it', () => {
		const read = readQuestionForm(questionForm(['Đúng', '\u200b', 'Sai', '\u00ad']))!;
		expect(draftProblems(read.input.draft)).toEqual([{ code: 'emptyOption', params: { letter: 'B' } }]);
		expect(read.values.emptyOptions).toEqual([1]);
		expect(read.input.draft.options).toHaveLength(3);
	});

	it('keeps an empty slot marked correct, or needed for two options, so the refusal names it', () => {
		const marked = readQuestionForm(questionForm(['Đúng', 'Sai', '', ''], 2))!;
		expect(draftProblems(marked.input.draft)).toEqual([{ code: 'emptyOption', params: { letter: 'C' } }]);
		expect(marked.values.emptyOptions).toEqual([2]);
		const single = readQuestionForm(questionForm(['Đúng', '', '', '']))!;
		expect(draftProblems(single.input.draft)).toEqual([{ code: 'emptyOption', params: { letter: 'B' } }]);
		expect(single.values.emptyOptions).toEqual([1]);
	});

	it('says an empty option is empty, in both languages, and nothing about later options', () => {
		expect(messages('vi').bank.problems.emptyOption).toBe('Phương án {letter} để trống.');
		expect(messages('en').bank.problems.emptyOption).toBe('Option {letter} is empty.');
	});
});

describe('roundProblemText', () => {
	const fields = [
		...Object.keys(roundInput.shape),
		...Object.keys(roundFormValues(roundDefaults('qualifying', 16, Date.UTC(2030, 0, 1))))
	];

	it('names every field of the round schema and of the form by its label, never by its code', () => {
		for (const locale of ['vi', 'en'] as const) {
			for (const field of new Set(fields)) {
				const [text] = roundProblemText(locale, [], [field]);
				expect(text, `${locale} ${field}`).not.toMatch(new RegExp(`: ${field}\\.$`));
				expect(text, `${locale} ${field}`).not.toMatch(/[{}]/);
			}
		}
	});

	it('names the grace period as the form does', () => {
		expect(roundProblemText('vi', [], ['graceS'])).toEqual([
			'Giá trị số không hợp lệ: Thời gian chờ cho người đến muộn / gửi chậm.'
		]);
		expect(roundProblemText('en', [], ['graceS'])).toEqual([
			'Not a valid number: Grace period for late arrivals / late sending.'
		]);
	});

	it('reads a grace period that is not a whole number as a refusal naming it', () => {
		const form = new FormData();
		form.set('graceS', '1.5');
		const read = readRoundForm(form);
		expect(read.bad).toContain('graceS');
		expect(roundProblemText('vi', [], read.bad).join(' ')).not.toContain('graceS');
	});
});
