// Migration 0006: what a closed attempt still accepts from each device (issue 10). The close
// records, per (attempt, device), a rule and a seq cut-off; see src/lib/exam/counting.ts.
import type { Kysely } from 'kysely';
import type { MigrationHelpers } from './helpers';

export async function up(db: Kysely<any>, _h: MigrationHelpers) {
	await db.schema.alterTable('attempt_device').addColumn('close_rule', 'text').execute();
	await db.schema.alterTable('attempt_device').addColumn('close_seq', 'integer').execute();
}
