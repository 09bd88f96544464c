// What one device may make the server hold for an attempt is bounded, so no candidate can make
// every batch slower by flooding an attempt: a seq at most MAX_SEQ_AHEAD past what the server
// acknowledged (events the chain cannot reach are read again by every batch), and at most
// MAX_SEQ_VERSIONS different events under one seq. Beyond them the whole batch is refused
// (422, nothing of it stored), as DESIGN.md's sync contract treats a batch over a limit.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { openDemoDb, type TestDb } from './testdb';
import { DEMO_ACCOUNTS } from '../../src/lib/server/demo/seed';
import { ingestBatch, startAttempt, type StartedAttempt } from '../../src/lib/server/attempts';
import { refusal } from '../../src/lib/server/http';
import { chainEvent, type AnswerEvent } from '../../src/lib/exam/events';

const NOW = Date.UTC(2026, 10, 23, 2, 0);
const DEVICE = 'flooding-device';
let t: TestDb;
let a: StartedAttempt;

beforeAll(async () => {
	({ t } = await openDemoDb(NOW - 3600_000));
	const user = await t.db
		.selectFrom('app_user')
		.select('id')
		.where('phone', '=', DEMO_ACCOUNTS.candidates[1].phone)
		.executeTakeFirstOrThrow();
	const started = await startAttempt(t.db, randomBytes(32), { userId: user.id, roundId: 'qualifying' }, NOW);
	if (!started.ok) throw new Error(JSON.stringify(started));
	a = started;
});
afterAll(async () => t.drop());

/** An event under `seq` answering the paper's first question with option `option`. */
function event(seq: number, option = 0, prev = a.attemptId): Promise<AnswerEvent> {
	const q = a.paper.questions[0];
	return chainEvent(prev, { seq, questionId: q.id, choice: q.options[option].id, at: NOW, elapsedMs: seq });
}
const post = (events: AnswerEvent[]) =>
	ingestBatch(t.db, a.attemptId, { deviceId: DEVICE, events }, NOW + 1000);
const stored = async () =>
	(
		await t.db
			.selectFrom('answer_event')
			.select('seq')
			.where('attempt_id', '=', a.attemptId)
			.where('device_id', '=', DEVICE)
			.execute()
	).map((r) => r.seq);

describe('the bounds of what one device may make the server hold', () => {
	it('takes a seq up to 1,000 past the acknowledged one, and refuses a batch reaching past it whole', async () => {
		const first = await event(1);
		expect(await post([first])).toMatchObject({ ok: true, acked: 1 });
		// Acknowledged 1: seq 1,001 is the farthest a batch may reach.
		expect(await post([await event(1001)])).toMatchObject({ ok: true, acked: 1, stored: 1 });
		const over = await post([await event(2, 0, first.hash), await event(1002)]);
		expect(over).toEqual({ ok: false, code: 'seqTooFarAhead', params: { n: 1000 } });
		expect(refusal(over as Exclude<typeof over, { ok: true }>).status).toBe(422);
		expect((await stored()).sort((x, y) => x - y)).toEqual([1, 1001]);
	});

	it('holds two different events under one seq, then refuses a third, and still takes a replay', async () => {
		// Seq 1 holds option 0; one other version is stored and flagged as a conflict.
		expect(await post([await event(1, 1)])).toMatchObject({ ok: true, stored: 1 });
		const third = { ...(await event(1, 0)), elapsedMs: 999 };
		const refused = await post([await event(3), third]);
		expect(refused).toEqual({ ok: false, code: 'tooManyVersions', params: { n: 2 } });
		expect((await stored()).filter((s) => s === 1)).toHaveLength(2);
		expect(await stored()).not.toContain(3);
		expect(await post([await event(1, 1)])).toMatchObject({ ok: true, stored: 0 });
	});
});
