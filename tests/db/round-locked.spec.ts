// A graded round that candidates have sat keeps what decides the paper, the score and the time.
// A review: after 5 attempts at 30 questions in 25 minutes, the organiser set 20 questions in 5
// minutes and it saved; the next candidate scored 20/20 and ranked above a 30/30 (the ranking
// compares shares of the maximum, then time), so the first prize went to the wrong person.
// On SQLite and PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { dialectUnderTest, openDemoDb, type TestDb } from './testdb';
import { secondConnection } from './pg-holder';
import { candidate, secret } from './results-fixture';
import { newAttemptRow, startAttempt } from '../../src/lib/server/attempts';
import {
	createRound,
	getRound,
	inputOf,
	msToVietnamLocal,
	roundDefaults,
	updateRound,
	type RoundInput
} from '../../src/lib/server/rounds';
import {
	readRoundForm,
	roundFormValues,
	roundProblemText,
	type RoundFormValues
} from '../../src/lib/server/bank/forms';
import { createPool } from '../../src/lib/server/bank/topics';
import { createQuestion, setQuestionStatus } from '../../src/lib/server/bank/questions';
import { parseRoundSettings } from '../../src/lib/server/round-settings';

const DAY = 24 * 3600 * 1000;
const NOW = Date.UTC(2026, 10, 23, 2, 0);
/** The demo's rounds open at its seeding, 42.123 s past a minute: the form shows minutes only. */
const SEEDED = NOW - DAY + 42_123;
let t: TestDb;
let organiser = '';

beforeAll(async () => {
	({ t, organiser } = await openDemoDb(SEEDED));
});
afterAll(async () => t?.drop());

const stored = async (id: string) => (await getRound(t.db, id))!;
async function save(id: string, over: (was: RoundInput) => Partial<RoundInput>) {
	const was = inputOf(await stored(id));
	return updateRound(t.db, id, { ...was, ...over(was) }, organiser, NOW);
}
const codes = (r: Awaited<ReturnType<typeof updateRound>>) => (r.ok ? [] : r.problems.map((p) => p.code));

/** The form as the browser sends it back, every field as it shows it. */
function formOf(v: RoundFormValues): FormData {
	const form = new FormData();
	for (const [k, value] of Object.entries(v)) {
		if (k === 'poolIds') for (const id of v.poolIds) form.append('poolIds', id);
		else if (k === 'cells') for (const [cell, n] of Object.entries(v.cells)) form.set(`cell:${cell}`, n);
		else if (k === 'reviewAfter') {
			if (value) form.set('reviewAfter', 'on');
		} else form.set(k, String(value));
	}
	return form;
}

/** An attempt of the round as the server stores one, of the given status. */
async function attemptRow(roundId: string, status: 'waiting' | 'submitted', name: string) {
	const p = await candidate(t.db, name, 'my-tho');
	return newAttemptRow({
		id: randomUUID(),
		round_id: roundId,
		user_id: p.id,
		seed: 'seed',
		mode: status === 'waiting' ? 'venue' : 'home',
		status,
		created_at: NOW,
		started_at: status === 'waiting' ? null : NOW,
		duration_ms: 1500_000,
		grace_ms: 120_000
	});
}

describe('the qualifying round, once a candidate has started it', () => {
	beforeAll(async () => {
		const first = await candidate(t.db, 'Phạm Thị Thi Trước', 'my-tho');
		const started = await startAttempt(t.db, secret, { userId: first.id, roundId: 'qualifying' }, NOW);
		if (!started.ok) throw new Error(JSON.stringify(started));
		expect(started.paper.questions).toHaveLength(30);
		// A secret pool no other round uses, for the change of pools below.
		const spare = { id: 'du-phong', name: 'Ngân hàng dự phòng', visibility: 'secret' as const };
		expect(await createPool(t.db, spare, organiser, NOW)).toEqual({ ok: true, id: 'du-phong' });
	});

	it('refuses 20 questions in 5 minutes, and the next candidate sits 30 in 25 as the first did', async () => {
		const before = await stored('qualifying');
		// The demo's 30: per topic 3 easy, 3 or 2 medium, 2 hard. 20 of them: no hard ones, and
		// one medium for the first topic (3+1 + 3+3 + 3+2 + 3+2).
		const twenty = (was: RoundInput) => {
			const cells = was.blueprint.filter((c) => c.difficulty < 3);
			return cells.map((c) => (c === cells[1] ? { ...c, count: 1 } : c));
		};
		const result = await save('qualifying', (was) => ({
			questionCount: 20,
			blueprint: twenty(was),
			durationS: 5 * 60
		}));
		expect(twenty(inputOf(before)).reduce((s, c) => s + c.count, 0)).toBe(20);
		expect(result).toEqual({
			ok: false,
			problems: [
				{ code: 'roundLocked', params: { attempts: 1 } },
				{ code: 'lockedField', params: { field: 'questionCount' } },
				{ code: 'lockedField', params: { field: 'blueprint' } },
				{ code: 'lockedField', params: { field: 'durationS' } }
			],
			shortfall: []
		});
		const problems = result.ok ? [] : result.problems;
		const vi = roundProblemText('vi', problems);
		expect(vi[0]).toMatch(
			/^Vòng thi đã có 1 bài làm .*Những gì vẫn sửa được: tên, thời gian đóng \(muộn hơn\)/
		);
		expect(vi.slice(1)).toEqual([
			'Không đổi được nữa: "Số câu hỏi".',
			'Không đổi được nữa: "Ma trận đề: số câu theo chủ đề × mức độ".',
			'Không đổi được nữa: "Thời gian làm bài".'
		]);
		const en = roundProblemText('en', problems);
		expect(en[0]).toMatch(
			/^The round already has 1 attempt \(.*What can still change: the name, a later closing time/
		);
		expect(en.slice(1)).toEqual([
			'Can no longer change: "Number of questions".',
			'Can no longer change: "Blueprint: questions per topic × difficulty".',
			'Can no longer change: "Time allowed".'
		]);
		expect(await stored('qualifying')).toEqual(before);

		const next = await candidate(t.db, 'Võ Văn Thi Sau', 'my-tho');
		const started = await startAttempt(
			t.db,
			secret,
			{ userId: next.id, roundId: 'qualifying' },
			NOW + 60_000
		);
		if (!started.ok) throw new Error(JSON.stringify(started));
		expect(started.paper.questions).toHaveLength(30);
		expect(started.durationMs).toBe(25 * 60_000);
	});

	it.each<[string, (was: RoundInput) => Partial<RoundInput>, string, string]>([
		['the grace period', () => ({ graceS: 60 }), 'lockedField', 'graceS'],
		['more attempts', () => ({ maxAttempts: 5 }), 'lockedField', 'maxAttempts'],
		['no attempt limit', () => ({ maxAttempts: null }), 'lockedField', 'maxAttempts'],
		['more attempts a week', () => ({ maxAttemptsPerWeek: 2 }), 'lockedField', 'maxAttemptsPerWeek'],
		['the minimum age', () => ({ minAge: 18 }), 'lockedField', 'minAge'],
		['the kind', () => ({ kind: 'final' }), 'lockedField', 'kind'],
		['another pool', () => ({ poolIds: ['secret', 'du-phong'] }), 'lockedField', 'poolIds'],
		[
			'the tie-break question',
			(was) => ({ tiebreak: { prompt: 'Dự đoán số đơn vị tham gia?', truth: was.tiebreak!.truth } }),
			'lockedField',
			'tiebreakPrompt'
		],
		['no tie-break question', () => ({ tiebreak: null }), 'lockedField', 'tiebreakPrompt'],
		['the opening time', (was) => ({ opensAt: was.opensAt + DAY }), 'lockedField', 'opensAt'],
		['an earlier closing time', (was) => ({ closesAt: was.closesAt - DAY }), 'closesOnlyLater', 'closesAt']
	])('refuses %s', async (_, over, code, field) => {
		const before = await stored('qualifying');
		const result = await save('qualifying', over);
		expect(result.ok ? [] : result.problems.slice(1)).toEqual([{ code, params: { field } }]);
		expect(codes(result)[0]).toBe('roundLocked');
		expect(await stored('qualifying')).toEqual(before);
	});

	it('saves the name, a later closing time, the true figure, and the form sent back as it came', async () => {
		for (const locale of ['vi', 'en'] as const) {
			// Untouched: the times come back to the minute (08:00:42 as 08:00), and that is no change.
			const read = readRoundForm(formOf(roundFormValues(inputOf(await stored('qualifying')), locale)));
			expect(await updateRound(t.db, 'qualifying', read.input!, organiser, NOW)).toEqual({
				ok: true,
				id: 'qualifying'
			});
		}
		const values = roundFormValues(inputOf(await stored('qualifying')), 'vi');
		const read = readRoundForm(
			formOf({
				...values,
				name: 'Vòng loại (đổi tên)',
				closesAt: msToVietnamLocal(NOW + 60 * DAY),
				tiebreakTruth: '1.234'
			})
		);
		expect(await updateRound(t.db, 'qualifying', read.input!, organiser, NOW)).toEqual({
			ok: true,
			id: 'qualifying'
		});
		const after = await stored('qualifying');
		expect(after).toMatchObject({
			name: 'Vòng loại (đổi tên)',
			opens_at: NOW - DAY,
			closes_at: NOW + 60 * DAY,
			question_count: 30,
			duration_s: 25 * 60,
			grace_s: 120,
			max_attempts: 3,
			max_attempts_per_week: 1
		});
		expect(parseRoundSettings(after.settings).tiebreak?.truth).toBe(1234);
	});
});

describe('a practice round with attempts', () => {
	it('stays editable, but keeps its kind: its attempts must not count in a ranking', async () => {
		await t.db
			.insertInto('attempt')
			.values(await attemptRow('practice', 'submitted', 'Đỗ Thi Thử'))
			.execute();
		expect(await save('practice', () => ({ durationS: 10 * 60, graceS: 0 }))).toEqual({
			ok: true,
			id: 'practice'
		});
		expect(await stored('practice')).toMatchObject({ duration_s: 600, grace_s: 0 });
		const graded = await save('practice', () => ({ kind: 'qualifying' }));
		expect(graded.ok ? [] : graded.problems[0]).toEqual({
			code: 'practiceKindLocked',
			params: { attempts: 1 }
		});
		expect(await stored('practice')).toMatchObject({ kind: 'practice' });
	});
});

describe('a final whose papers are drawn, before it opens', () => {
	it('may move its window, not change its paper', async () => {
		await t.db
			.insertInto('attempt')
			.values(await attemptRow('final', 'waiting', 'Lý Chung Kết'))
			.execute();
		const was = await stored('final');
		expect(await save('final', (w) => ({ opensAt: w.opensAt + DAY, closesAt: w.closesAt + DAY }))).toEqual({
			ok: true,
			id: 'final'
		});
		expect(await stored('final')).toMatchObject({
			opens_at: was.opens_at + DAY,
			closes_at: was.closes_at + DAY
		});
		expect(await save('final', () => ({ durationS: 20 * 60 }))).toEqual({
			ok: false,
			problems: [
				{ code: 'roundLocked', params: { attempts: 1 } },
				{ code: 'lockedField', params: { field: 'durationS' } }
			],
			shortfall: []
		});
	});
});

describe(`an attempt stored while the organiser saves (${dialectUnderTest})`, () => {
	it('is counted: the save waits for it and is refused, rather than changing the paper under it', async () => {
		await createPool(t.db, { id: 'p-race', name: 'Ngân hàng dự bị', visibility: 'secret' }, organiser, NOW);
		const q = await createQuestion(
			t.db,
			{
				poolId: 'p-race',
				topicId: 'cuoc-thi',
				difficulty: 1,
				draft: {
					text: 'Vòng chung kết dự bị có mấy lượt thi?',
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
		const created = await createRound(
			t.db,
			{
				...roundDefaults('final', 12, NOW),
				name: 'Vòng chung kết dự bị',
				opensAt: NOW + 2 * DAY,
				closesAt: NOW + 3 * DAY,
				questionCount: 1,
				blueprint: [{ topic: 'cuoc-thi', difficulty: 1, count: 1 }],
				poolIds: ['p-race']
			},
			organiser,
			NOW
		);
		const id = created.ok ? created.id : '';
		const row = await attemptRow(id, 'waiting', 'Mai Vào Cùng Lúc');
		const saveShorter = () => save(id, () => ({ durationS: 10 * 60 }));
		let result: Awaited<ReturnType<typeof updateRound>>;
		if (dialectUnderTest === 'sqlite') {
			// One writer: the attempt's transaction is whole before the save's begins.
			await t.db.insertInto('attempt').values(row).execute();
			result = await saveShorter();
		} else {
			const holder = await secondConnection(t.db);
			const other = holder.client;
			try {
				// A start's transaction: the attempt inserted, not yet committed.
				await other.query('BEGIN');
				const insert = t.db.insertInto('attempt').values(row).compile();
				await other.query(insert.sql, [...insert.parameters]);
				let settled = false;
				const saving = saveShorter().finally(() => (settled = true));
				// Either the save waits on the round's row for the attempt, or it went ahead without it.
				const waiting = async () => (await holder.lockWaiters()) > 0;
				while (!settled && !(await waiting())) await new Promise((r) => setTimeout(r, 10));
				expect(settled, 'the save went ahead while an attempt was being stored').toBe(false);
				await other.query('COMMIT');
				result = await saving;
			} finally {
				await other.query('ROLLBACK').catch(() => {});
				await holder.end();
			}
		}
		expect(result).toEqual({
			ok: false,
			problems: [
				{ code: 'roundLocked', params: { attempts: 1 } },
				{ code: 'lockedField', params: { field: 'durationS' } }
			],
			shortfall: []
		});
		expect(await stored(id)).toMatchObject({ duration_s: 25 * 60 });
	});
});

describe('a sat round whose bank changed since', () => {
	it('still saves its name and a later close: a retired question, a pool an older version let the final share', async () => {
		// The qualifying round has its attempt (above). Retire one of its questions: the pool is short.
		const [one] = await t.db
			.selectFrom('question')
			.select('id')
			.where('pool_id', '=', 'secret')
			.where('status', '=', 'active')
			.execute();
		expect((await setQuestionStatus(t.db, one.id, 'retired', organiser, NOW)).ok).toBe(true);
		// An older version let the final draw on the qualifying round's secret pool too.
		const final = await stored('final');
		const settings = { ...JSON.parse(final.settings), poolIds: ['secret'] };
		await t.db
			.updateTable('round')
			.set({ settings: JSON.stringify(settings) })
			.where('id', '=', 'final')
			.execute();
		await t.db
			.insertInto('attempt')
			.values(await attemptRow('final', 'waiting', 'Đỗ Văn Vào Chung Kết'))
			.execute();

		const rename = await save('qualifying', () => ({ name: 'Vòng loại cấp tỉnh', closesAt: NOW + 61 * DAY }));
		expect(rename).toEqual({ ok: true, id: 'qualifying' });
		expect(await save('final', () => ({ name: 'Chung kết cấp tỉnh' }))).toEqual({ ok: true, id: 'final' });
		expect(await stored('qualifying')).toMatchObject({
			name: 'Vòng loại cấp tỉnh',
			closes_at: NOW + 61 * DAY
		});
		// The name is still required, and a locked field is still named.
		expect(codes(await save('final', () => ({ name: ' ', durationS: 60 })))).toEqual([
			'roundLocked',
			'lockedField',
			'required'
		]);
	});
});
