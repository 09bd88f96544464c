// What the console's grid reads of a room's answer events, per attempt: how many questions
// are answered by the rule that counts, whether any answer arrived, and each tablet's last
// arrival. Polled every second, it read every event of the room each time (30,000 rows at the
// end of a 1,000-seat final). Events are only ever added, and which of them count changes only
// when the attempt is graded; so each attempt's summary is kept with its event count, last
// event id and grading time (one grouped count a poll tells which moved). An attempt with events
// added since is read from its last id on; one graded again, or whose added events do not make
// up its count, is read whole. Any process reads the same marks.
import { sql } from 'kysely';
import type { Db } from '../db';
import type { StoredEvent } from '../db/tables-exam';
import { readChoice } from '../db/stored';
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
	/** What the summary was made from: the attempt's event count, last event id, grading time. */
	n: number;
	lastId: number;
	gradedAt: number | null;
	/** Its answers (not the tie-break), kept so that new events are added to them. */
	answers: DeviceEvent[];
}

// Per database (as presence.ts): the same attempt id in two databases is two attempts.
const keptBy = new WeakMap<object, Map<string, Kept>>();
const KEPT_MAX = 20_000;
const IN_CHUNK = 500;

type EventRow = Pick<
	StoredEvent,
	| 'id'
	| 'attempt_id'
	| 'device_id'
	| 'seq'
	| 'question_id'
	| 'choice'
	| 'at'
	| 'elapsed_ms'
	| 'hash'
	| 'counts'
	| 'received_at'
>;
interface Mark {
	n: number;
	lastId: number;
	gradedAt: number | null;
}

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
	// Attempts with events added since (read those alone), and attempts to read whole: new here,
	// graded again (which events count changed), or whose added events do not make up the count.
	const added = new Map<string, { mark: Mark; held: Kept }>();
	const whole = new Map<string, Mark>();
	for (const m of marks) {
		const mark: Mark = {
			n: Number(m.n),
			lastId: Number(m.last_id),
			gradedAt: gradedAt.get(m.attempt_id) ?? null
		};
		const held = kept.get(m.attempt_id);
		if (held && held.gradedAt === mark.gradedAt && held.n === mark.n && held.lastId === mark.lastId)
			out.set(m.attempt_id, held);
		else if (held && held.gradedAt === mark.gradedAt && mark.n > held.n)
			added.set(m.attempt_id, { mark, held });
		else whole.set(m.attempt_id, mark);
	}
	const keep = (attemptId: string, summary: Kept) => {
		if (kept.size >= KEPT_MAX) kept.delete(kept.keys().next().value!);
		kept.set(attemptId, summary);
		out.set(attemptId, summary);
	};
	const ids = [...added.keys()];
	for (let i = 0; i < ids.length; i += IN_CHUNK) {
		const chunk = ids.slice(i, i + IN_CHUNK);
		const since = Math.min(...chunk.map((id) => added.get(id)!.held.lastId));
		const rows = byAttempt(await readEvents(db, chunk, since));
		for (const attemptId of chunk) {
			const { mark, held } = added.get(attemptId)!;
			const fresh = (rows.get(attemptId) ?? []).filter((r) => Number(r.id) > held.lastId);
			// On PostgreSQL an event with a lower id can commit after a higher one was read.
			if (held.n + fresh.length === mark.n && Number(fresh.at(-1)?.id) === mark.lastId)
				keep(attemptId, summarise(mark, fresh, held));
			else whole.set(attemptId, mark);
		}
	}
	const wholeIds = [...whole.keys()];
	for (let i = 0; i < wholeIds.length; i += IN_CHUNK)
		for (const [attemptId, rows] of byAttempt(await readEvents(db, wholeIds.slice(i, i + IN_CHUNK), 0)))
			keep(attemptId, summarise(whole.get(attemptId)!, rows));
	return out;
}

function readEvents(db: Db, attemptIds: string[], sinceId: number): Promise<EventRow[]> {
	return db
		.selectFrom('answer_event')
		.select([
			'id',
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
		.where('attempt_id', 'in', attemptIds)
		.where('id', '>', sinceId)
		.orderBy('id')
		.execute();
}

function byAttempt(rows: EventRow[]): Map<string, EventRow[]> {
	const out = new Map<string, EventRow[]>();
	for (const r of rows) {
		const list = out.get(r.attempt_id);
		if (list) list.push(r);
		else out.set(r.attempt_id, [r]);
	}
	return out;
}

/** The summary of `from`'s events and `rows` (in id order) after them. */
function summarise(mark: Mark, rows: EventRow[], from?: Kept): Kept {
	const answers = from ? [...from.answers] : [];
	const lastReceived = new Map(from?.lastReceived);
	for (const e of rows) {
		lastReceived.set(e.device_id, Math.max(lastReceived.get(e.device_id) ?? 0, Number(e.received_at)));
		if (e.question_id === TIEBREAK_ID) continue;
		answers.push({
			deviceId: e.device_id,
			counts: e.counts === 1,
			event: {
				seq: e.seq,
				questionId: e.question_id,
				// Stored as JSON: a cleared answer is the text null, which answers nothing.
				choice: readChoice(e.choice),
				at: e.at,
				elapsedMs: e.elapsed_ms,
				hash: e.hash
			}
		});
	}
	return {
		...mark,
		answers,
		answered: mergeAnswers(answers).size,
		anyAnswer: answers.length > 0,
		lastReceived
	};
}
