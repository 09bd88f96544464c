import { describe, expect, it } from 'vitest';
import { readGift } from './gift';

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
		expect((await one('Không mở ngoặc')).problems[0].code).toBe('syntax');
		expect((await one('Không đóng {=a ~b')).problems[0].code).toBe('syntax');
		expect((await one('Tự luận {}')).problems[0]).toMatchObject({ code: 'unsupportedType' });
		expect((await readGift('\n\n// chỉ có chú thích\n')).fileProblems[0].code).toBe('emptyFile');
	});
});
