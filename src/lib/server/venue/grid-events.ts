// What the console's grid reads of a room's answer events, per attempt: how many questions
// are answered by the rule that counts, whether any answer arrived, and each tablet's last
// arrival. Polled every second, it read every event of the room each time (30,000 rows at the
// end of a 1,000-seat final). Events are only ever added, and which of them count changes only
// when the attempt is graded; so each attempt's summary is kept with its event count, last
// event id and grading time (one grouped count a poll tells which moved). An attempt with events
// added since is read from its last id on (rangeOf); one graded again, idle for long, or whose
// added events do not make up its count, is read whole. Any process reads the same marks. Each
// summary keeps the latest counting event of each (tablet, question), to which the new events
// are added (merge.ts LatestPerDevice): a poll's work is its new events, not every answer of
// the room again.
import { sql } from 'kysely';
import type { Db } from '../db';
import type { StoredEvent } from '../db/tables-exam';
import { readChoice } from '../db/stored';
import { LatestPerDevice } from '$lib/exam/merge';
import { TIEBREAK_ID } from '$lib/exam/events';
import { run } from '../attempts/hot-sql';

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
	/** The latest counting answer (not the tie-break) of each tablet and question. */
	latest: LatestPerDevice;
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
	let newest = 0;
	for (const m of marks) {
		const mark: Mark = {
			n: Number(m.n),
			lastId: Number(m.last_id),
			gradedAt: gradedAt.get(m.attempt_id) ?? null
		};
		newest = Math.max(newest, mark.lastId);
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
	const { since, idle } = rangeOf(
		[...added].map(([attemptId, { held }]) => [attemptId, held.lastId]),
		newest
	);
	for (const attemptId of idle) {
		whole.set(attemptId, added.get(attemptId)!.mark);
		added.delete(attemptId);
	}
	if (added.size > 0) {
		const rows = byAttempt(await readRoomEventsSince(db, roomId, since));
		for (const [attemptId, { mark, held }] of added) {
			const fresh = (rows.get(attemptId) ?? []).filter((r) => Number(r.id) > held.lastId);
			// On PostgreSQL an event with a lower id can commit after a higher one was read.
			if (held.n + fresh.length === mark.n && Number(fresh.at(-1)?.id) === mark.lastId)
				keep(attemptId, summarise(mark, fresh, held));
			else whole.set(attemptId, mark);
		}
	}
	const wholeIds = [...whole.keys()];
	for (let i = 0; i < wholeIds.length; i += IN_CHUNK)
		for (const [attemptId, rows] of byAttempt(await readEvents(db, wholeIds.slice(i, i + IN_CHUNK))))
			keep(attemptId, summarise(whole.get(attemptId)!, rows));
	return out;
}

/** Ids the range read may run behind the room's newest event: per attempt it serves, and at least. */
const RANGE_IDS_PER_ATTEMPT = 10;
const RANGE_IDS_MIN = 1_000;

/**
 * Where the range read of a poll starts, and which attempts it leaves to a whole read. It reads
 * every event stored after its start (other rooms' too, filtered), so one attempt idle since the
 * session's first minutes would make it read most of the final's events: an attempt whose last
 * kept id is further behind the room's newest event than the range may run is idle, read whole
 * instead (its own few dozen rows). In a hall where every tablet answered since the last poll,
 * every attempt is within the range.
 */
export function rangeOf(
	lastIds: [attemptId: string, lastId: number][],
	newest: number
): { since: number; idle: string[] } {
	const oldest = newest - (RANGE_IDS_MIN + RANGE_IDS_PER_ATTEMPT * lastIds.length);
	let since = Infinity;
	const idle: string[] = [];
	for (const [attemptId, lastId] of lastIds)
		if (lastId < oldest) idle.push(attemptId);
		else since = Math.min(since, lastId);
	return { since, idle };
}

const EVENT_COLUMNS = [
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
] as const;

/** Every event of these attempts, in id order. */
function readEvents(db: Db, attemptIds: string[]): Promise<EventRow[]> {
	return db
		.selectFrom('answer_event')
		.select(EVENT_COLUMNS)
		.where('attempt_id', 'in', attemptIds)
		.orderBy('id')
		.execute();
}

// The room's events after an id (the primary key's range), as fixed text: one statement a poll,
// prepared once.
const ROOM_EVENTS_SINCE = `SELECT ${EVENT_COLUMNS.join(', ')} FROM answer_event
 WHERE id > ? AND attempt_id IN (SELECT attempt_id FROM finalist WHERE room_id = ?) ORDER BY id`;

function readRoomEventsSince(db: Db, roomId: string, sinceId: number): Promise<EventRow[]> {
	return run<EventRow>(db, ROOM_EVENTS_SINCE, [sinceId, roomId]);
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
	// Copied, not changed: a grid being made may still read the summary it was given.
	const latest = new LatestPerDevice(from?.latest);
	const lastReceived = new Map(from?.lastReceived);
	let anyAnswer = from?.anyAnswer ?? false;
	for (const e of rows) {
		lastReceived.set(e.device_id, Math.max(lastReceived.get(e.device_id) ?? 0, Number(e.received_at)));
		if (e.question_id === TIEBREAK_ID) continue;
		anyAnswer = true;
		latest.add({
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
	return { ...mark, latest, answered: latest.answered(), anyAnswer, lastReceived };
}
