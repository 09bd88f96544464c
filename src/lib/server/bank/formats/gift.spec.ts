import { describe, expect, it } from 'vitest';
import { readGift as read } from './gift';
import { describeProblem } from '$lib/bank-text';
import { messages } from '$lib/i18n';

const readGift = (source: string) => read(source, ['Đúng', 'Sai']);
const one = async (source: string) => (await readGift(source)).items[0];

describe('GIFT reader', () => {
	it('reads right and wrong answers, feedback and general feedback', async () => {
		const q = await one('::T:: Thủ đô? {=Hà Nội#Đúng rồi ~Huế#Sai ~Đà Nẵng ####Hà Nội là thủ đô.}');
		expect(q).toMatchObject({
			text: 'Thủ đô?',
			options: [{ text: 'Hà Nội' }, { text: 'Huế' }, { text: 'Đà Nẵng' }],
			correct: [0],
			explanation: 'Hà Nội là thủ đô.',
			problems: []
		});
	});
	it('reads true/false in every spelling', async () => {
		for (const [mark, right] of [
			['T', 0],
			['TRUE', 0],
			['F', 1],
			['false', 1]
		] as const) {
			expect((await one(`Câu đúng sai {${mark}}`)).correct).toEqual([right]);
		}
		// The two options are worded in the organiser's language, as the caller gives them.
		const english = (await read('Is it true? {T}', ['True', 'False'])).items[0];
		expect(english.options.map((o) => o.text)).toEqual(['True', 'False']);
	});
	it('turns a missing-word question into a blank in the stem', async () => {
		expect((await one('Thủ đô của Việt Nam là {=Hà Nội ~Huế} đúng không?')).text).toBe(
			'Thủ đô của Việt Nam là _____ đúng không?'
		);
	});
	it('keeps escaped characters and multi-line answer blocks', async () => {
		const q = await one('Giá trị \\{x\\} bằng?\n{\n  =1 \\= 1\n  ~2 \\~ 3\n}');
		expect(q.text).toBe('Giá trị {x} bằng?');
		expect(q.options.map((o) => o.text)).toEqual(['1 = 1', '2 ~ 3']);
	});
	it('counts weighted answers above zero as correct', async () => {
		expect((await one('Chọn? {~%100%A ~%0%B ~%-50%C}')).correct).toEqual([0]);
		expect((await one('Chọn hai? {~%50%A ~%50%B ~%-100%C}')).correct).toEqual([0, 1]);
	});
	it('numbers questions and lines, skipping comments and categories', async () => {
		const parsed = await readGift(
			'// chú thích\n$CATEGORY: $course$/top/Chủ đề A\n\nCâu một {=a ~b}\n\n// giữa\nCâu hai {T}\n'
		);
		expect(parsed.items.map((i) => [i.place.params, i.topic])).toEqual([
			[{ n: 1, line: 4 }, 'Chủ đề A'],
			[{ n: 2, line: 7 }, 'Chủ đề A']
		]);
	});
	it('reports what it cannot read', async () => {
		const [vi, en] = [messages('vi').bank, messages('en').bank];
		const open = (await one('Không mở ngoặc')).problems[0];
		expect(open).toEqual({ code: 'syntax', params: { detail: 'missingOpenBrace' } });
		expect(describeProblem(vi, open)).toBe('Sai cú pháp: thiếu dấu { mở phần đáp án.');
		expect(describeProblem(en, open)).toBe('Syntax error: the { opening the answers is missing.');
		const close = (await one('Không đóng {=a ~b')).problems[0];
		expect(describeProblem(en, close)).toBe('Syntax error: the } closing the answers is missing.');
		const essay = (await one('Tự luận {}')).problems[0];
		expect(essay).toEqual({ code: 'unsupportedType', params: { type: 'essay' } });
		expect(describeProblem(vi, essay)).toContain('"tự luận (essay)"');
		expect(describeProblem(en, (await one('Ghép {=a -> 1 =b -> 2}')).problems[0])).toBe(
			'Question type "matching" is not supported (only multiple choice and true/false).'
		);
		expect((await readGift('\n\n// chỉ có chú thích\n')).fileProblems[0].code).toBe('emptyFile');
	});
});
