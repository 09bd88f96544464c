// Migration 0017: the chain head a tablet online at the lock reported with its last seq. Its
// answers that arrive after the lock count only up to that seq, and only if their hash chain
// ends there in the head it reported before the lock (grade.ts `deviceRules`): a report of
// answers it never made cannot be filled in later.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>) {
	await db.schema.alterTable('attempt_device').addColumn('close_head', 'text').execute();
}
