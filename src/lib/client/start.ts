// Starting (or resuming) an attempt from the dashboard: the server draws the paper, the
// device stores it with its token, and the exam page then runs from IndexedDB alone.
import { localDb, type LocalAttempt } from './db';
import { deviceId, saveClockOffset } from './device';
import { clockOffset } from '$lib/exam/timer';
import { serverMessage } from './no-server';

/** `message`: `offline`, NO_SERVER (no usable answer), or the server's sentence. */
export type StartResult = { ok: true; attemptId: string } | { ok: false; message: string };

export async function startAttempt(roundId: string, userId: string): Promise<StartResult> {
	let sentAt = Date.now();
	let res: Response | null = null;
	// The token the server returns speaks for this device only (its events and its submit).
	const body = JSON.stringify({ deviceId: await deviceId() });
	// A start is safe to repeat (a running attempt is resumed), so a passing network error
	// is retried before the candidate is told to reconnect.
	for (let i = 0; i < 3 && !res; i++) {
		if (i > 0) await new Promise((r) => setTimeout(r, 1000 * i));
		sentAt = Date.now();
		res = await fetch(`/api/rounds/${encodeURIComponent(roundId)}/attempts`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body
		}).catch(() => null);
	}
	if (!res) return { ok: false, message: 'offline' };
	const started = await res.json().catch(() => null);
	if (!res.ok) return { ok: false, message: serverMessage(started) };
	await saveClockOffset(clockOffset(sentAt, Date.now(), started.now));
	const db = localDb();
	const held = await db.attempts.get(started.attemptId);
	const attempt: LocalAttempt = {
		attemptId: started.attemptId,
		userId,
		roundId,
		roundName: started.round.name,
		kind: started.round.kind,
		token: started.token,
		paper: started.paper,
		startedAt: started.startedAt,
		deadline: started.deadline,
		durationMs: started.durationMs,
		graceMs: started.graceMs,
		tiebreakPrompt: started.round.tiebreakPrompt,
		review: started.round.review,
		status: held?.status ?? 'running',
		flagged: held?.flagged ?? [],
		localSubmit: held?.localSubmit,
		result: held?.result
	};
	await db.attempts.put(attempt);
	return { ok: true, attemptId: attempt.attemptId };
}
