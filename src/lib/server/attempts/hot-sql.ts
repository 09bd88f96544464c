// The ingest's per-batch statements as SQL text, run without Kysely's query builder: building
// them (a node tree per query, 13 columns × 30 rows for an insert) was a fifth of the server's
// time under load (bench/results.md). Written once with `?` placeholders, numbered `$n` for
// PostgreSQL; the same text each time, so each is prepared once (sqlite-driver's statement
// cache; on PostgreSQL a named statement per connection, db/pg-prepared.ts) and results come
// back typed as Kysely's would (the same drivers and type parsers).
import { CompiledQuery, type Insertable, type QueryResult } from 'kysely';
import { GroupCommitSqliteAdapter } from '../db/sqlite-driver';
import type { Db } from '../db';
import type { AnswerEventTable, Attempt, AttemptDeviceTable, StoredEvent } from '../db/tables-exam';
import { isPostgres } from './wire';
import { markPrepared } from '../db/pg-prepared';

const numbered = new Map<string, string>();

/** `?` → `$1, $2 …` for PostgreSQL (no `?` appears in these statements otherwise). */
function dialectSql(db: Db, text: string): string {
	if (!isPostgres(db)) return text;
	let out = numbered.get(text);
	if (out === undefined) {
		let n = 0;
		out = text.replace(/\?/g, () => `$${++n}`);
		numbered.set(text, out);
		markPrepared(out, n);
	}
	return out;
}

/**
 * Runs one fixed statement. Inside a transaction on SQLite it goes straight to the driver: the
 * transaction holds the one connection, and the driver's statement is synchronous, so Kysely's
 * executor around it (a chain of promises per statement, each tracked by the async hooks)
 * adds only time. Anywhere else Kysely runs it (a pool, or waiting for the connection).
 */
async function execute<R>(db: Db, text: string, parameters: unknown[]): Promise<QueryResult<R>> {
	if (db.isTransaction) {
		const adapter = db.getExecutor().adapter;
		if (adapter instanceof GroupCommitSqliteAdapter && adapter.dialect.driver)
			return adapter.dialect.driver.runStatement(text, parameters) as QueryResult<R>;
	}
	return db.executeQuery<R>(fixedQuery(db, text, parameters));
}

/** `(?, ?, …)` for an IN list of `values`: one text per length, so each is prepared once. */
export function inList(values: readonly unknown[]): string {
	return `(${values.map(() => '?').join(', ')})`;
}

/** Fixed text as Kysely runs it on `db` (and as a test reads its plan). */
export function fixedQuery(db: Db, text: string, parameters: unknown[]): CompiledQuery {
	return CompiledQuery.raw(dialectSql(db, text), parameters);
}

/** Runs fixed SQL text with `?` placeholders (numbered for PostgreSQL); rows as Kysely returns them. */
export async function run<R>(db: Db, text: string, parameters: unknown[]): Promise<R[]> {
	return (await execute<R>(db, text, parameters)).rows;
}

/** Runs a fixed UPDATE or INSERT as `run` does: how many rows it changed. */
export async function runWrite(db: Db, text: string, parameters: unknown[]): Promise<number> {
	return Number((await execute(db, text, parameters)).numAffectedRows ?? 0);
}

/**
 * A device's row as the ingest reads it: without the close's reported head, which only grading
 * checks (grade.ts); the ingest's verdicts after a close are provisional until it regrades; and
 * without whether its finalist had begun when moved away, which only the venue's heartbeat reads.
 */
export type IngestDevice = Omit<AttemptDeviceTable, 'close_head' | 'moved_started'>;
type DeviceColumns = { [K in keyof IngestDevice as `d_${K & string}`]: IngestDevice[K] | null };

/** Every column of an attempt (its paper is in attempt_paper). */
export const ATTEMPT_COLUMNS = [
	'id',
	'round_id',
	'user_id',
	'seed',
	'mode',
	'status',
	'created_at',
	'started_at',
	'duration_ms',
	'extension_ms',
	'paused_ms',
	'paused_since',
	'grace_ms',
	'submitted_at',
	'submit_reason',
	'time_used_ms',
	'time_claimed_ms',
	'score',
	'max_score',
	'answered',
	'tiebreak',
	'graded_at'
] as const satisfies readonly (keyof Attempt)[];
// A column added to the table and not here fails to compile.
const _everyColumn: Exclude<keyof Attempt, (typeof ATTEMPT_COLUMNS)[number]> extends never ? true : never =
	true;

const ATTEMPT_AND_DEVICE = `SELECT ${ATTEMPT_COLUMNS.map((c) => `a.${c}`).join(', ')},
 r.finalised_at AS r_finalised_at,
 d.device_id AS d_device_id, d.acked_seq AS d_acked_seq,
 d.head_hash AS d_head_hash, d.chain_ok AS d_chain_ok, d.last_seen_at AS d_last_seen_at,
 d.moved_at_elapsed_ms AS d_moved_at_elapsed_ms, d.close_rule AS d_close_rule, d.close_seq AS d_close_seq
 FROM attempt a JOIN round r ON r.id = a.round_id
 LEFT JOIN attempt_device d ON d.attempt_id = a.id AND d.device_id = ?
 WHERE a.id = ?`;

export interface AttemptRead {
	attempt: Attempt;
	device: IngestDevice | null;
	/** The round's finalisation: no batch is taken after it. */
	finalisedAt: number | null;
}

/** The attempt's row locked against the other writers of it (FOR NO KEY UPDATE: wire.ts `lockedRead`). */
const LOCK_ATTEMPT = `SELECT id FROM attempt WHERE id = ? FOR NO KEY UPDATE`;

/**
 * The attempt (without its paper), its round's finalisation and this device's row. On
 * PostgreSQL the attempt's row is locked first, and read with the device after, in a statement
 * of its own: under READ COMMITTED a statement that waited for a row lock returns the locked
 * row as it is now but the rows joined to it as they were when the statement began. Locked and
 * read in one statement, a batch queued behind another batch of the same device (two tabs, or
 * the page and the service worker) read the device as it was before that one committed: its
 * acknowledged seq went back, a submit behind it was told events were missing, and a batch
 * behind a move was not flagged `after_move`. SQLite has one writer: one read.
 */
export async function readAttemptAndDevice(
	tx: Db,
	attemptId: string,
	deviceId: string
): Promise<AttemptRead | undefined> {
	if (isPostgres(tx) && (await run(tx, LOCK_ATTEMPT, [attemptId])).length === 0) return undefined;
	const [row] = await run<Attempt & DeviceColumns & { r_finalised_at: number | null }>(
		tx,
		ATTEMPT_AND_DEVICE,
		[deviceId, attemptId]
	);
	if (!row) return undefined;
	// Each column named, not `...rest`: copying the rest of a 30-column row was a third of this
	// function's time under load.
	const attempt: Attempt = {
		id: row.id,
		round_id: row.round_id,
		user_id: row.user_id,
		seed: row.seed,
		mode: row.mode,
		status: row.status,
		created_at: row.created_at,
		started_at: row.started_at,
		duration_ms: row.duration_ms,
		extension_ms: row.extension_ms,
		paused_ms: row.paused_ms,
		paused_since: row.paused_since,
		grace_ms: row.grace_ms,
		submitted_at: row.submitted_at,
		submit_reason: row.submit_reason,
		time_used_ms: row.time_used_ms,
		time_claimed_ms: row.time_claimed_ms,
		score: row.score,
		max_score: row.max_score,
		answered: row.answered,
		tiebreak: row.tiebreak,
		graded_at: row.graded_at
	};
	const device =
		row.d_device_id === null || row.d_device_id === undefined
			? null
			: {
					attempt_id: attemptId,
					device_id: row.d_device_id,
					acked_seq: row.d_acked_seq!,
					head_hash: row.d_head_hash!,
					chain_ok: row.d_chain_ok!,
					last_seen_at: row.d_last_seen_at!,
					moved_at_elapsed_ms: row.d_moved_at_elapsed_ms,
					close_rule: row.d_close_rule,
					close_seq: row.d_close_seq
				};
	return { attempt, device, finalisedAt: row.r_finalised_at };
}

/**
 * How many devices the attempt has rows for: read only for a batch from a device it has none
 * for yet (by the primary key's prefix, and refused beyond a few, so it stays a short read).
 */
export async function countDevices(tx: Db, attemptId: string): Promise<number> {
	const [row] = await run<{ n: number | string }>(
		tx,
		'SELECT COUNT(*) AS n FROM attempt_device WHERE attempt_id = ?',
		[attemptId]
	);
	// PostgreSQL's count is a bigint, which its driver returns as text.
	return Number(row.n);
}

/** The attempt's paper (JSON text), kept apart from its row (migration 0015). */
export async function readPaperText(tx: Db, attemptId: string): Promise<string> {
	const [row] = await run<{ paper: string }>(tx, 'SELECT paper FROM attempt_paper WHERE attempt_id = ?', [
		attemptId
	]);
	return row.paper;
}

export type HeldEvent = Pick<
	StoredEvent,
	'id' | 'seq' | 'digest' | 'question_id' | 'choice' | 'at' | 'elapsed_ms' | 'hash' | 'flags' | 'reason'
>;

const HELD_COLUMNS = 'id, seq, digest, question_id, choice, at, elapsed_ms, hash, flags, reason';

const HELD_FROM = `SELECT ${HELD_COLUMNS} FROM answer_event WHERE attempt_id = ? AND device_id = ?`;

/**
 * The device's stored events under `seqs` or past `ackedSeq`, in seq then arrival order. Two
 * ranges of the (attempt, device, seq) index joined, not one `seq > ? OR seq IN (…)`: with the
 * OR both databases read every event the device ever sent to pick out these few. The range past
 * `ackedSeq` already holds every seq above it, so only the batch's seqs at or below it are
 * looked up one by one: none for a batch of new answers, the usual case (30 lookups of the
 * index saved on a batch of 30). `ackedSeq` null: the chain cannot move (the batch does not
 * hold the next seq), so only the batch's own seqs are read, for its replays and conflicts.
 */
export async function readHeldEvents(
	tx: Db,
	attemptId: string,
	deviceId: string,
	ackedSeq: number | null,
	seqs: number[]
): Promise<HeldEvent[]> {
	if (ackedSeq === null)
		return run<HeldEvent>(tx, `${HELD_FROM} AND seq IN ${inList(seqs)} ORDER BY seq, id`, [
			attemptId,
			deviceId,
			...seqs
		]);
	const past = `${HELD_FROM} AND seq > ?`;
	const resent = seqs.filter((s) => s <= ackedSeq);
	if (resent.length === 0)
		return run<HeldEvent>(tx, `${past} ORDER BY seq, id`, [attemptId, deviceId, ackedSeq]);
	const under = `${HELD_FROM} AND seq IN ${inList(resent)}`;
	return run<HeldEvent>(tx, `${past} UNION ALL ${under} ORDER BY seq, id`, [
		attemptId,
		deviceId,
		ackedSeq,
		attemptId,
		deviceId,
		...resent
	]);
}

export const EVENT_COLUMNS = [
	'attempt_id',
	'device_id',
	'seq',
	'question_id',
	'choice',
	'at',
	'elapsed_ms',
	'hash',
	'digest',
	'received_at',
	'flags',
	'counts',
	'reason'
] as const;
const EVENT_VALUES = `(${EVENT_COLUMNS.map(() => '?').join(', ')})`;

const insertTexts: string[] = [];

/** The insert of `count` events, parameters in `EVENT_COLUMNS` order (scripts/bench-sqlite-floor.ts runs it too). */
export function insertEventsSql(count: number): string {
	// Made once per count: building it again for every batch showed in the profile.
	return (insertTexts[count] ??=
		`INSERT INTO answer_event (${EVENT_COLUMNS.join(', ')}) VALUES ${Array(count).fill(EVENT_VALUES).join(', ')}` +
		' ON CONFLICT (attempt_id, device_id, seq, digest) DO NOTHING');
}

/** One multi-row insert; a row already held (same attempt, device, seq, digest) is skipped. */
export async function insertEvents(tx: Db, rows: Insertable<AnswerEventTable>[]): Promise<number> {
	// One array filled in place: a small array per row, then flattened, was a twentieth of a
	// batch of 30's time under load.
	const parameters: unknown[] = new Array(rows.length * EVENT_COLUMNS.length);
	let i = 0;
	for (const r of rows) for (const c of EVENT_COLUMNS) parameters[i++] = r[c] ?? null;
	const result = await execute(tx, insertEventsSql(rows.length), parameters);
	return Number(result.numAffectedRows ?? rows.length);
}

/** The device's progress: an update of its row, or its first row (a race-safe upsert). */
export async function writeDevice(tx: Db, device: IngestDevice, existed: boolean): Promise<void> {
	const p = [device.acked_seq, device.head_hash, device.chain_ok, device.last_seen_at];
	if (existed) {
		await run(
			tx,
			'UPDATE attempt_device SET acked_seq = ?, head_hash = ?, chain_ok = ?, last_seen_at = ? WHERE attempt_id = ? AND device_id = ?',
			[...p, device.attempt_id, device.device_id]
		);
		return;
	}
	await run(
		tx,
		`INSERT INTO attempt_device (attempt_id, device_id, acked_seq, head_hash, chain_ok, last_seen_at, moved_at_elapsed_ms, close_rule, close_seq)
 VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (attempt_id, device_id) DO UPDATE SET
 acked_seq = excluded.acked_seq, head_hash = excluded.head_hash, chain_ok = excluded.chain_ok, last_seen_at = excluded.last_seen_at`,
		[
			device.attempt_id,
			device.device_id,
			...p,
			device.moved_at_elapsed_ms,
			device.close_rule,
			device.close_seq
		]
	);
}
