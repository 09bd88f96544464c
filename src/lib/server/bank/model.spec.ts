// Invisible characters in a question's text, the one rule the editor and every import share:
// what a paste carries by accident is dropped, what reorders or hides text is refused by field.
import { describe, expect, it } from 'vitest';
import { clean, draftProblems, fingerprint, fingerprintText, type QuestionDraft } from './model';
import { hidesText } from '$lib/exam/names';
import { describeProblem } from '$lib/bank-text';
import { messages } from '$lib/i18n';

const draft = (options: string[], more: Partial<QuestionDraft> = {}): QuestionDraft => ({
	text: 'Tỉnh nào có thành phố Mỹ Tho?',
	options: options.map((text) => ({ text, pinned: false })),
	correct: [0],
	explanation: '',
	reference: '',
	...more
});
/** draftProblems of the draft as questions.ts and analyse.ts give it: cleaned first. */
const problemsOf = (d: QuestionDraft) =>
	draftProblems({
		...d,
		text: clean(d.text),
		options: d.options.map((o) => ({ ...o, text: clean(o.text) })),
		explanation: clean(d.explanation),
		reference: clean(d.reference)
	});

/** Each dropped by clean, by name: zero-width space, non-joiner, joiner, word joiner, BOM, soft hyphen, VS16. */
const PASTED = ['\u200b', '\u200c', '\u200d', '\u2060', '\ufeff', '\u00ad', '\ufe0f'];

describe('clean', () => {
	it('drops what a paste from Word or Zalo carries', () => {
		expect(clean('Ti\u200bền Gi\u00adang')).toBe('Tiền Giang');
		expect(clean('\ufeffĐúng\u2060')).toBe('Đúng');
		expect(clean('Sai\u200c\u200d')).toBe('Sai');
		expect(clean('👍\ufe0f Đúng')).toBe('👍 Đúng');
	});

	it('writes every line break as \\n and keeps it', () => {
		expect(clean('Dòng một\r\nDòng hai\u000bDòng ba\u2028Dòng bốn')).toBe(
			'Dòng một\nDòng hai\nDòng ba\nDòng bốn'
		);
	});

	it('drops only what a name is refused for: one class of hidden characters, not two', () => {
		for (const c of PASTED) {
			expect(clean(`a${c}b`), c.codePointAt(0)!.toString(16)).toBe('ab');
			expect(hidesText(`a${c}b`), c.codePointAt(0)!.toString(16)).toBe(true);
		}
	});
});

describe('draftProblems and invisible characters', () => {
	it.each(PASTED.map((c) => [c.codePointAt(0)!.toString(16), c]))(
		'an option of only U+%s is empty',
		(_, c) => {
			expect(problemsOf(draft(['Tiền Giang', c, 'Bến Tre']))).toEqual([
				{ code: 'emptyOption', params: { letter: 'B' } }
			]);
			// Uncleaned too: the rule does not depend on the caller having cleaned.
			expect(draftProblems(draft(['Tiền Giang', c, 'Bến Tre']))).toContainEqual({
				code: 'emptyOption',
				params: { letter: 'B' }
			});
		}
	);

	it('a question text of only invisibles is empty', () => {
		expect(problemsOf(draft(['Có', 'Không'], { text: '\u200b\u00ad ' }))).toEqual([{ code: 'emptyText' }]);
	});

	it.each([
		['right-to-left override', '\u202e'],
		['left-to-right embedding', '\u202a'],
		['pop directional formatting', '\u202c'],
		['right-to-left isolate', '\u2067'],
		['pop directional isolate', '\u2069'],
		['right-to-left mark', '\u200f'],
		['a NUL', '\u0000'],
		['a C1 control', '\u009b'],
		['a Hangul filler', '\u3164'],
		['a lone surrogate', '\ud800']
	])('refuses %s, naming the field', (_, c) => {
		expect(problemsOf(draft(['Tiền Giang', `Bến ${c}Tre`, 'Long An']))).toEqual([
			{ code: 'hiddenChars', params: { field: 'option', letter: 'B' } }
		]);
		expect(problemsOf(draft(['Có', 'Không'], { text: `Câu ${c}hỏi?` }))).toEqual([
			{ code: 'hiddenChars', params: { field: 'text' } }
		]);
		expect(problemsOf(draft(['Có', 'Không'], { explanation: `x${c}`, reference: `y${c}` }))).toEqual([
			{ code: 'hiddenChars', params: { field: 'explanation' } },
			{ code: 'hiddenChars', params: { field: 'reference' } }
		]);
	});

	it('keeps line breaks and tabs, which are text, not hidden', () => {
		expect(problemsOf(draft(['Có', 'Không'], { text: 'Dòng một\r\nDòng\thai?' }))).toEqual([]);
	});

	it('words the refusal by field, in both languages', () => {
		const p = { code: 'hiddenChars', params: { field: 'option', letter: 'B' } };
		expect(describeProblem(messages('vi').bank, p)).toBe(
			'Phương án B chứa ký tự điều khiển ẩn (làm đảo chiều chữ hoặc không hiện ra), thường do chép từ trang web hay tin nhắn. Hãy xóa đoạn chữ đó rồi gõ lại.'
		);
		expect(describeProblem(messages('en').bank, { code: 'hiddenChars', params: { field: 'text' } })).toBe(
			'Question text holds hidden control characters (which reverse the text or do not show), often carried in by copying from a web page or a message. Delete that passage and type it again.'
		);
	});
});

describe('duplicates and invisible characters', () => {
	it('a zero-width space inside a word is the same text', () => {
		expect(fingerprintText('Ti\u200bền Giang')).toBe('tien giang');
		expect(fingerprintText('Tiền Gi\u00adang')).toBe('tien giang');
		const a = { text: 'Tỉnh nào?', options: [{ text: 'Tiền Giang' }, { text: 'Bến Tre' }] };
		const b = { text: 'Tỉnh\u200b nào?', options: [{ text: 'Bến Tre' }, { text: 'Ti\u200bền Giang' }] };
		expect(fingerprint(b)).toBe(fingerprint(a));
	});

	it('two options that differ only by an invisible are the same option', () => {
		expect(problemsOf(draft(['Tiền Giang', 'Ti\u200bền Giang']))).toEqual([{ code: 'sameOptions' }]);
	});
});
