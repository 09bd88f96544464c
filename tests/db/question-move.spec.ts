// A question moved to another pool must not carry a key that has been given away (a security
// review moved a question of the open qualifying round's secret pool into the public pool with
// one edit: practice's bank then sent its key to every candidate; and one into the final's pool,
// where the qualifying round's scores had given it away). Once a round drawing from the question's
// pool has opened, it may not move into or out of a secret pool; between public pools, and before
// any such round opens, it moves freely. On SQLite and PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDemoDb, type TestDb } from './testdb';
import { getQuestion, updateQuestion } from '../../src/lib/server/bank/questions';
import { createPool } from '../../src/lib/server/bank/topics';
import { messages } from '../../src/lib/i18n';

const NOW = Date.UTC(2026, 11, 6, 3, 0);
const LATER = NOW + 3600_000;
let t: TestDb;
let organiser: string;

beforeAll(async () => {
	// The demo as seeded at NOW: practice ('public') and the qualifying round ('secret') open at
	// NOW, the final ('final') 61 days later.
	({ t, organiser } = await openDemoDb(NOW));
	expect(
		await createPool(t.db, { id: 'ontap2', name: 'Ôn tập thêm', visibility: 'public' }, organiser, NOW)
	).toMatchObject({ ok: true });
});
afterAll(async () => t.drop());

/** Some question of the pool, by id order. */
async function questionIn(pool: string, skip = 0): Promise<string> {
	const rows = await t.db
		.selectFrom('question')
		.select('id')
		.where('pool_id', '=', pool)
		.orderBy('id')
		.execute();
	return rows[skip].id;
}

/** The organiser's edit of question `id` moving it to `poolId`, its text as stored or `text`. */
async function move(id: string, poolId: string, text?: string) {
	const stored = (await getQuestion(t.db, id))!;
	return updateQuestion(
		t.db,
		id,
		{
			poolId,
			topicId: stored.question.topic_id,
			difficulty: stored.question.difficulty,
			draft: { ...stored.current.draft, text: text ?? stored.current.draft.text },
			optionIds: stored.current.ids
		},
		organiser,
		LATER
	);
}

const poolOf = async (id: string) =>
	(await t.db.selectFrom('question').select('pool_id').where('id', '=', id).executeTakeFirstOrThrow())
		.pool_id;

const refusedSeen = (pool: string, round: string) => ({
	ok: false,
	code: 'invalid',
	problems: [{ code: 'poolSeen', params: { pool, round } }]
});

describe('moving a question to another pool', () => {
	it('out of the open qualifying round’s secret pool: refused, into public and into the final’s', async () => {
		const id = await questionIn('secret');
		for (const to of ['public', 'final'])
			expect(await move(id, to)).toMatchObject(refusedSeen('Ngân hàng thi vòng loại (bảo mật)', 'Vòng loại'));
		expect(await poolOf(id)).toBe('secret');
		// Its content may still be corrected where it is.
		expect(await move(id, 'secret', 'Câu hỏi đã sửa lỗi chính tả?')).toEqual({ ok: true, version: 2 });
	});

	it('out of open practice’s public pool: refused into a secret pool, free into another public one', async () => {
		const id = await questionIn('public');
		expect(await move(id, 'final')).toMatchObject(refusedSeen('Ngân hàng ôn tập (công khai)', 'Thi thử'));
		expect(await move(id, 'ontap2')).toMatchObject({ ok: true });
		expect(await poolOf(id)).toBe('ontap2');
	});

	it('out of the final’s pool before the final opens: free', async () => {
		const id = await questionIn('final');
		expect(await move(id, 'public')).toMatchObject({ ok: true });
		expect(await poolOf(id)).toBe('public');
		const other = await questionIn('final');
		expect(await move(other, 'secret')).toMatchObject({ ok: true });
		expect(await poolOf(other)).toBe('secret');
	});

	it('says why in Vietnamese and in English', () => {
		for (const locale of ['vi', 'en'] as const)
			expect(messages(locale).bank.problems.poolSeen).toMatch(/\{pool\}.*\{round\}/s);
	});
});
