// What the server holds of an attempt's answer log, for a device resuming it: only the
// events of that attempt (its own candidate's), never the paper or its key.
import type { Db } from './db';
import { readChoice } from './db/stored';

export interface HeldEvent {
	deviceId: string;
	seq: number;
	questionId: string;
	choice: string | number | null;
	at: number;
	elapsedMs: number;
	hash: string;
	/** Whether the server counts it (src/lib/exam/counting.ts decided at ingest). */
	counts: boolean;
}

export async function heldEvents(db: Db, attemptId: string): Promise<HeldEvent[]> {
	const rows = await db
		.selectFrom('answer_event')
		.select(['device_id', 'seq', 'question_id', 'choice', 'at', 'elapsed_ms', 'hash', 'counts'])
		.where('attempt_id', '=', attemptId)
		.orderBy('device_id')
		.orderBy('seq')
		.execute();
	return rows.map((r) => ({
		deviceId: r.device_id,
		seq: r.seq,
		questionId: r.question_id,
		choice: readChoice(r.choice),
		at: Number(r.at),
		elapsedMs: Number(r.elapsed_ms),
		hash: r.hash,
		counts: Number(r.counts) === 1
	}));
}
