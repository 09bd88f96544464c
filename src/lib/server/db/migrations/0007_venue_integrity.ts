// Migration 0007: the venue's integrity — a finalist's PIN reaches tablets only as a salted,
// slow verifier, made once and kept here.
import type { Kysely } from 'kysely';
import type { MigrationHelpers } from './helpers';

export async function up(db: Kysely<any>, _h: MigrationHelpers) {
	await db.schema.alterTable('finalist').addColumn('pin_verifier', 'text').execute();
}
