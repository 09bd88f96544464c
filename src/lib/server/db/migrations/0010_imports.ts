// Migration 0010: the column mapping an organiser chose for headings the import does not
// know ("Câu", "ĐA đúng", …), kept so the next file with the same headings reads by itself.
import type { Kysely } from 'kysely';
import type { MigrationHelpers } from './helpers';

export async function up(db: Kysely<any>, { bigint }: MigrationHelpers) {
	await db.schema
		.createTable('import_mapping')
		.addColumn('actor_id', 'text', (c) => c.notNull().references('app_user.id').onDelete('cascade'))
		// The heading as compared: no tone marks, case or punctuation (headerKey).
		.addColumn('heading', 'text', (c) => c.notNull())
		.addColumn('field', 'text', (c) => c.notNull())
		.addColumn('updated_at', bigint, (c) => c.notNull())
		.addPrimaryKeyConstraint('import_mapping_pk', ['actor_id', 'heading'])
		.execute();
}
