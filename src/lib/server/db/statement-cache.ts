// Prepared statements kept between queries, keyed by their SQL text: Kysely emits the same
// texts again and again, and compiling them was an eighth of the server's time under load.
import type BetterSqlite3 from 'better-sqlite3';

export class StatementCache {
	readonly #db: BetterSqlite3.Database;
	readonly #max: number;
	// A Map iterates in insertion order: re-inserting on a hit makes the first key the least recent.
	readonly #statements = new Map<string, BetterSqlite3.Statement>();
	hits = 0;
	misses = 0;

	constructor(db: BetterSqlite3.Database, max: number) {
		this.#db = db;
		this.#max = Math.max(1, max);
	}

	get(sql: string): BetterSqlite3.Statement {
		const cached = this.#statements.get(sql);
		if (cached) {
			this.hits++;
			this.#statements.delete(sql);
			this.#statements.set(sql, cached);
			return cached;
		}
		this.misses++;
		const stmt = this.#db.prepare(sql);
		this.#statements.set(sql, stmt);
		if (this.#statements.size > this.#max) {
			this.#statements.delete(this.#statements.keys().next().value!);
		}
		return stmt;
	}

	get size(): number {
		return this.#statements.size;
	}

	clear(): void {
		this.#statements.clear();
	}
}
