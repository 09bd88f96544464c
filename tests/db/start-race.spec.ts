// A round's first start racing the organiser's save. A start reads the round, draws the paper
// from it (the slow part), and only then stores the attempt; a save of the round landing in
// between used to be allowed (the round had no attempt yet), and the attempt was stored under
// the rules read before it: 25 minutes while the round now said 10. Once a round has an attempt
// it keeps its rules (round-locked.spec), so that attempt stayed the only one sat under them.
// On SQLite and PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import type { Db } from '../../src/lib/server/db';
import { dialectUnderTest, openDemoDb, type TestDb } from './testdb';
import { secondConnection } from './pg-holder';
import { candidate, secret } from './results-fixture';
import { newAttemptRow, openWithinLimits, startAttempt } from '../../src/lib/server/attempts';
import { createRound, getRound, inputOf, roundDefaults, updateRound } from '../../src/lib/server/rounds';
import { createPool } from '../../src/lib/server/bank/topics';
import { createQuestion } from '../../src/lib/server/bank/questions';

const DAY = 24 * 3600 * 1000;
const NOW = Date.UTC(2026, 10, 23, 2, 0);
const TEN_MINUTES = 10 * 60;
let t: TestDb;
let organiser = '';

beforeAll(async () => {
	({ t, organiser } = await openDemoDb(NOW - DAY));
});
afterAll(async () => t?.drop());

/** A new qualifying round of one question from its own secret pool, open now, 25 minutes long, no attempt yet. */
async function freshRound(name: string): Promise<string> {
	const poolId = `p-${randomUUID()}`;
	await createPool(t.db, { id: poolId, name: `Ngân hàng ${name}`, visibility: 'secret' }, organiser, NOW);
	const q = await createQuestion(
		t.db,
		{
			poolId,
			topicId: 'cuoc-thi',
			difficulty: 1,
			draft: {
				text: `${name} có mấy lượt thi?`,
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
			...roundDefaults('qualifying', 12, NOW),
			name,
			opensAt: NOW - 3600_000,
			closesAt: NOW + DAY,
			questionCount: 1,
			blueprint: [{ topic: 'cuoc-thi', difficulty: 1, count: 1 }],
			poolIds: [poolId]
		},
		organiser,
		NOW - 2 * 3600_000
	);
	if (!created.ok) throw new Error(JSON.stringify(created));
	return created.id;
}

const shorten = async (id: string) =>
	updateRound(t.db, id, { ...inputOf((await getRound(t.db, id))!), durationS: TEN_MINUTES }, organiser, NOW);

const storedAttempts = (roundId: string) =>
	t.db.selectFrom('attempt').select(['duration_ms']).where('round_id', '=', roundId).execute();

describe(`a round saved between a start's read and its insert (${dialectUnderTest})`, () => {
	it('stores nothing under the rules read before the save', async () => {
		const id = await freshRound('Vòng phụ A');
		const read = (await getRound(t.db, id))!;
		expect(await shorten(id)).toEqual({ ok: true, id });
		const p = await candidate(t.db, 'Lê Văn Đọc Trước', 'my-tho');
		const row = newAttemptRow({
			id: randomUUID(),
			round_id: id,
			user_id: p.id,
			seed: 'seed',
			mode: 'home',
			status: 'running',
			created_at: NOW,
			started_at: NOW,
			duration_ms: read.duration_s * 1000,
			grace_ms: read.grace_s * 1000
		});
		const opened = await openWithinLimits(t.db, read, row, '{}', {
			held: async () => undefined,
			opened: () => 'opened' as const
		});
		expect(opened).toEqual({ ok: false, code: 'roundChanged' });
		expect(await storedAttempts(id)).toEqual([]);
	});

	it('starts the candidate under the saved rules: 10 minutes, as the round now says', async () => {
		const id = await freshRound('Vòng phụ B');
		const p = await candidate(t.db, 'Trần Thị Bắt Đầu', 'my-tho');
		// The save commits in the window: after the start read the round, before its transaction.
		let saved: Awaited<ReturnType<typeof shorten>> | undefined;
		const racing = new Proxy(t.db, {
			get(target, prop) {
				if (prop === 'transaction' && saved === undefined) {
					return () => ({
						execute: async (fn: (tx: Db) => Promise<unknown>) => {
							saved = await shorten(id);
							return target.transaction().execute(fn);
						}
					});
				}
				const v = Reflect.get(target, prop, target);
				return typeof v === 'function' ? v.bind(target) : v;
			}
		});
		const started = await startAttempt(racing, secret, { userId: p.id, roundId: id }, NOW);
		expect(saved).toEqual({ ok: true, id });
		expect(started.ok && started.deadline - started.startedAt).toBe(TEN_MINUTES * 1000);
		expect(await storedAttempts(id)).toEqual([{ duration_ms: TEN_MINUTES * 1000 }]);
	});

	it('waits for a save in progress and reads what it wrote', async () => {
		const id = await freshRound('Vòng phụ C');
		const p = await candidate(t.db, 'Võ Minh Chờ Lưu', 'my-tho');
		if (dialectUnderTest === 'sqlite') {
			// One writer: the save's transaction is whole before the start's begins.
			expect(await shorten(id)).toEqual({ ok: true, id });
			expect((await startAttempt(t.db, secret, { userId: p.id, roundId: id }, NOW)).ok).toBe(true);
		} else {
			const holder = await secondConnection(t.db);
			const other = holder.client;
			try {
				// The organiser's save: the round's row locked and changed, not yet committed.
				await other.query('BEGIN');
				await other.query('SELECT id FROM round WHERE id = $1 FOR UPDATE', [id]);
				await other.query('UPDATE round SET duration_s = $1 WHERE id = $2', [TEN_MINUTES, id]);
				let settled = false;
				const starting = startAttempt(t.db, secret, { userId: p.id, roundId: id }, NOW).finally(
					() => (settled = true)
				);
				const waiting = async () => (await holder.lockWaiters()) > 0;
				while (!settled && !(await waiting())) await new Promise((r) => setTimeout(r, 10));
				expect(settled, 'the start went ahead while the round was being saved').toBe(false);
				await other.query('COMMIT');
				expect((await starting).ok).toBe(true);
			} finally {
				await other.query('ROLLBACK').catch(() => {});
				await holder.end();
			}
		}
		expect(await storedAttempts(id)).toEqual([{ duration_ms: TEN_MINUTES * 1000 }]);
	});
});
