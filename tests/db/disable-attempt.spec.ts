// An organiser disables a candidate's account while its exam runs at home: the attempt is closed
// and graded on what the server holds then (account-admin.ts `closeHomeAttempts`), and what the
// device sends after is stored and does not count. On SQLite and PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDemoDb, type TestDb } from './testdb';
import { candidate, startedAtHome } from './results-fixture';
import { ingestBatch } from '../../src/lib/server/attempts';
import { setAccountDisabled } from '../../src/lib/server/account-admin';
import { chainEvent, type AnswerEvent } from '../../src/lib/exam/events';

const NOW = Date.UTC(2026, 10, 23, 2, 0);
let t: TestDb;
let organiser: string;

beforeAll(async () => {
	({ t, organiser } = await openDemoDb(NOW - 3600_000));
});
afterAll(async () => t.drop());

/** A new candidate's qualifying attempt at home, and its device's answers (each right). */
async function running() {
	const person = await candidate(t.db, 'Thí Sinh', 'my-tho');
	const { started: a, paper } = await startedAtHome(t.db, person.id, NOW);
	let prev = a.attemptId;
	let seq = 0;
	const send = async (i: number, at: number) => {
		seq += 1;
		const q = paper.questions[i];
		const e: AnswerEvent = await chainEvent(prev, {
			seq,
			questionId: q.id,
			choice: q.correct[0],
			at,
			elapsedMs: at - NOW
		});
		prev = e.hash;
		return ingestBatch(t.db, a.attemptId, { deviceId: 'phone', events: [e] }, at);
	};
	const row = () =>
		t.db
			.selectFrom('attempt')
			.select(['status', 'submit_reason', 'score'])
			.where('id', '=', a.attemptId)
			.executeTakeFirstOrThrow();
	const events = () =>
		t.db
			.selectFrom('answer_event')
			.select(['seq', 'counts', 'reason'])
			.where('attempt_id', '=', a.attemptId)
			.orderBy('seq')
			.execute();
	return { person, send, row, events };
}

describe('disabling an account while its exam runs at home', () => {
	it('closes the attempt and grades it on what the server holds; answers sent after are kept, not counted', async () => {
		const mine = await running();
		const other = await running();
		expect(await mine.send(0, NOW + 10_000)).toMatchObject({ ok: true, state: { status: 'running' } });
		expect(await mine.send(1, NOW + 20_000)).toMatchObject({ ok: true, state: { status: 'running' } });
		await other.send(0, NOW + 20_000);

		expect(
			await setAccountDisabled(
				t.db,
				{ actorId: organiser, userId: mine.person.id, disabled: true },
				NOW + 30_000
			)
		).toEqual({ ok: true, changed: true });
		expect(await mine.row()).toEqual({ status: 'submitted', submit_reason: 'account_disabled', score: 2 });
		// Someone who has the device (and its token) answers on: stored, told it is closed, not counted.
		expect(await mine.send(2, NOW + 40_000)).toMatchObject({ ok: true, state: { status: 'submitted' } });
		expect(await mine.events()).toEqual([
			{ seq: 1, counts: 1, reason: null },
			{ seq: 2, counts: 1, reason: null },
			{ seq: 3, counts: 0, reason: 'after_submit' }
		]);
		expect((await mine.row()).score).toBe(2);
		// Another candidate's exam goes on.
		expect(await other.row()).toMatchObject({ status: 'running' });
		const logged = await t.db
			.selectFrom('audit_log')
			.select('detail')
			.where('action', '=', 'account.disable')
			.where('target', '=', mine.person.id)
			.executeTakeFirstOrThrow();
		expect(JSON.parse(logged.detail)).toEqual({ closedAttempts: 1 });

		// Enabled again, the closed attempt stays closed.
		await setAccountDisabled(
			t.db,
			{ actorId: organiser, userId: mine.person.id, disabled: false },
			NOW + 50_000
		);
		expect(await mine.row()).toMatchObject({ status: 'submitted', submit_reason: 'account_disabled' });
	});
});
