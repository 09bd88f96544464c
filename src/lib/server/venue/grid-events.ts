// What the console's grid reads of a room's answer events, per attempt: how many questions
// are answered by the rule that counts, whether any answer arrived, and each tablet's last
// arrival. Polled every second, it read every event of the room each time (30,000 rows at the
// end of a 1,000-seat final). Events are only ever added, and which of them count changes only
// when the attempt is graded; so each attempt's summary is kept with its event count, last
// event id and grading time, and a poll reads the room's events stored since the last poll's
// newest (one range of ids), then a grouped count of each attempt's events: an attempt whose
// count moved takes the new events it read, or is read whole when they do not make up the
// count (its first poll, graded again, or on PostgreSQL an event with a lower id committed
// after a higher one was read). Any process reads the same marks. Each summary keeps the latest
// counting event of each (tablet, question), to which the new events are added in place
// (merge.ts LatestPerDevice): a poll's work is its new events, not every answer of the room.
import { sql } from 'kysely';
import type { Db } from '../db';
import type { StoredEvent } from '../db/tables-exam';
import { readChoice } from '../db/stored';
import { LatestPerDevice } from '$lib/exam/merge';
import { TIEBREAK_ID } from '$lib/exam/events';
import { run } from '../attempts/hot-sql';
import { yieldToServer } from '../turns';

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

// Per database (as presence.ts): the same attempt id in two databases is two attempts. `readTo`:
// per room, the newest event id its last poll counted.
const keptBy = new WeakMap<object, { kept: Map<string, Kept>; readTo: Map<string, number> }>();
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
	const key = db.getExecutor().adapter;
	let state = keptBy.get(key);
	if (!state) keptBy.set(key, (state = { kept: new Map(), readTo: new Map() }));
	const { kept, readTo } = state;
	// The range first, the count after: every event the range holds was stored before the count
	// was made, so an attempt's summary and its events read make up its count exactly when none
	// is missing.
	const from = readTo.get(roomId);
	const rows =
		from === undefined
			? new Map<string, EventRow[]>()
			: byAttempt(await readRoomEventsSince(db, roomId, from));
	await yieldToServer();
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
	await yieldToServer();
	const out = new Map<string, AttemptEvents>();
	const keep = (attemptId: string, summary: Kept) => {
		if (!kept.has(attemptId) && kept.size >= KEPT_MAX) kept.delete(kept.keys().next().value!);
		kept.set(attemptId, summary);
		out.set(attemptId, summary);
	};
	// No await in this loop: a summary is checked against its count and added to in one step,
	// whatever another poll did before (what it read is as old as this count, or newer).
	const whole = new Map<string, Mark>();
	let newest = from ?? 0;
	for (const m of marks) {
		const mark: Mark = {
			n: Number(m.n),
			lastId: Number(m.last_id),
			gradedAt: gradedAt.get(m.attempt_id) ?? null
		};
		newest = Math.max(newest, mark.lastId);
		const held = kept.get(m.attempt_id);
		if (!held || held.gradedAt !== mark.gradedAt) whole.set(m.attempt_id, mark);
		// As counted, or read further by another poll since: as it is.
		else if (held.n >= mark.n && held.lastId >= mark.lastId) out.set(m.attempt_id, held);
		else {
			const fresh = (rows.get(m.attempt_id) ?? []).filter((r) => Number(r.id) > held.lastId);
			if (held.n + fresh.length === mark.n && Number(fresh.at(-1)?.id) === mark.lastId)
				keep(m.attempt_id, summarise(mark, fresh, held));
			else whole.set(m.attempt_id, mark);
		}
	}
	// On SQLite an event stored after the count has a higher id than any counted.
	readTo.set(roomId, newest);
	const wholeIds = [...whole.keys()];
	for (let i = 0; i < wholeIds.length; i += IN_CHUNK) {
		await yieldToServer();
		for (const [attemptId, got] of byAttempt(await readEvents(db, wholeIds.slice(i, i + IN_CHUNK)))) {
			const mark = whole.get(attemptId)!;
			// What was stored after the count belongs to the next poll's.
			keep(
				attemptId,
				summarise(
					mark,
					got.filter((r) => Number(r.id) <= mark.lastId)
				)
			);
		}
	}
	return out;
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

/**
 * The summary of `rows` (in id order): a new one, or `into`'s with them added (in place: a grid
 * being made that holds it reads the newer counts).
 */
function summarise(mark: Mark, rows: EventRow[], into?: Kept): Kept {
	const latest = into?.latest ?? new LatestPerDevice();
	const lastReceived = into?.lastReceived ?? new Map<string, number>();
	let anyAnswer = into?.anyAnswer ?? false;
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
	return Object.assign(into ?? ({} as Kept), mark, {
		latest,
		answered: latest.answered(),
		anyAnswer,
		lastReceived
	});
}
