// English sentences of the bank that count something read right for one and for many.
import { describe, expect, it } from 'vitest';
import { fmt, messages } from '../../src/lib/i18n';

describe('the import preview heading', () => {
	const en = messages('en').bank.import.preview;
	it('says "question" for one and "questions" for several', () => {
		expect(fmt(en, { n: 1 })).toBe('Preview of 1 question to be imported, from the start of the file');
		expect(fmt(en, { n: 5 })).toBe('Preview of 5 questions to be imported, from the start of the file');
	});
	it('keeps the Vietnamese, which has no plural', () => {
		expect(fmt(messages('vi').bank.import.preview, { n: 1 })).toBe('Xem trước 1 câu đầu tiên sẽ được nhập');
	});
});
