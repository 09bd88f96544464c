// Migration 0002: staging tables for question imports. Append-only: once run anywhere,
// never edited.
import type { Kysely } from 'kysely';
import type { MigrationHelpers } from './helpers';

export async function up(db: Kysely<any>, { bigint, dialect }: MigrationHelpers) {
	await db.schema
		.createTable('import_batch')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('actor_id', 'text', (c) => c.references('app_user.id'))
		.addColumn('created_at', bigint, (c) => c.notNull())
		.addColumn('updated_at', bigint, (c) => c.notNull())
		.addColumn('file_name', 'text', (c) => c.notNull())
		.addColumn('format', 'text', (c) => c.notNull())
		.addColumn('status', 'text', (c) => c.notNull())
		.addColumn('size', 'integer', (c) => c.notNull())
		.addColumn('options', 'text', (c) => c.notNull().defaultTo('{}'))
		.addColumn('report', 'text', (c) => c.notNull().defaultTo('{}'))
		.addColumn('ready_count', 'integer', (c) => c.notNull().defaultTo(0))
		.addColumn('written_count', 'integer', (c) => c.notNull().defaultTo(0))
		.addColumn('created', 'text', (c) => c.notNull().defaultTo('{}'))
		.execute();

	await db.schema
		.createTable('import_part')
		.addColumn('batch_id', 'text', (c) => c.notNull().references('import_batch.id'))
		.addColumn('idx', 'integer', (c) => c.notNull())
		.addColumn('data', dialect === 'postgres' ? 'bytea' : 'blob', (c) => c.notNull())
		.addPrimaryKeyConstraint('import_part_pk', ['batch_id', 'idx'])
		.execute();

	await db.schema
		.createTable('import_item')
		.addColumn('batch_id', 'text', (c) => c.notNull().references('import_batch.id'))
		.addColumn('seq', 'integer', (c) => c.notNull())
		.addColumn('place', 'text', (c) => c.notNull())
		.addColumn('question_id', 'text', (c) => c.notNull())
		.addColumn('payload', 'text', (c) => c.notNull())
		.addColumn('written', 'integer', (c) => c.notNull().defaultTo(0))
		.addPrimaryKeyConstraint('import_item_pk', ['batch_id', 'seq'])
		.execute();
	await db.schema.createIndex('import_item_question').on('import_item').column('question_id').execute();
}
