// Migration 0003: attempts, their answer events as received, and per-device sync state.
import type { Kysely } from 'kysely';
import type { MigrationHelpers } from './helpers';

export async function up(db: Kysely<any>, { bigint, autoId, dialect }: MigrationHelpers) {
	await db.schema
		.createTable('attempt')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('round_id', 'text', (c) => c.notNull().references('round.id'))
		.addColumn('user_id', 'text', (c) => c.notNull().references('app_user.id'))
		.addColumn('seed', 'text', (c) => c.notNull())
		.addColumn('paper', 'text', (c) => c.notNull())
		.addColumn('mode', 'text', (c) => c.notNull())
		.addColumn('status', 'text', (c) => c.notNull())
		.addColumn('created_at', bigint, (c) => c.notNull())
		.addColumn('started_at', bigint)
		.addColumn('duration_ms', bigint, (c) => c.notNull())
		.addColumn('extension_ms', bigint, (c) => c.notNull().defaultTo(0))
		.addColumn('paused_ms', bigint, (c) => c.notNull().defaultTo(0))
		.addColumn('paused_since', bigint)
		.addColumn('grace_ms', bigint, (c) => c.notNull())
		.addColumn('submitted_at', bigint)
		.addColumn('submit_reason', 'text')
		.addColumn('time_used_ms', bigint)
		.addColumn('score', 'integer')
		.addColumn('max_score', 'integer')
		.addColumn('answered', 'integer')
		.addColumn('tiebreak', 'double precision')
		.addColumn('graded_at', bigint)
		.execute();
	await db.schema.createIndex('attempt_round_user').on('attempt').columns(['round_id', 'user_id']).execute();
	await db.schema.createIndex('attempt_status').on('attempt').columns(['status', 'started_at']).execute();
	await db.schema.createIndex('attempt_user').on('attempt').column('user_id').execute();

	// Every event as received. `digest` fingerprints the whole event (content and hash), so
	// (attempt, device, seq, digest) makes a replay a no-op while a second, different event
	// under a seq already stored is kept and flagged.
	await db.schema
		.createTable('answer_event')
		.addColumn('id', autoId, (c) =>
			dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement()
		)
		.addColumn('attempt_id', 'text', (c) => c.notNull().references('attempt.id'))
		.addColumn('device_id', 'text', (c) => c.notNull())
		.addColumn('seq', 'integer', (c) => c.notNull())
		.addColumn('question_id', 'text', (c) => c.notNull())
		.addColumn('choice', 'text')
		.addColumn('at', bigint, (c) => c.notNull())
		.addColumn('elapsed_ms', bigint, (c) => c.notNull())
		.addColumn('hash', 'text', (c) => c.notNull())
		.addColumn('digest', 'text', (c) => c.notNull())
		.addColumn('received_at', bigint, (c) => c.notNull())
		.addColumn('flags', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('counts', 'integer', (c) => c.notNull().defaultTo(1))
		.addColumn('reason', 'text')
		.addUniqueConstraint('answer_event_key', ['attempt_id', 'device_id', 'seq', 'digest'])
		.execute();

	await db.schema
		.createTable('attempt_device')
		.addColumn('attempt_id', 'text', (c) => c.notNull().references('attempt.id'))
		.addColumn('device_id', 'text', (c) => c.notNull())
		.addColumn('acked_seq', 'integer', (c) => c.notNull().defaultTo(0))
		.addColumn('head_hash', 'text', (c) => c.notNull())
		.addColumn('chain_ok', 'integer', (c) => c.notNull().defaultTo(1))
		.addColumn('last_seen_at', bigint, (c) => c.notNull())
		.addColumn('moved_at_elapsed_ms', bigint)
		.addPrimaryKeyConstraint('attempt_device_pk', ['attempt_id', 'device_id'])
		.execute();
}
