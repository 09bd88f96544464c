// An attacker at home with the token a browser holds and curl: past the deadline, the grace is
// for answers a device brings back, not for answers made in it (close.ts `handsInLate`).
import { expect, test } from '@playwright/test';
import { createRound, registerCandidate, SHARED_DB, storedEvents } from './support/fixtures';
import { chainEvent } from '../../src/lib/exam/events';

test('a client that heartbeats past the deadline and then sends "answers made in time" gets none of them counted', async ({
	request
}) => {
	test.setTimeout(120_000);
	const who = await registerCandidate(request);
	const roundId = await createRound(SHARED_DB, { durationS: 3, graceS: 120 });
	const session = await request.post('/api/session', { data: { login: who.login, password: who.password } });
	expect(session.status(), await session.text()).toBe(200);
	const start = await request.post(`/api/rounds/${roundId}/attempts`, { data: { deviceId: 'bent-1' } });
	expect(start.status(), await start.text()).toBe(201);
	const started = await start.json();
	const send = (events: unknown[]) =>
		request.post(`/api/attempts/${started.attemptId}/events`, {
			data: { deviceId: 'bent-1', events },
			headers: { authorization: `Bearer ${started.token}` }
		});
	const q = started.paper.questions;
	const first = await chainEvent(started.attemptId, {
		seq: 1,
		questionId: q[0].id,
		choice: q[0].options[0].id,
		at: Date.now(),
		elapsedMs: 500
	});
	expect((await (await send([first])).json()).state.status).toBe('running');

	// The client keeps its heartbeats going past the deadline, by more than a batch may be on its
	// way (HANDIN_SLACK_MS, 30 s).
	const { attempt } = await storedEvents(SHARED_DB, started.attemptId);
	const deadline = Number(attempt.started_at) + Number(attempt.duration_ms);
	await expect
		.poll(async () => ((await (await request.get('/api/time')).json()) as { now: number }).now, {
			timeout: 60_000
		})
		.toBeGreaterThan(deadline + 30_000);
	const beat = await send([]);
	expect(beat.status()).toBe(200);
	expect((await beat.json()).state.status).toBe('submitted');

	// Then, well within the grace, answers claimed to be made in time: stored, not counted.
	const second = await chainEvent(first.hash, {
		seq: 2,
		questionId: q[1].id,
		choice: q[1].options[0].id,
		at: deadline - 1000,
		elapsedMs: 2_000
	});
	const late = await send([second]);
	expect(late.status()).toBe(200);
	expect(await late.json()).toMatchObject({ acked: 2, state: { status: 'submitted' } });
	const { events, attempt: closed } = await storedEvents(SHARED_DB, started.attemptId);
	expect(events.map((e) => [e.seq, e.counts])).toEqual([
		[1, 1],
		[2, 0]
	]);
	expect([closed.status, closed.submit_reason]).toEqual(['submitted', 'timeout']);
});
