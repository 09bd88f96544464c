// A secret pool serves one graded round of a contest. A graded round shows the exact score
// the moment a submission arrives, so throwaway accounts can learn its key one answer at a
// time; a second graded round on the same pool (the final after the qualifying round) would
// then be answered in advance. On SQLite and PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDemoDb, type TestDb } from './testdb';
import { createQuestion } from '../../src/lib/server/bank/questions';
import { createPool, setPoolPublished } from '../../src/lib/server/bank/topics';
import {
	createRound,
	inputOf,
	roundDefaults,
	roundsOverview,
	updateRound,
	validateRound,
	type RoundInput
} from '../../src/lib/server/rounds';
import { loadBank } from '../../src/lib/server/papers';
import { parseRoundSettings } from '../../src/lib/server/round-settings';
import { drawPaper } from '../../src/lib/exam/paper';

const NOW = Date.UTC(2026, 10, 21, 3, 0);
const DAY = 24 * 3600 * 1000;
const QUALIFYING_POOL = 'Ngân hàng thi vòng loại (bảo mật)';
const FINAL_POOL = 'Ngân hàng thi chung kết (bảo mật)';
let t: TestDb;
let organiser: string;

beforeAll(async () => {
	({ t, organiser } = await openDemoDb(NOW));
});
afterAll(async () => t.drop());

/** A graded round of one easy "cuoc-thi" question: every pool below has one. */
const round = (over: Partial<RoundInput> = {}): RoundInput => ({
	...roundDefaults('qualifying', 12, NOW),
	name: 'Vòng loại bổ sung',
	opensAt: NOW + 2 * DAY,
	closesAt: NOW + 3 * DAY,
	questionCount: 1,
	blueprint: [{ topic: 'cuoc-thi', difficulty: 1, count: 1 }],
	poolIds: ['secret'],
	...over
});
const codes = (r: { problems: { code: string }[] }) => r.problems.map((p) => p.code);

/** A new pool holding one easy "cuoc-thi" question. */
async function poolWithQuestion(id: string, visibility: 'public' | 'secret'): Promise<string> {
	expect(await createPool(t.db, { id, name: `Ngân hàng ${id}`, visibility }, organiser, NOW)).toEqual({
		ok: true,
		id
	});
	const q = await createQuestion(
		t.db,
		{
			poolId: id,
			topicId: 'cuoc-thi',
			difficulty: 1,
			draft: {
				text: `Câu hỏi của ngân hàng ${id}: mỗi thí sinh thi vòng chung kết mấy lượt?`,
				options: [
					{ text: 'Một lượt', pinned: false },
					{ text: 'Hai lượt', pinned: false }
				],
				correct: [0],
				explanation: '',
				reference: ''
			}
		},
		organiser,
		NOW
	);
	expect(q.ok).toBe(true);
	return id;
}

async function storedRound(id: string) {
	return t.db.selectFrom('round').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

describe('the demo contest', () => {
	it('gives its qualifying round and its final secret pools of their own, each drawing full papers', async () => {
		const rounds = await t.db.selectFrom('round').selectAll().where('contest_id', '=', 'demo').execute();
		const graded = rounds.filter((r) => r.kind !== 'practice');
		expect(graded.map((r) => r.id).sort()).toEqual(['final', 'qualifying']);
		const secretPools = new Set(
			(await t.db.selectFrom('pool').select('id').where('visibility', '=', 'secret').execute()).map(
				(p) => p.id
			)
		);
		const poolsOf = graded.map((r) =>
			parseRoundSettings(r.settings).poolIds.filter((p) => secretPools.has(p))
		);
		for (const pools of poolsOf) expect(pools.length).toBeGreaterThan(0);
		const [a, b] = poolsOf;
		expect(a.filter((p) => b.includes(p))).toEqual([]);

		for (const r of rounds) {
			expect(await validateRound(t.db, inputOf(r), r)).toEqual({ problems: [], shortfall: [] });
			const s = parseRoundSettings(r.settings);
			const paper = drawPaper({ bank: await loadBank(t.db, s.poolIds), blueprint: s.blueprint, seed: r.id });
			expect(paper.questions).toHaveLength(r.question_count);
		}
		// And the two graded rounds' papers share no question.
		const bankOf = async (id: string) =>
			(await loadBank(t.db, parseRoundSettings(graded.find((r) => r.id === id)!.settings).poolIds)).map(
				(q) => q.id
			);
		const qualifying = new Set(await bankOf('qualifying'));
		expect((await bankOf('final')).filter((id) => qualifying.has(id))).toEqual([]);
	});
});

describe('a secret pool serves one graded round', () => {
	it('refuses a second graded round on a secret pool another graded round uses, naming both', async () => {
		const r = await validateRound(t.db, round());
		expect(r.problems).toEqual([
			{ code: 'poolShared', params: { pool: QUALIFYING_POOL, round: 'Vòng loại' } }
		]);
		expect(await validateRound(t.db, round({ kind: 'final', poolIds: ['final'] }))).toMatchObject({
			problems: [{ code: 'poolShared', params: { pool: FINAL_POOL, round: 'Vòng chung kết' } }]
		});
		const before = await t.db.selectFrom('round').select('id').execute();
		const refused = await createRound(t.db, round({ poolIds: ['secret', 'final'] }), organiser, NOW);
		expect(refused).toMatchObject({ ok: false });
		expect(refused.ok ? [] : codes(refused)).toEqual(['poolShared', 'poolShared']);
		expect(await t.db.selectFrom('round').select('id').execute()).toHaveLength(before.length);
	});

	it('accepts a graded round on a secret pool of its own, which then refuses a third', async () => {
		const pool = await poolWithQuestion('de-du-bi', 'secret');
		const saved = await createRound(
			t.db,
			round({ name: 'Vòng loại dự bị', poolIds: [pool] }),
			organiser,
			NOW
		);
		expect(saved.ok).toBe(true);
		expect(await validateRound(t.db, round({ kind: 'final', poolIds: [pool] }))).toMatchObject({
			problems: [{ code: 'poolShared', params: { pool: `Ngân hàng ${pool}`, round: 'Vòng loại dự bị' } }]
		});
		// Editing a round does not make it share a pool with itself.
		const id = saved.ok ? saved.id : '';
		const edited = await updateRound(
			t.db,
			id,
			round({ name: 'Vòng loại dự bị (sửa)', poolIds: [pool] }),
			organiser,
			NOW
		);
		expect(edited).toEqual({ ok: true, id });
		// Moving it onto the final's pool is refused like creating it there.
		const moved = await updateRound(t.db, id, round({ poolIds: ['final'] }), organiser, NOW);
		expect(moved.ok ? [] : codes(moved)).toEqual(['poolShared']);
	});

	it('still counts a graded round whose results are final: its key may already be known', async () => {
		const pool = await poolWithQuestion('de-da-chot', 'secret');
		const saved = await createRound(t.db, round({ name: 'Vòng đã chốt', poolIds: [pool] }), organiser, NOW);
		const id = saved.ok ? saved.id : '';
		await t.db.updateTable('round').set({ finalised_at: NOW }).where('id', '=', id).execute();
		expect(codes(await validateRound(t.db, round({ kind: 'final', poolIds: [pool] })))).toEqual([
			'poolShared'
		]);
	});

	it('leaves practice on public pools, and published public pools in graded rounds, alone', async () => {
		const practice = round({ kind: 'practice', name: 'Thi thử 2', poolIds: ['public'] });
		expect(codes(await validateRound(t.db, practice))).toEqual([]);
		expect((await createRound(t.db, practice, organiser, NOW)).ok).toBe(true);
		expect(codes(await validateRound(t.db, { ...practice, name: 'Thi thử 3' }))).toEqual([]);

		// A published bank is public anyway: two graded rounds may both draw from it.
		const open = await poolWithQuestion('de-cong-bo', 'public');
		await setPoolPublished(t.db, open, true, organiser, NOW);
		const first = await createRound(t.db, round({ name: 'Vòng công bố 1', poolIds: [open] }), organiser, NOW);
		expect(first.ok).toBe(true);
		expect(codes(await validateRound(t.db, round({ kind: 'final', poolIds: [open] })))).toEqual([]);
	});

	it('shows a round saved before the rule on the overview, and refuses to save it until it is fixed', async () => {
		const pool = await poolWithQuestion('de-cu', 'secret');
		const rule = round({ name: 'Vòng loại cũ', poolIds: [pool] });
		const saved = await createRound(t.db, rule, organiser, NOW);
		const id = saved.ok ? saved.id : '';
		// A final on the same pool, written straight to the database as a version without the
		// rule could have saved it.
		await t.db
			.insertInto('round')
			.values({
				...(await storedRound(id)),
				id: 'r-old-final',
				kind: 'final',
				name: 'Vòng chung kết cũ'
			})
			.execute();

		const overview = await roundsOverview(t.db, 'demo');
		const problemsOf = (roundId: string) => overview.find((o) => o.round.id === roundId)!.problems;
		expect(problemsOf(id)).toEqual([
			{ code: 'poolShared', params: { pool: `Ngân hàng ${pool}`, round: 'Vòng chung kết cũ' } }
		]);
		expect(problemsOf('r-old-final')).toEqual([
			{ code: 'poolShared', params: { pool: `Ngân hàng ${pool}`, round: 'Vòng loại cũ' } }
		]);
		expect(problemsOf('qualifying')).toEqual([]);

		const old = await storedRound('r-old-final');
		const unchanged = await updateRound(t.db, old.id, inputOf(old), organiser, NOW);
		expect(unchanged.ok ? [] : codes(unchanged)).toEqual(['poolShared']);
		const ownPool = await poolWithQuestion('de-chung-ket-cu', 'secret');
		expect(await updateRound(t.db, old.id, { ...inputOf(old), poolIds: [ownPool] }, organiser, NOW)).toEqual({
			ok: true,
			id: old.id
		});
		expect((await roundsOverview(t.db, 'demo')).find((o) => o.round.id === id)!.problems).toEqual([]);
	});

	it('compares only rounds of the same contest', async () => {
		const pool = await poolWithQuestion('de-nam-truoc', 'secret');
		await t.db
			.insertInto('contest')
			.values({
				id: 'older',
				name: 'Cuộc thi năm trước',
				starts_on: '2025-01-01',
				min_age: 12,
				created_at: 0
			})
			.execute();
		await t.db
			.insertInto('round')
			.values({
				...(await storedRound('qualifying')),
				id: 'r-older',
				contest_id: 'older',
				name: 'Vòng loại năm trước',
				settings: JSON.stringify({ blueprint: round().blueprint, poolIds: [pool] })
			})
			.execute();
		expect(await validateRound(t.db, round({ poolIds: [pool] }))).toEqual({ problems: [], shortfall: [] });
		const saved = await createRound(
			t.db,
			round({ name: 'Vòng loại năm nay', poolIds: [pool] }),
			organiser,
			NOW
		);
		expect(saved.ok).toBe(true);
		expect(codes(await validateRound(t.db, round({ kind: 'final', poolIds: [pool] })))).toEqual([
			'poolShared'
		]);
	});
});
