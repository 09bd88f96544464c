// Migration 0013: an incident keeps its code (`kind`) and parameters, so the minutes say it
// in the reader's language. Rows from before keep their Vietnamese `note` and no params.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>) {
	await db.schema.alterTable('incident').addColumn('params', 'text').execute();
}
