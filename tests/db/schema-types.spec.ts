// The Kysely table types (src/lib/server/db/schema.ts and tables-*.ts) must describe the schema
// the migrations make, on SQLite and PostgreSQL alike: the same tables, the same columns, and
// a column may be null in the database exactly when its type admits null. The types are read
// with the TypeScript compiler, the schema with Kysely's introspection of a migrated database.
import path from 'node:path';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { dialectUnderTest, openTestDb, type TestDb } from './testdb';

interface ColumnType {
	nullable: boolean;
}

/** Table name → column name → whether its TypeScript type admits null. */
function declaredTables(): Map<string, Map<string, ColumnType>> {
	const file = path.resolve('src/lib/server/db/schema.ts');
	const program = ts.createProgram([file], { strict: true, noEmit: true, skipLibCheck: true });
	const checker = program.getTypeChecker();
	const source = program.getSourceFile(file);
	if (!source) throw new Error('schema.ts not found');
	let database: ts.InterfaceDeclaration | undefined;
	source.forEachChild((node) => {
		if (ts.isInterfaceDeclaration(node) && node.name.text === 'Database') database = node;
	});
	if (!database) throw new Error('interface Database not found');
	const out = new Map<string, Map<string, ColumnType>>();
	for (const table of checker.getTypeAtLocation(database).getProperties()) {
		const tableType = checker.getTypeOfSymbol(table);
		const columns = new Map<string, ColumnType>();
		for (const column of tableType.getProperties()) {
			const text = checker.typeToString(checker.getTypeOfSymbol(column));
			columns.set(column.name, { nullable: /\bnull\b/.test(text) });
		}
		out.set(table.name, columns);
	}
	return out;
}

/** `table.column` for every primary-key column, on SQLite (where keys may be declared nullable). */
async function primaryKeys(tables: string[]): Promise<Set<string>> {
	const out = new Set<string>();
	if (dialectUnderTest !== 'sqlite') return out;
	for (const table of tables) {
		const rows = await sql<{
			name: string;
		}>`SELECT name FROM pragma_table_info(${table}) WHERE pk > 0`.execute(db.db);
		for (const r of rows.rows) out.add(`${table}.${r.name}`);
	}
	return out;
}

let db: TestDb;
beforeAll(async () => {
	db = await openTestDb();
});
afterAll(async () => {
	await db.drop();
});

describe('table types match the migrated schema', () => {
	it('has the same tables and columns, with the same nullability', async () => {
		const declared = declaredTables();
		const actual = await db.db.introspection.getTables();
		const migrated = new Map(
			actual
				.filter((t) => !t.name.startsWith('kysely_'))
				.map((t) => [t.name, new Map(t.columns.map((c) => [c.name, { nullable: c.isNullable }]))])
		);
		const sorted = (m: Map<string, unknown>) => [...m.keys()].sort();
		expect(sorted(declared)).toEqual(sorted(migrated));
		const keys = await primaryKeys([...migrated.keys()]);
		const mismatches: string[] = [];
		for (const [table, columns] of migrated) {
			const types = declared.get(table)!;
			expect({ table, columns: sorted(types) }).toEqual({ table, columns: sorted(columns) });
			for (const [column, { nullable }] of columns) {
				// SQLite lets a non-integer single-column primary key hold NULL unless told otherwise;
				// a key is never null in practice, so only the other columns are compared there.
				if (keys.has(`${table}.${column}`)) continue;
				if (types.get(column)!.nullable !== nullable)
					mismatches.push(`${table}.${column}: database ${nullable ? 'NULL' : 'NOT NULL'}`);
			}
		}
		expect(mismatches).toEqual([]);
	});
});
