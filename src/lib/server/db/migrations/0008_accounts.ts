// Migration 0008: password resets, by an e-mailed link or a code the organiser issues after
// checking the caller by phone. Only a hash of either secret is stored. Append-only.
import type { Kysely } from 'kysely';
import type { MigrationHelpers } from './helpers';

export async function up(db: Kysely<any>, { bigint }: MigrationHelpers) {
	await db.schema
		.createTable('password_reset')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('user_id', 'text', (c) => c.notNull().references('app_user.id'))
		.addColumn('kind', 'text', (c) => c.notNull())
		.addColumn('issued_by', 'text', (c) => c.references('app_user.id'))
		.addColumn('created_at', bigint, (c) => c.notNull())
		.addColumn('expires_at', bigint, (c) => c.notNull())
		.addColumn('used_at', bigint)
		.addColumn('failures', 'integer', (c) => c.notNull().defaultTo(0))
		.execute();
	await db.schema.createIndex('password_reset_user').on('password_reset').column('user_id').execute();
}
