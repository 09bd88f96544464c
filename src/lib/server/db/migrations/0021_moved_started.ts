// Migration 0021: whether a finalist had begun when a tablet stopped serving them (a move to a
// spare, or another tablet approved to their seat). Only then does the tablet that takes them
// over continue from what the server holds; one who had not begun begins there, late if late
// (venue/heartbeat.ts). Null for moves made before this migration: they continue, as they did.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>) {
	await db.schema.alterTable('attempt_device').addColumn('moved_started', 'integer').execute();
}
