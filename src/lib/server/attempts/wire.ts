// What travels between a device and the attempt endpoints: the sync batch and the submit
// (zod), the attempt's state as devices see it, and the failures these modules return.
import { PostgresAdapter } from 'kysely';
import { z } from 'zod';
import type { Db } from '../db';
import type { Attempt } from '../db/tables-exam';
import { deadline as deadlineOf } from '$lib/exam/timer';

import { MAX_BATCH_EVENTS } from '$lib/exam/batch';

export { MAX_BATCH_BYTES, MAX_BATCH_EVENTS } from '$lib/exam/batch';

export const deviceIdSchema = z
	.string()
	.min(1)
	.max(64)
	.regex(/^[\w.:-]+$/);

/**
 * An id an event names: well-formed text. A lone surrogate would be stored as U+FFFD, and the
 * stored event would no longer have the hash its device gave it (a false chain break).
 */
const eventText = z
	.string()
	.min(1)
	.max(64)
	.refine((s) => s.isWellFormed());

export const wireEvent = z.object({
	seq: z.number().int().min(1).max(1_000_000),
	questionId: eventText,
	choice: z.union([eventText, z.number().finite(), z.null()]),
	at: z.number().int().min(0).max(8.64e15),
	elapsedMs: z
		.number()
		.int()
		.min(0)
		.max(7 * 24 * 3600 * 1000),
	hash: z.string().regex(/^[0-9a-f]{64}$/)
});

export const eventBatch = z.object({
	deviceId: deviceIdSchema,
	events: z.array(wireEvent).max(MAX_BATCH_EVENTS)
});
export type EventBatch = z.infer<typeof eventBatch>;

export const submitBody = z.object({
	deviceId: deviceIdSchema,
	lastSeq: z.number().int().min(0).max(1_000_000),
	reason: z.enum(['candidate', 'timeout', 'lock']).default('candidate')
});
export type SubmitBody = z.infer<typeof submitBody>;

import type { AttemptState } from '$lib/exam/views';
export type { AttemptState };

export function attemptDeadline(
	a: Pick<Attempt, 'started_at' | 'duration_ms' | 'extension_ms' | 'paused_ms'>
): number | null {
	if (a.started_at === null) return null;
	return deadlineOf({
		startedAt: a.started_at,
		durationMs: a.duration_ms,
		extensionsMs: a.extension_ms,
		pausedMs: a.paused_ms
	});
}

export function stateOf(
	a: Pick<Attempt, 'status' | 'started_at' | 'duration_ms' | 'extension_ms' | 'paused_ms' | 'paused_since'>
): AttemptState {
	const state: AttemptState = {
		status: a.status,
		deadline: attemptDeadline(a),
		allowedMs: a.duration_ms + a.extension_ms,
		startedAt: a.started_at
	};
	if (a.paused_since !== null) state.pausedSince = a.paused_since;
	return state;
}

export const isClosed = (a: Pick<Attempt, 'status'>) => a.status === 'submitted' || a.status === 'locked';

export function isPostgres(db: Db): boolean {
	return db.getExecutor().adapter instanceof PostgresAdapter;
}

/**
 * A read of rows this transaction will write, locked against the other writers of them on
 * PostgreSQL (SQLite has one writer). FOR NO KEY UPDATE, not FOR UPDATE: inserting a row that
 * refers to an attempt (an answer, a tablet's report) takes FOR KEY SHARE on the attempt, which
 * FOR UPDATE waits on; the tablets' presence batch inserting reports for a room's attempts while
 * the lock's grading read them FOR UPDATE was a deadlock. Writers still wait on each other.
 * (`FOR NO KEY UPDATE OF a` in hot-sql.ts's fixed text is the same rule.)
 */
export function lockedRead<Q extends { forNoKeyUpdate(): Q }>(tx: Db, q: Q): Q {
	return isPostgres(tx) ? q.forNoKeyUpdate() : q;
}
