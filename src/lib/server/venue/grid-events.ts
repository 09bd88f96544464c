// What the console's grid reads of a room's answer events, per attempt: how many questions
// are answered by the rule that counts, whether any answer arrived, and each tablet's last
// arrival. Polled every second, it read every event of the room each time (30,000 rows at the
// end of a 1,000-seat final). Events are only ever added, and which of them count changes only
// when the attempt is graded; so each attempt's summary is kept with its event count, last
// event id and grading time, and an attempt's events are read again only when one of those
// moved (one grouped count a poll tells which). Any process reads the same marks.
import { sql } from 'kysely';
import type { Db } from '../db';
import { mergeAnswers, type DeviceEvent } from '$lib/exam/merge';
import { TIEBREAK_ID } from '$lib/exam/events';

export interface AttemptEvents {
	answered: number;
	/** An answer (not the tie-break) arrived. */
	anyAnswer: boolean;
	/** Device id → the last arrival of its events. */
	lastReceived: Map<string, number>;
}

interface Kept extends AttemptEvents {
	mark: string;
}

// Per database (as presence.ts): the same attempt id in two databases is two attempts.
const keptBy = new WeakMap<object, Map<string, Kept>>();
const KEPT_MAX = 20_000;
const IN_CHUNK = 500;

/** Per attempt of the room with any event; `gradedAt` gives each attempt's grading time. */
export async function roomAttemptEvents(
	db: Db,
	roomId: string,
	gradedAt: Map<string, number | null>
): Promise<Map<string, AttemptEvents>> {
	const marks = await db
		.selectFrom('answer_event')
		.innerJoin('finalist', 'finalist.attempt_id', 'answer_event.attempt_id')
		.select([
			'answer_event.attempt_id',
			sql<number>`count(*)`.as('n'),
			sql<number>`max(answer_event.id)`.as('last_id')
		])
		.where('finalist.room_id', '=', roomId)
		.groupBy('answer_event.attempt_id')
		.execute();
	const key = db.getExecutor().adapter;
	let kept = keptBy.get(key);
	if (!kept) keptBy.set(key, (kept = new Map()));
	const out = new Map<string, AttemptEvents>();
	const stale = new Map<string, string>();
	for (const m of marks) {
		const mark = `${m.n}|${m.last_id}|${gradedAt.get(m.attempt_id) ?? ''}`;
		const held = kept.get(m.attempt_id);
		if (held?.mark === mark) out.set(m.attempt_id, held);
		else stale.set(m.attempt_id, mark);
	}
	const ids = [...stale.keys()];
	for (let i = 0; i < ids.length; i += IN_CHUNK) {
		const rows = await db
			.selectFrom('answer_event')
			.select([
				'attempt_id',
				'device_id',
				'seq',
				'question_id',
				'choice',
				'at',
				'elapsed_ms',
				'hash',
				'counts',
				'received_at'
			])
			.where('attempt_id', 'in', ids.slice(i, i + IN_CHUNK))
			.execute();
		const byAttempt = new Map<string, typeof rows>();
		for (const r of rows) {
			const list = byAttempt.get(r.attempt_id);
			if (list) list.push(r);
			else byAttempt.set(r.attempt_id, [r]);
		}
		for (const [attemptId, list] of byAttempt) {
			const answers: DeviceEvent[] = [];
			const lastReceived = new Map<string, number>();
			for (const e of list) {
				lastReceived.set(e.device_id, Math.max(lastReceived.get(e.device_id) ?? 0, e.received_at));
				if (e.question_id === TIEBREAK_ID) continue;
				answers.push({
					deviceId: e.device_id,
					counts: e.counts === 1,
					event: {
						seq: e.seq,
						questionId: e.question_id,
						choice: e.choice,
						at: e.at,
						elapsedMs: e.elapsed_ms,
						hash: e.hash
					}
				});
			}
			const summary: Kept = {
				mark: stale.get(attemptId)!,
				answered: mergeAnswers(answers).size,
				anyAnswer: answers.length > 0,
				lastReceived
			};
			if (kept.size >= KEPT_MAX) kept.delete(kept.keys().next().value!);
			kept.set(attemptId, summary);
			out.set(attemptId, summary);
		}
	}
	return out;
}
