// Migration 0022: when an entry of the exclusion list (those the contest's rules keep out:
// organisers, judges, helpers) was added, for the organiser's list (exclusions.ts). Null for
// entries made before this migration, such as the demo's.
import type { Kysely } from 'kysely';
import type { MigrationHelpers } from './helpers';

export async function up(db: Kysely<any>, { bigint }: MigrationHelpers) {
	await db.schema.alterTable('exclusion').addColumn('added_at', bigint).execute();
}
