// Searching the question bank by text, on SQLite and PostgreSQL: capitals and tone marks as an
// organiser types them. An organiser's walk found "đề án công viên" gave 0 questions on SQLite
// while "Đề án Công viên" gave 3: SQLite's lower() folds ASCII only.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDemoDb, type TestDb } from './testdb';
import { createQuestion, searchQuestions } from '../../src/lib/server/bank/questions';

const NOW = Date.UTC(2026, 10, 21, 3, 0);
let t: TestDb;
let organiser: string;
const ids: Record<string, string> = {};

const TEXTS = {
	// Words the demo bank does not hold, so what is found is these questions only.
	park: 'Đề án Ươm tạo Xoài Cát được phê duyệt năm nào?',
	upper: 'ỨNG DỤNG QUẠT ĐIỆN BƯỞI DÙNG ĐỂ LÀM GÌ?',
	other: 'Hợp tác xã Ngũ Hợp Ổi Lê có địa chỉ nào?'
};

beforeAll(async () => {
	({ t, organiser } = await openDemoDb(NOW));
	for (const [key, text] of Object.entries(TEXTS)) {
		const r = await createQuestion(
			t.db,
			{
				poolId: 'public',
				topicId: 'cuoc-thi',
				difficulty: 2,
				draft: {
					text,
					options: [
						{ text: 'Phương án một', pinned: false },
						{ text: 'Phương án hai', pinned: false }
					],
					correct: [0],
					explanation: '',
					reference: ''
				}
			},
			organiser,
			NOW
		);
		if (!r.ok) throw new Error(JSON.stringify(r));
		ids[key] = r.id;
	}
});
afterAll(async () => t?.drop());

const found = async (q: string) => (await searchQuestions(t.db, { q, pageSize: 500 })).rows.map((r) => r.id);

describe('the bank search', () => {
	it.each([
		['Ươm tạo Xoài Cát', ['park']],
		['ươm tạo xoài cát', ['park']],
		['ƯƠM TẠO XOÀI CÁT', ['park']],
		['uom tao xoai cat', ['park']],
		['ứng dụng quạt điện bưởi', ['upper']],
		['Quạt Điện', ['upper']],
		['  ngũ   hợp ổi  ', ['other']],
		['xoài cát bưởi', []]
	])('%j finds %j', async (q, keys) => {
		expect(await found(q)).toEqual(keys.map((k) => ids[k]));
	});

	it('finds a question by its id, and pages what it finds', async () => {
		expect(await found(ids.other)).toEqual([ids.other]);
		const first = await searchQuestions(t.db, { q: 'năm nào', pageSize: 1 });
		expect(first.pages).toBe(first.total);
		const seen: string[] = [];
		for (let page = 1; page <= first.pages; page++)
			seen.push(...(await searchQuestions(t.db, { q: 'năm nào', pageSize: 1, page })).rows.map((r) => r.id));
		expect(new Set(seen).size).toBe(first.total);
		expect(seen).toContain(ids.park);
		expect(seen).not.toContain(ids.other);
	});
});
