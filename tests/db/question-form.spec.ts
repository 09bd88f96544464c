// The organiser's question form as the page sends it, saved: the form starts with four option
// slots, and a true/false question written by hand leaves C and D empty. A usability review was
// refused "Phương án C để trống trong khi phương án sau có nội dung." for such a question. On
// SQLite and PostgreSQL.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openDemoDb, type TestDb } from './testdb';
import { createQuestion, getQuestion, updateQuestion } from '../../src/lib/server/bank/questions';
import { readQuestionForm } from '../../src/lib/server/bank/forms';

const NOW = Date.UTC(2026, 11, 6, 3, 0);
let t: TestDb;
let organiser: string;

beforeAll(async () => {
	({ t, organiser } = await openDemoDb(NOW));
});
afterAll(async () => t.drop());

function form(text: string, options: string[], correct: number, ids: string[] = []): FormData {
	const f = new FormData();
	f.set('text', text);
	f.set('topicId', 'cuoc-thi');
	f.set('poolId', 'public');
	f.set('difficulty', '1');
	f.set('correct', String(correct));
	options.forEach((o, i) => {
		f.append('optionId', ids[i] ?? '');
		f.append('optionText', o);
	});
	return f;
}

it('saves a true/false question written in the first two of four slots, with two options', async () => {
	const read = readQuestionForm(
		form('Cổng Dịch vụ công quốc gia do Văn phòng Chính phủ vận hành?', ['Đúng', 'Sai', '', ''], 0)
	)!;
	const created = await createQuestion(t.db, read.input, organiser, NOW);
	expect(created).toMatchObject({ ok: true });
	const stored = (await getQuestion(t.db, (created as { id: string }).id))!;
	expect(stored.current.draft.options.map((o) => o.text)).toEqual(['Đúng', 'Sai']);
	expect(stored.current.draft.correct).toEqual([0]);

	// Edited on its page (two options and the two slots the organiser may add), it stays so.
	const edit = readQuestionForm(
		form(
			'Cổng Dịch vụ công quốc gia do Văn phòng Chính phủ vận hành, đúng không?',
			['Đúng', 'Sai', ''],
			1,
			stored.current.ids
		)
	)!;
	expect(await updateQuestion(t.db, stored.question.id, edit.input, organiser, NOW + 1)).toMatchObject({
		ok: true,
		version: 2
	});
	const edited = (await getQuestion(t.db, stored.question.id))!;
	expect(edited.current.draft.options.map((o) => o.text)).toEqual(['Đúng', 'Sai']);
	expect(edited.current.ids).toEqual(stored.current.ids);
});

it('refuses a gap: an empty option before a filled one', async () => {
	const read = readQuestionForm(
		form('Một câu hỏi có phương án bỏ trống ở giữa?', ['Có', '', 'Không', ''], 0)
	)!;
	const refused = await createQuestion(t.db, read.input, organiser, NOW);
	expect(refused).toMatchObject({ ok: false, problems: [{ code: 'emptyOption', params: { letter: 'B' } }] });
	expect(read.values.emptyOptions).toEqual([1]);
});
