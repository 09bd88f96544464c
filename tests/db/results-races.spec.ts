// Decisions on a round's results sent at the same moment (two tabs, a double click) end as one
// after the other would. Checked first and written later, a correction and a finalisation both
// went through: the audit read voided → finalised → regraded and the frozen ranking no longer
// matched the scores; a prize change landed on a round just published. On PostgreSQL a second
// connection holds the round's row so that both calls are under way before either may write,
// in the order the test chooses; SQLite's one connection runs them side by side.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/lib/server/db';
import { dialectUnderTest, openDemoDb, type TestDb } from './testdb';
import { secondConnection } from './pg-holder';
import { candidate, createRound, takeAttempt } from './results-fixture';
import { correctQuestion, runRegrade } from '../../src/lib/server/results/regrade';
import {
	finaliseRound,
	publishRound,
	resultRound,
	savePrizes,
	saveUnitRule
} from '../../src/lib/server/results/publication';

let t: TestDb;
let organiser = '';
const NOW = Date.UTC(2026, 10, 23, 2, 0);
const T = NOW - 1800_000;
const AFTER = NOW + 2 * 3600_000; // createRound's rounds close an hour after NOW
const pgOnly = dialectUnderTest === 'postgres';

beforeAll(async () => {
	({ t, organiser } = await openDemoDb(NOW - 86400_000));
});
afterAll(async () => t?.drop());

let rounds = 0;
/** A closed round three candidates took: 6/6, 5/6 (q1 wrong), 5/6 (q2 wrong). */
async function takenRound(): Promise<string> {
	rounds += 1;
	const roundId = await createRound(t.db, NOW, `r-race-${rounds}`);
	const wrong = [[], ['q1'], ['q2']];
	for (const [i, w] of wrong.entries()) {
		const p = await candidate(t.db, `Thí Sinh Đua ${rounds} ${i}`, 'my-tho');
		await takeAttempt(t.db, roundId, p.id, { at: T, usedS: 100 + i, wrong: w, tiebreak: 100 });
	}
	return roundId;
}

/** The round's audited results decisions, oldest first. */
async function decisions(roundId: string): Promise<string[]> {
	const rows = await t.db
		.selectFrom('audit_log')
		.select('action')
		.where((eb) => eb.or([eb('target', '=', roundId), eb('target', 'like', `${roundId}/%`)]))
		.where('action', 'like', 'results.%')
		.orderBy('id')
		.execute();
	return rows.map((r) => r.action);
}

/** Frozen ranking rows whose score is not their attempt's score now. */
async function staleStanding(roundId: string): Promise<number> {
	const rows = await t.db
		.selectFrom('round_standing as s')
		.innerJoin('attempt as a', 'a.id', 's.attempt_id')
		.select(['s.score as frozen', 'a.score as now'])
		.where('s.round_id', '=', roundId)
		.execute();
	return rows.filter((r) => r.frozen !== r.now).length;
}

/**
 * PostgreSQL: a second connection holding the round's row FOR UPDATE, as a decision under way
 * holds it; `queued(n)` returns once n calls wait on a lock (or one of `calls` ended), and
 * `release` commits.
 */
async function holdRound(db: Db, roundId: string) {
	const holder = await secondConnection(db);
	const other = holder.client;
	await other.query('BEGIN');
	await other.query('SELECT id FROM round WHERE id = $1 FOR UPDATE', [roundId]);
	let open = true;
	return {
		queued: holder.queued,
		async release() {
			if (!open) return;
			open = false;
			await other.query('COMMIT').catch(() => {});
			await holder.end();
		}
	};
}

const finalise = (roundId: string) => finaliseRound(t.db, roundId, organiser, AFTER);
const voidQ1 = (roundId: string) =>
	correctQuestion(t.db, roundId, { questionId: 'q1', kind: 'void', reason: 'Đáp án sai' }, organiser, {
		now: AFTER
	});

/** Runs `first` and then `second` so that both are under way before either may write. */
async function race<A, B>(
	roundId: string,
	first: () => Promise<A>,
	second: () => Promise<B>
): Promise<[A, B]> {
	if (!pgOnly) return Promise.all([first(), second()]);
	const gate = await holdRound(t.db, roundId);
	try {
		const a = first();
		await gate.queued(1, a);
		const b = second();
		await gate.queued(2, a, b);
		await gate.release();
		return await Promise.all([a, b]);
	} finally {
		await gate.release();
	}
}

describe(`a question voided as the round is finalised (${dialectUnderTest})`, () => {
	it('finalised first: the correction is refused and the frozen ranking stands', async () => {
		const roundId = await takenRound();
		const [fin, cor] = await race(
			roundId,
			() => finalise(roundId),
			() => voidQ1(roundId)
		);
		expect(fin).toEqual({ ok: true });
		expect(cor).toEqual({ ok: false, code: 'finalised' });
		expect(
			await t.db.selectFrom('question_correction').selectAll().where('round_id', '=', roundId).execute()
		).toEqual([]);
		expect(await decisions(roundId)).toEqual(['results.finalised']);
		expect(await staleStanding(roundId)).toBe(0);
	});

	it('voided first: finalising waits for the re-grade, never finalises under it', async () => {
		const roundId = await takenRound();
		const [cor, fin] = await race(
			roundId,
			() => voidQ1(roundId),
			() => finalise(roundId)
		);
		expect(cor).toMatchObject({ ok: true, report: { attempts: 3, changed: 3 } });
		// Refused while the job ran; or, had the job ended first, finalised after it.
		if (!fin.ok) {
			expect(fin).toEqual({ ok: false, code: 'regrading' });
			expect(await finalise(roundId)).toEqual({ ok: true });
		}
		expect(await decisions(roundId)).toEqual([
			'results.question_voided',
			'results.regraded',
			'results.finalised'
		]);
		expect(await staleStanding(roundId)).toBe(0);
	});
});

describe(`prizes saved as the round is published (${dialectUnderTest})`, () => {
	const prizes = { first: 4, second: 1, third: 1, consolation: 0 };
	const unitPrizes = { first: 1, second: 0, third: 0, consolation: 0 };
	const save = (roundId: string) => savePrizes(t.db, roundId, prizes, unitPrizes, 1, organiser, AFTER);
	const publish = (roundId: string) => publishRound(t.db, roundId, true, organiser, AFTER);

	it('published first: the save is refused and the published prizes stand', async () => {
		const roundId = await takenRound();
		expect(await finalise(roundId)).toEqual({ ok: true });
		const before = (await resultRound(t.db, roundId))!.settings;
		const [pub, saved] = await race(
			roundId,
			() => publish(roundId),
			() => save(roundId)
		);
		expect(pub).toEqual({ ok: true });
		if (saved.ok) {
			// SQLite may run the save's transaction first: then it was saved, and published as saved.
			expect(pgOnly).toBe(false);
			expect(await decisions(roundId)).toEqual([
				'results.finalised',
				'results.settings',
				'results.published'
			]);
		} else {
			expect(saved).toEqual({ ok: false, code: 'publishedSettings' });
			expect((await resultRound(t.db, roundId))!.settings).toEqual(before);
			expect(await decisions(roundId)).toEqual(['results.finalised', 'results.published']);
		}
	});

	it('saved first: published with the saved prizes', async () => {
		const roundId = await takenRound();
		expect(await finalise(roundId)).toEqual({ ok: true });
		const [saved, pub] = await race(
			roundId,
			() => save(roundId),
			() => publish(roundId)
		);
		expect(saved).toEqual({ ok: true });
		expect(pub).toEqual({ ok: true });
		expect((await resultRound(t.db, roundId))!.settings.prizes).toEqual(prizes);
		expect(await decisions(roundId)).toEqual(['results.finalised', 'results.settings', 'results.published']);
	});

	it('the unit rule and the prizes saved at once are both kept', async () => {
		const roundId = await takenRound();
		const rule = () => saveUnitRule(t.db, roundId, 'average', 10, organiser, AFTER);
		expect(await race(roundId, () => save(roundId), rule)).toEqual([{ ok: true }, { ok: true }]);
		const settings = (await resultRound(t.db, roundId))!.settings;
		expect(settings).toMatchObject({ unitRule: 'average', prizes, unitPrizes });
	});
});

describe(`a question voided as the re-grade ends (${dialectUnderTest})`, () => {
	it('the job takes the new question on; it never ends with attempts still queued', async () => {
		const roundId = await takenRound();
		// A job whose queue is empty, about to be marked finished.
		await t.db
			.insertInto('regrade_job')
			.values({
				round_id: roundId,
				requested_at: AFTER,
				question_ids: JSON.stringify(['q3']),
				actor_id: organiser,
				finished_at: null,
				done: 0,
				changed: 0,
				lease_until: null
			})
			.execute();
		let calls = 0;
		let voided: ReturnType<typeof voidQ1> | undefined;
		// The job reads the clock to claim the job, then to mark it finished: the correction is
		// sent between its look at the empty queue and that mark.
		const job = runRegrade(t.db, roundId, () => {
			if (++calls === 2) voided = voidQ1(roundId);
			return Date.now();
		});
		await job;
		expect(await voided).toMatchObject({ ok: true });
		const left = await t.db
			.selectFrom('regrade_item')
			.select('attempt_id')
			.where('round_id', '=', roundId)
			.execute();
		expect(left).toEqual([]);
		const scores = await t.db.selectFrom('attempt').select('score').where('round_id', '=', roundId).execute();
		// q1 voided: 5 of 5, 5 of 5 (its wrong answer no longer counts), 4 of 5.
		expect(scores.map((s) => s.score).sort()).toEqual([4, 5, 5]);
	});
});
