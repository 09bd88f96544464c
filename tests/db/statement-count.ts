// Counts the statements a piece of server code runs, and the tables each names: a Kysely plugin
// on a copy of the test database's handle. A plugin sees what Kysely compiles (the query builder,
// sql`` templates); a CompiledQuery run as it is (attempts/hot-sql.ts `run`: the ingest's and the
// heartbeat's fixed SQL text) passes it by, so count only tables that code reads by the builder.
import type { KyselyPlugin, RootOperationNode } from 'kysely';
import type { Db } from '../../src/lib/server/db';

export interface StatementCount {
	/** The handle to pass to the code under test. */
	db: Db;
	/** Statements that named one of these tables. */
	naming(tables: readonly string[]): number;
}

/** The tables a statement names: TableNodes of a built query, FROM/JOIN/INTO/UPDATE of raw SQL. */
function tablesOf(node: RootOperationNode): string[] {
	const json = JSON.stringify(node);
	const built = [
		...json.matchAll(
			/"kind":"TableNode","table":\{[^}]*?"identifier":\{"kind":"IdentifierNode","name":"(\w+)"/g
		)
	];
	const raw = [...json.matchAll(/\b(?:FROM|JOIN|INTO|UPDATE)\s+"?(\w+)/gi)];
	return [...built, ...raw].map((m) => m[1]);
}

export function countStatements(db: Db): StatementCount {
	const seen: string[][] = [];
	const plugin: KyselyPlugin = {
		transformQuery(args) {
			seen.push(tablesOf(args.node));
			return args.node;
		},
		async transformResult(args) {
			return args.result;
		}
	};
	return {
		db: db.withPlugin(plugin),
		naming: (tables) => seen.filter((t) => t.some((name) => tables.includes(name))).length
	};
}
