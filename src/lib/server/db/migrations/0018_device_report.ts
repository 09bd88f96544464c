// Migration 0018: what a tablet's heartbeats said of its chains, kept when it changed. Time used
// at the venue is the tablet's own claim (its monotonic clock), and a claim is held to what the
// tablet said before: an answer it did not hold at a heartbeat was made after it
// (attempts/time-used.ts). One row per change of a chain's reported seq or head, with the
// report of the heartbeat before it; a hall writes a few rows an answer, not one a second.
import type { Kysely } from 'kysely';
import type { MigrationHelpers } from './helpers';

export async function up(db: Kysely<any>, { bigint }: MigrationHelpers) {
	await db.schema
		.createTable('device_report')
		.addColumn('attempt_id', 'text', (c) => c.notNull().references('attempt.id'))
		.addColumn('device_id', 'text', (c) => c.notNull())
		.addColumn('seq', 'integer', (c) => c.notNull())
		.addColumn('head', 'text')
		.addColumn('at', bigint, (c) => c.notNull())
		.addColumn('prev_seq', 'integer', (c) => c.notNull())
		.addColumn('prev_head', 'text')
		.addColumn('prev_at', bigint)
		.addPrimaryKeyConstraint('device_report_pk', ['attempt_id', 'device_id', 'at'])
		.execute();
	// What the tablets claimed, beside the time used counted from it: where they differ, the
	// claim was below what the tablet's own heartbeats allow.
	await db.schema.alterTable('attempt').addColumn('time_claimed_ms', bigint).execute();
}
