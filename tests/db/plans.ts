// A query's plan, as the database under test would run it: SQLite's EXPLAIN QUERY PLAN, or
// PostgreSQL's EXPLAIN with sequential scans made prohibitively expensive, so the plan shows
// whether an index *can* serve the query (on a test-sized table the planner would rightly
// prefer a scan).
import { CompiledQuery, sql, type Compilable } from 'kysely';
import { dialectUnderTest } from './testdb';
import type { Db } from '../../src/lib/server/db';

export async function plan(db: Db, query: Compilable): Promise<string> {
	const c = query.compile();
	if (dialectUnderTest === 'sqlite') {
		const rows = await db.executeQuery<{ detail: string }>(
			CompiledQuery.raw(`explain query plan ${c.sql}`, [...c.parameters])
		);
		return rows.rows.map((r) => r.detail).join('\n');
	}
	return db.transaction().execute(async (tx) => {
		await sql`set local enable_seqscan = off`.execute(tx);
		const rows = await tx.executeQuery<{ 'QUERY PLAN': string }>(
			CompiledQuery.raw(`explain ${c.sql}`, [...c.parameters])
		);
		return rows.rows.map((r) => r['QUERY PLAN']).join('\n');
	});
}
