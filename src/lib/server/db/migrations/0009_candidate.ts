// Migration 0009: the contest's public pages the organiser edits, and the public result
// look-up's rate limit. Append-only: once run anywhere, never edited.
import type { Kysely } from 'kysely';
import type { MigrationHelpers } from './helpers';

export async function up(db: Kysely<any>, { bigint, autoId, dialect }: MigrationHelpers) {
	const serial = (c: any) => (dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement());

	await db.schema
		.createTable('site_page')
		.addColumn('slug', 'text', (c) => c.primaryKey())
		.addColumn('title', 'text', (c) => c.notNull())
		.addColumn('body', 'text', (c) => c.notNull())
		.addColumn('updated_at', bigint, (c) => c.notNull())
		.addColumn('updated_by', 'text', (c) => c.references('app_user.id'))
		.execute();

	await db.schema
		.createTable('lookup_attempt')
		.addColumn('id', autoId, serial)
		.addColumn('key', 'text', (c) => c.notNull())
		.addColumn('at', bigint, (c) => c.notNull())
		.execute();
	await db.schema.createIndex('lookup_attempt_key_at').on('lookup_attempt').columns(['key', 'at']).execute();
}
