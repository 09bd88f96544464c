// Migration 0015: an attempt's paper in a table of its own. The paper (about 20 kB of JSON)
// never changes once drawn, while the attempt's row changes at every start, pause, close and
// grade; in the same row, each of those rewrote the paper's overflow pages too (SQLite writes
// the whole record), so a hall's lock or pause wrote 1,000 papers. Copied, then dropped.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>) {
	await db.schema
		.createTable('attempt_paper')
		.addColumn('attempt_id', 'text', (c) => c.primaryKey().references('attempt.id').onDelete('cascade'))
		.addColumn('paper', 'text', (c) => c.notNull())
		.execute();
	await sql`INSERT INTO attempt_paper (attempt_id, paper) SELECT id, paper FROM attempt`.execute(db);
	await db.schema.alterTable('attempt').dropColumn('paper').execute();
}
