// Questions (versions, retire, search), pools and rounds against the demo bank, on SQLite
// and PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDemoDb, type TestDb } from './testdb';
import {
	createQuestion,
	getQuestion,
	searchQuestions,
	setQuestionStatus,
	updateQuestion,
	type QuestionInput
} from '../../src/lib/server/bank/questions';
import { createPool, createTopic, setPoolPublished } from '../../src/lib/server/bank/topics';
import {
	createRound,
	roundDefaults,
	roundsOverview,
	updateRound,
	validateRound,
	type RoundInput
} from '../../src/lib/server/rounds';
import { loadBank } from '../../src/lib/server/papers';
import { parseRoundSettings } from '../../src/lib/server/round-settings';

const NOW = Date.UTC(2026, 10, 21, 3, 0);
const DAY = 24 * 3600 * 1000;
let t: TestDb;
let organiser: string;

beforeAll(async () => {
	({ t, organiser } = await openDemoDb(NOW));
});
afterAll(async () => t.drop());

const question = (
	over: Partial<QuestionInput['draft']> = {},
	place: Partial<QuestionInput> = {}
): QuestionInput => ({
	poolId: 'public',
	topicId: 'cuoc-thi',
	difficulty: 2,
	draft: {
		text: 'Thể lệ cho phép mỗi thí sinh thi tối đa mấy lượt ở vòng loại?',
		options: [
			{ text: 'Một lượt', pinned: false },
			{ text: 'Ba lượt', pinned: false },
			{ text: 'Không giới hạn', pinned: false },
			{ text: 'Tất cả các đáp án trên', pinned: true }
		],
		correct: [1],
		explanation: 'Theo thể lệ.',
		reference: 'Thể lệ cuộc thi',
		...over
	},
	...place
});

/** The id of a question the bank accepted. */
async function created(input: QuestionInput, now = NOW): Promise<string> {
	const r = await createQuestion(t.db, input, organiser, now);
	if (!r.ok) throw new Error(`refused: ${r.problems.map((p) => p.code).join(', ')}`);
	return r.id;
}

/** The problem codes of a refused question. */
async function refusedFor(input: QuestionInput): Promise<string[]> {
	const r = await createQuestion(t.db, input, organiser, NOW);
	return r.ok ? [] : r.problems.map((p) => p.code);
}

describe('questions', () => {
	it('refuses a question without text, with one option or with no correct option, naming each problem', async () => {
		const empty = await createQuestion(
			t.db,
			question({ text: ' ', options: [{ text: 'Một', pinned: false }], correct: [] }),
			organiser,
			NOW
		);
		expect(empty).toMatchObject({ ok: false, code: 'invalid' });
		expect(
			await refusedFor(question({ text: ' ', options: [{ text: 'Một', pinned: false }], correct: [] }))
		).toEqual(['emptyText', 'tooFewOptions', 'noCorrect']);
		expect(await refusedFor(question({ correct: [0, 1] }))).toEqual(['severalCorrect']);
		expect(
			await refusedFor(
				question({ options: Array.from({ length: 7 }, (_, i) => ({ text: `P${i}`, pinned: false })) })
			)
		).toEqual(['tooManyOptions']);
	});

	it('refuses a question the bank holds already, as an import does: same stem and options, in any order, case or tone marks', async () => {
		const stem = 'Cổng dịch vụ công quốc gia do cơ quan nào quản lý?';
		const options = [
			{ text: 'Văn phòng Chính phủ', pinned: false },
			{ text: 'Bộ Công an', pinned: false },
			{ text: 'UBND tỉnh', pinned: false }
		];
		const first = await created(question({ text: stem, options, correct: [0] }));
		const again = await createQuestion(
			t.db,
			question({
				text: 'cong dich vu cong quoc gia do co quan nao quan ly',
				options: [options[2], options[0], options[1]],
				correct: [1],
				explanation: 'Another explanation.'
			}),
			organiser,
			NOW
		);
		expect(again).toMatchObject({
			ok: false,
			problems: [{ code: 'duplicateExisting', params: { id: first } }]
		});
		// Another option makes it another question.
		await created(question({ text: stem, options: [...options, { text: 'Bộ Nội vụ', pinned: false }] }));
		// An edit that turns another question into this one is refused; nothing is written.
		const other = await created(question({ text: 'Một câu khác về cổng dịch vụ công?', options }));
		const before = await getQuestion(t.db, other);
		const edit = await updateQuestion(
			t.db,
			other,
			{ ...question({ text: stem, options }), optionIds: before!.current.ids },
			organiser,
			NOW + 1
		);
		expect(edit).toMatchObject({
			ok: false,
			problems: [{ code: 'duplicateExisting', params: { id: first } }]
		});
		expect((await getQuestion(t.db, other))!.question.version).toBe(before!.question.version);
		// Its own key and explanation still change.
		const mine = await getQuestion(t.db, first);
		expect(
			await updateQuestion(
				t.db,
				first,
				{
					...question({ text: stem, options, correct: [1], explanation: 'Sửa.' }),
					optionIds: mine!.current.ids
				},
				organiser,
				NOW + 2
			)
		).toEqual({ ok: true, version: 2 });
	});

	it('two organisers saving the same question at the same moment: one is saved, the others refused', async () => {
		const stem = 'Tài khoản định danh điện tử mức độ 2 được cấp ở đâu?';
		const options = [
			{ text: 'Công an cấp xã', pinned: false },
			{ text: 'Bưu điện', pinned: false },
			{ text: 'Ngân hàng', pinned: false }
		];
		const at = await Promise.all(
			[0, 1, 2, 3].map((i) => createQuestion(t.db, question({ text: stem, options }), organiser, NOW + i))
		);
		const saved = at.flatMap((r) => (r.ok ? [r.id] : []));
		expect(saved).toHaveLength(1);
		for (const r of at.filter((r) => !r.ok))
			expect(r).toMatchObject({ problems: [{ code: 'duplicateExisting', params: { id: saved[0] } }] });
		const stored = await t.db
			.selectFrom('question_version')
			.select('question_id')
			.where('text', '=', stem)
			.execute();
		expect(stored).toEqual([{ question_id: saved[0] }]);

		// Two questions reworded into one new question at the same moment: one edit is saved.
		const reworded = 'Tài khoản định danh điện tử mức độ 2 do cơ quan nào cấp?';
		const a = await created(question({ text: 'Câu A về định danh điện tử?', options }));
		const b = await created(question({ text: 'Câu B về định danh điện tử?', options }));
		const edits = await Promise.all(
			[a, b].map(async (id, i) =>
				updateQuestion(
					t.db,
					id,
					{ ...question({ text: reworded, options }), optionIds: (await getQuestion(t.db, id))!.current.ids },
					organiser,
					NOW + 10 + i
				)
			)
		);
		expect(edits.filter((r) => r.ok)).toHaveLength(1);
		expect(edits.filter((r) => !r.ok)).toMatchObject([{ problems: [{ code: 'duplicateExisting' }] }]);
		const now = await t.db
			.selectFrom('question_version as v')
			.innerJoin('question', (j) =>
				j.onRef('question.id', '=', 'v.question_id').onRef('question.version', '=', 'v.version')
			)
			.select('v.question_id')
			.where('v.text', '=', reworded)
			.execute();
		expect(now).toHaveLength(1);
	});

	it('editing creates version 2 and leaves version 1 exactly as it was', async () => {
		const id = await created(question());
		const v1 = await t.db
			.selectFrom('question_version')
			.selectAll()
			.where('question_id', '=', id)
			.where('version', '=', 1)
			.executeTakeFirstOrThrow();
		const stored = await getQuestion(t.db, id);
		const version = await updateQuestion(
			t.db,
			id,
			{
				...question({ text: 'Mỗi thí sinh được thi tối đa mấy lượt ở vòng loại?', correct: [0] }),
				optionIds: stored!.current.ids
			},
			organiser,
			NOW + 1000
		);
		expect(version).toEqual({ ok: true, version: 2 });
		const rows = await t.db
			.selectFrom('question_version')
			.selectAll()
			.where('question_id', '=', id)
			.orderBy('version')
			.execute();
		expect(rows).toHaveLength(2);
		expect(rows[0]).toEqual(v1);
		expect(rows[1].text).toBe('Mỗi thí sinh được thi tối đa mấy lượt ở vòng loại?');
		expect(JSON.parse(rows[1].correct)).toEqual([JSON.parse(v1.options)[0].id]);
		// Option ids carry over, so the pinned "all of the above" keeps its id.
		expect(JSON.parse(rows[1].options)).toEqual(JSON.parse(v1.options));
		expect(
			(await t.db.selectFrom('question').select('version').where('id', '=', id).executeTakeFirstOrThrow())
				.version
		).toBe(2);
		// The draw now reads version 2.
		expect((await loadBank(t.db, ['public'])).find((q) => q.id === id)?.version).toBe(2);

		// Moving it to another topic or difficulty is not a new version; saving unchanged is nothing.
		expect(
			await updateQuestion(
				t.db,
				id,
				{
					...question({ text: 'Mỗi thí sinh được thi tối đa mấy lượt ở vòng loại?', correct: [0] }),
					difficulty: 3
				},
				organiser,
				NOW + 2000
			)
		).toEqual({ ok: true, version: 2 });
		expect(
			await updateQuestion(
				t.db,
				id,
				{
					...question({ text: 'Mỗi thí sinh được thi tối đa mấy lượt ở vòng loại?', correct: [0] }),
					difficulty: 3
				},
				organiser,
				NOW + 3000
			)
		).toEqual({ ok: true, version: 2 });
		expect(
			await t.db.selectFrom('question_version').select('version').where('question_id', '=', id).execute()
		).toHaveLength(2);
		const actions = await t.db
			.selectFrom('audit_log')
			.select('action')
			.where('target', '=', id)
			.orderBy('id')
			.execute();
		expect(actions.map((a) => a.action)).toEqual(['question.create', 'question.edit', 'question.edit']);
	});

	it('retires and restores; retired questions are not drawn but stay searchable', async () => {
		const id = await created(question({ text: 'Câu sẽ ngừng dùng?' }));
		await setQuestionStatus(t.db, id, 'retired', organiser, NOW);
		expect((await loadBank(t.db, ['public'])).some((q) => q.id === id)).toBe(false);
		expect(
			(await searchQuestions(t.db, { q: 'Câu sẽ ngừng dùng', status: 'retired' })).rows.map((r) => r.id)
		).toEqual([id]);
		expect((await searchQuestions(t.db, { q: 'Câu sẽ ngừng dùng', status: 'active' })).total).toBe(0);
		await setQuestionStatus(t.db, id, 'active', organiser, NOW);
		expect((await loadBank(t.db, ['public'])).some((q) => q.id === id)).toBe(true);
	});

	it('refuses to retire a question an open round cannot do without', async () => {
		// The demo's practice round needs 3 easy "ke-hoach" questions from the public pool.
		const settings = parseRoundSettings(
			(
				await t.db
					.selectFrom('round')
					.select('settings')
					.where('id', '=', 'practice')
					.executeTakeFirstOrThrow()
			).settings
		);
		const need = settings.blueprint.find((c) => c.topic === 'ke-hoach' && c.difficulty === 1)!.count;
		const cell = (await loadBank(t.db, ['public'])).filter(
			(q) => q.topic === 'ke-hoach' && q.difficulty === 1
		);
		const spare = cell.length - need;
		for (const q of cell.slice(0, spare))
			await setQuestionStatus(t.db, q.id, 'retired', organiser, NOW + DAY);
		const refused = await setQuestionStatus(t.db, cell[spare].id, 'retired', organiser, NOW + DAY);
		expect(refused).toMatchObject({ ok: false, code: 'retireBreaksRound', params: { round: 'Thi thử' } });
		expect(
			(
				await t.db
					.selectFrom('question')
					.select('status')
					.where('id', '=', cell[spare].id)
					.executeTakeFirstOrThrow()
			).status
		).toBe('active');
		for (const q of cell.slice(0, spare)) await setQuestionStatus(t.db, q.id, 'active', organiser, NOW + DAY);
	});

	it('searches text case-insensitively and filters by topic, difficulty and pool', async () => {
		const r = await searchQuestions(t.db, { q: 'kế hoạch 438', topic: 'ke-hoach' });
		expect(r.total).toBeGreaterThan(0);
		expect(r.rows.every((q) => q.topic_id === 'ke-hoach')).toBe(true);
		const secretHard = await searchQuestions(t.db, { pool: 'secret', difficulty: 3, pageSize: 5 });
		expect(secretHard.rows.every((q) => q.pool_id === 'secret' && q.difficulty === 3)).toBe(true);
		expect(secretHard.rows.length).toBeLessThanOrEqual(5);
		expect(secretHard.pages).toBe(Math.ceil(secretHard.total / 5));
	});

	it('creates topics and pools with readable ids', async () => {
		expect(await createTopic(t.db, { name: 'Chuyển đổi số' }, organiser, NOW)).toEqual({
			ok: true,
			id: 'chuyen-doi-so'
		});
		expect(await createTopic(t.db, { name: 'Chuyển đổi số' }, organiser, NOW)).toEqual({
			ok: true,
			id: 'chuyen-doi-so-2'
		});
		expect(await createPool(t.db, { name: 'Đề dự phòng', visibility: 'secret' }, organiser, NOW)).toEqual({
			ok: true,
			id: 'de-du-phong'
		});
		expect(await createPool(t.db, { id: 'public', name: 'x', visibility: 'public' }, organiser, NOW)).toEqual(
			{
				ok: false,
				code: 'idTaken'
			}
		);
		expect(await createTopic(t.db, { name: '  ' }, organiser, NOW)).toEqual({ ok: false, code: 'required' });
		expect(await setPoolPublished(t.db, 'no-such-pool', true, organiser, NOW)).toEqual({
			ok: false,
			code: 'notFound'
		});
	});
});

describe('rounds', () => {
	// The demo's qualifying round and final each hold a secret pool, and a secret pool serves one
	// graded round: these rounds draw from a pool of their own, one question in each cell.
	const POOL = 'de-kiem-thu-vong';
	beforeAll(async () => {
		await createPool(t.db, { id: POOL, name: 'Đề kiểm thử vòng thi', visibility: 'secret' }, organiser, NOW);
		const cells = new Set((await loadBank(t.db, ['secret'])).map((q) => `${q.topic}/${q.difficulty}`));
		for (const cell of cells) {
			const [topicId, difficulty] = cell.split('/');
			await created(
				question(
					{ text: `Câu của đề kiểm thử vòng thi: ${cell}?` },
					{ poolId: POOL, topicId, difficulty: Number(difficulty) }
				)
			);
		}
	});
	const blueprint = async (poolIds: string[], perCell = 1) => {
		const bank = await loadBank(t.db, poolIds);
		const cells = new Map<string, { topic: string; difficulty: number; count: number }>();
		for (const q of bank)
			cells.set(`${q.topic}/${q.difficulty}`, {
				topic: q.topic,
				difficulty: Number(q.difficulty),
				count: perCell
			});
		return [...cells.values()].sort((a, b) => a.topic.localeCompare(b.topic) || a.difficulty - b.difficulty);
	};
	const round = async (over: Partial<RoundInput> = {}): Promise<RoundInput> => {
		const cells = await blueprint(over.poolIds ?? [POOL]);
		return {
			...roundDefaults('qualifying', 12, NOW),
			name: 'Vòng thử nghiệm',
			poolIds: [POOL],
			blueprint: cells,
			questionCount: cells.reduce((s, c) => s + c.count, 0),
			...over
		};
	};
	const codes = (r: { problems: { code: string }[] }) => r.problems.map((p) => p.code);

	it('a practice round may only use public pools', async () => {
		const r = await validateRound(t.db, await round({ kind: 'practice', poolIds: ['secret'] }));
		expect(codes(r)).toEqual(['practiceSecret']);
		expect(codes(await validateRound(t.db, await round({ kind: 'practice', poolIds: ['public'] })))).toEqual(
			[]
		);
	});

	it('a graded round refuses a public pool until the organiser publishes it', async () => {
		const input = await round({ kind: 'qualifying', poolIds: ['public'] });
		expect(codes(await validateRound(t.db, input))).toEqual(['gradedPublic']);
		await setPoolPublished(t.db, 'public', true, organiser, NOW);
		expect(codes(await validateRound(t.db, input))).toEqual([]);
		await setPoolPublished(t.db, 'public', false, organiser, NOW);
		expect(codes(await validateRound(t.db, { ...input, kind: 'final' }))).toEqual(['gradedPublic']);
	});

	it('names each blueprint cell the bank is short of, and by how many', async () => {
		const secret = await loadBank(t.db, [POOL]);
		const have = secret.filter((q) => q.topic === 'cuoc-thi' && q.difficulty === 3).length;
		const input = await round();
		const cells = input.blueprint.map((c) =>
			c.topic === 'cuoc-thi' && c.difficulty === 3 ? { ...c, count: have + 4 } : c
		);
		const r = await validateRound(t.db, {
			...input,
			blueprint: cells,
			questionCount: cells.reduce((s, c) => s + c.count, 0)
		});
		expect(codes(r)).toEqual(['shortfall']);
		expect(r.shortfall).toEqual([{ topic: 'cuoc-thi', difficulty: 3, need: have + 4, have }]);
		const saved = await createRound(
			t.db,
			{ ...input, blueprint: cells, questionCount: cells.reduce((s, c) => s + c.count, 0) },
			organiser,
			NOW
		);
		expect(saved.ok).toBe(false);
	});

	it('checks times, counts, ages and topics', async () => {
		const input = await round();
		expect(codes(await validateRound(t.db, { ...input, closesAt: input.opensAt }))).toEqual([
			'closesBeforeOpens'
		]);
		expect(codes(await validateRound(t.db, { ...input, questionCount: input.questionCount + 1 }))).toEqual([
			'countMismatch'
		]);
		expect(codes(await validateRound(t.db, { ...input, minAge: 10 }))).toEqual(['minAgeLower']);
		expect(codes(await validateRound(t.db, { ...input, minAge: 16 }))).toEqual([]);
		expect(codes(await validateRound(t.db, { ...input, durationS: 0 }))).toEqual(['badDuration']);
		expect(codes(await validateRound(t.db, { ...input, poolIds: [] }))).toEqual(['noPools']);
		expect(
			codes(
				await validateRound(t.db, {
					...input,
					blueprint: [{ topic: 'khong-co', difficulty: 1, count: input.questionCount }]
				})
			)
		).toContain('unknownTopic');
	});

	it('creates and edits a round of a few seconds, keeping other settings and writing the audit log', async () => {
		const input = await round({
			name: 'Vòng kiểm thử 5 giây',
			durationS: 5,
			graceS: 0,
			tiebreak: { prompt: 'Bao nhiêu lượt thi?', truth: null }
		});
		const created = await createRound(t.db, input, organiser, NOW);
		expect(created.ok).toBe(true);
		const id = created.ok ? created.id : '';
		const row = await t.db.selectFrom('round').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
		expect(row).toMatchObject({
			duration_s: 5,
			grace_s: 0,
			kind: 'qualifying',
			max_attempts: 3,
			max_attempts_per_week: 1,
			review_after: 0,
			contest_id: 'demo'
		});
		expect(parseRoundSettings(row.settings)).toMatchObject({
			poolIds: [POOL],
			tiebreak: { prompt: 'Bao nhiêu lượt thi?', truth: null }
		});
		// Another area's setting in the JSON survives an edit.
		await t.db
			.updateTable('round')
			.set({ settings: JSON.stringify({ ...JSON.parse(row.settings), venue: { lateStartS: 600 } }) })
			.where('id', '=', id)
			.execute();
		const edited = await updateRound(
			t.db,
			id,
			{
				...input,
				kind: 'practice',
				poolIds: ['public'],
				blueprint: await blueprint(['public']),
				questionCount: (await blueprint(['public'])).length,
				maxAttempts: 5
			},
			organiser,
			NOW
		);
		expect(edited.ok).toBe(true);
		const after = await t.db.selectFrom('round').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
		expect(after).toMatchObject({ kind: 'practice', max_attempts: null, max_attempts_per_week: null });
		expect(JSON.parse(after.settings).venue).toEqual({ lateStartS: 600 });
		const log = await t.db
			.selectFrom('audit_log')
			.select('action')
			.where('target', '=', id)
			.orderBy('id')
			.execute();
		expect(log.map((l) => l.action)).toEqual(['round.create', 'round.update']);
		const overview = await roundsOverview(t.db, 'demo');
		expect(overview.find((o) => o.round.id === id)?.shortfall).toEqual([]);
	});
});
