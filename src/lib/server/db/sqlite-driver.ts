// The SQLite driver under Kysely: better-sqlite3 with a statement cache and group commit.
//
// Kysely's own SqliteDriver prepares every statement again on every query and commits each
// transaction on its own, so each request pays SQLite's compiler and one fsync on the
// server's only thread. Here:
//
// - Prepared statements are kept, keyed by SQL text, in a bounded LRU (`StatementCache`).
// - Transactions share physical transactions ("group commit"). The one connection is handed
//   from caller to caller in arrival order; while callers are waiting for it, a transaction
//   that finishes does not COMMIT but RELEASEs its SAVEPOINT and hands the connection on, so
//   the next ones run inside the same BEGIN … COMMIT. The group commits (one fsync) when
//   nobody is waiting, or it has grown to `maxGroup` members or `maxGroupMs` old. "Nobody is
//   waiting" is judged after the event loop's turn: a request's transaction runs from start to
//   end in microtasks, so the requests that arrived with it have not asked yet; they run
//   before a setImmediate does, join the group, and share its COMMIT. A member
//   that wrote is answered only once that COMMIT is durable: `db.transaction().execute()`
//   resolves when the work is on disk, exactly as before, and rejects if the COMMIT or its
//   flush failed. A failing member rolls back to its own savepoint and leaves the others alone.
// - A statement outside a transaction that writes joins (or opens) a group the same way. A
//   read outside a transaction while a group is open may see the group's work, so it waits
//   for the group's COMMIT (never answering from work that could still roll back).
// - The flush leaves the server's thread (`walFile`, sqlite-flush.ts): SQLite runs with synchronous=NORMAL, so
//   its COMMIT only writes the WAL, and the driver then fsyncs the WAL file on libuv's thread
//   pool; writers are answered when that fsync has returned. While one fsync is in flight the
//   thread goes on running and committing the next groups, which all share the next fsync.
//   The WAL is append-only, so an fsync makes every commit before it durable (and a write that
//   read another's unflushed work is flushed with or after it); SQLite still syncs the WAL
//   before each checkpoint and the database after it. Reads, and groups that only read, are
//   not held for the flush: like PostgreSQL with synchronous_commit=on, a 200 for a write
//   means it is durable; unlike it, a read can show a commit whose flush is still running.
//   Without `walFile` (a database in memory, or the relaxed bench variant) COMMIT is the end.
// - With `walFile`, SQLite's checkpoints (the WAL copied back into the database file, with its
//   fsyncs) run on a thread of their own once the database is busy (sqlite-checkpoint.ts).
import fs from 'node:fs';
import type BetterSqlite3 from 'better-sqlite3';
import {
	CompiledQuery,
	SqliteAdapter,
	SqliteDialect,
	type DatabaseConnection,
	type Driver,
	type QueryResult,
	type SqliteDialectConfig
} from 'kysely';
import { Checkpointer, type CheckpointStats } from './sqlite-checkpoint';
import { StatementCache } from './statement-cache';
import { WalFlusher } from './sqlite-flush';
import { deferred, type Group, type GroupCommitOptions, type GroupCommitStats } from './sqlite-group';

export type { GroupCommitOptions, GroupCommitStats } from './sqlite-group';

const SAVEPOINT = 'kysely_group_member';

export class GroupCommitSqliteDialect extends SqliteDialect {
	readonly #config: SqliteDialectConfig & { database: BetterSqlite3.Database };
	readonly #options: GroupCommitOptions;
	driver: GroupCommitSqliteDriver | null = null;

	constructor(
		config: SqliteDialectConfig & { database: BetterSqlite3.Database },
		options: GroupCommitOptions = {}
	) {
		super(config);
		this.#config = config;
		this.#options = options;
	}

	override createDriver(): Driver {
		this.driver = new GroupCommitSqliteDriver(this.#config.database, this.#options);
		return this.driver;
	}

	override createAdapter(): GroupCommitSqliteAdapter {
		return new GroupCommitSqliteAdapter(this);
	}
}

/**
 * SQLite's adapter, naming the dialect whose driver runs the statements: a transaction's fixed
 * statements (attempts/hot-sql.ts) go to the driver without Kysely's executor around each.
 */
export class GroupCommitSqliteAdapter extends SqliteAdapter {
	readonly dialect: GroupCommitSqliteDialect;

	constructor(dialect: GroupCommitSqliteDialect) {
		super();
		this.dialect = dialect;
	}
}

export class GroupCommitSqliteDriver implements Driver {
	readonly #db: BetterSqlite3.Database;
	readonly #cache: StatementCache;
	readonly #maxGroup: number;
	readonly #maxGroupMs: number;
	readonly #connection: GroupConnection;
	#held = false;
	readonly #waiters: Array<{ resolve: () => void; reject: (e: Error) => void }> = [];
	#group: Group | null = null;
	#commitScheduled = false;
	#destroyed = false;
	readonly stats: GroupCommitStats = { commits: 0, members: 0, largest: 0, flushes: 0 };
	readonly #wal: WalFlusher;
	readonly #checkpointer: Checkpointer | null;

	constructor(db: BetterSqlite3.Database, options: GroupCommitOptions = {}) {
		this.#db = db;
		this.#cache = new StatementCache(db, options.cacheSize ?? 500);
		this.#maxGroup = options.maxGroup ?? 256;
		this.#maxGroupMs = options.maxGroupMs ?? 20;
		this.#connection = new GroupConnection(this);
		this.#wal = new WalFlusher(options.walFile, options.fsync ?? fs.fsync, this.stats);
		this.#checkpointer =
			options.walFile && options.checkpoint !== false
				? new Checkpointer(db.name, db, options.checkpoint)
				: null;
	}

	checkpointStats(): CheckpointStats | undefined {
		return this.#checkpointer?.stats;
	}

	async init(): Promise<void> {}

	/** Transaction control (BEGIN, SAVEPOINT, RELEASE, COMMIT …), each prepared once. */
	readonly #controls = new Map<string, BetterSqlite3.Statement>();
	#control(sql: string): void {
		let stmt = this.#controls.get(sql);
		if (!stmt) this.#controls.set(sql, (stmt = this.#db.prepare(sql)));
		stmt.run();
	}

	async acquireConnection(): Promise<DatabaseConnection> {
		if (this.#destroyed) throw new Error('The database connection is closed');
		if (this.#wal.error) throw this.#wal.error;
		if (!this.#held) {
			this.#held = true;
			return this.#connection;
		}
		return new Promise((resolve, reject) =>
			this.#waiters.push({ resolve: () => resolve(this.#connection), reject })
		);
	}

	async beginTransaction(): Promise<void> {
		this.#openGroup();
		this.#connection.inTransaction = true;
		this.#control(`SAVEPOINT ${SAVEPOINT}`);
	}

	async commitTransaction(): Promise<void> {
		this.#control(`RELEASE ${SAVEPOINT}`);
		const conn = this.#connection;
		conn.inTransaction = false;
		conn.joined = this.#group;
		conn.waitsForFlush = conn.wroteInTransaction;
		conn.wroteInTransaction = false;
	}

	async rollbackTransaction(): Promise<void> {
		this.#connection.inTransaction = false;
		this.#connection.wroteInTransaction = false;
		if (this.#db.inTransaction) {
			this.#control(`ROLLBACK TO ${SAVEPOINT}`);
			this.#control(`RELEASE ${SAVEPOINT}`);
			return;
		}
		// SQLite ended the whole physical transaction (an I/O error, a full disk): the members
		// that RELEASEd into it are gone with it and must not be answered as stored.
		this.#failGroup(new Error('SQLite rolled back the group transaction'));
	}

	async releaseConnection(): Promise<void> {
		const conn = this.#connection;
		const joined = conn.joined;
		const waitsForFlush = conn.waitsForFlush;
		conn.joined = null;
		conn.waitsForFlush = false;
		if (joined) joined.members++;
		const group = this.#group;
		if (group) {
			if (group.members >= this.#maxGroup || performance.now() - group.opened >= this.#maxGroupMs) {
				this.#commitGroup();
			} else if (this.#waiters.length === 0) {
				this.#commitSoon();
			}
		}
		const next = this.#waiters.shift();
		if (next) next.resolve();
		else this.#held = false;
		if (joined) await (waitsForFlush ? joined.durable : joined.committed).promise;
	}

	async destroy(): Promise<void> {
		if (this.#destroyed) return;
		// Everyone already queued runs first (their answers wait for the last COMMIT); then close.
		await this.acquireConnection();
		this.#destroyed = true;
		if (this.#group) this.#commitGroup();
		for (const w of this.#waiters.splice(0)) w.reject(new Error('The database connection is closed'));
		await this.#wal.drain().catch(() => {});
		await this.#checkpointer?.close();
		this.#cache.clear();
		this.#db.close();
		this.#wal.close();
	}

	/** Runs one statement for the connection; called only while the connection is held. */
	runStatement(sql: string, parameters: readonly unknown[]): QueryResult<unknown> {
		const conn = this.#connection;
		const stmt = this.#cache.get(sql);
		if (conn.inTransaction) {
			if (!stmt.readonly) {
				conn.wroteInTransaction = true;
				this.#group!.wrote = true;
			}
		} else if (!stmt.readonly) {
			this.#openGroup();
			this.#group!.wrote = true;
			conn.joined = this.#group;
			conn.waitsForFlush = true;
		} else if (this.#group) {
			conn.joined = this.#group;
		}
		if (stmt.reader) return { rows: stmt.all(parameters) };
		const { changes, lastInsertRowid } = stmt.run(parameters);
		return {
			numAffectedRows: changes != null ? BigInt(changes) : undefined,
			insertId: lastInsertRowid != null ? BigInt(lastInsertRowid) : undefined,
			rows: []
		};
	}

	cacheStats(): { size: number; hits: number; misses: number } {
		return { size: this.#cache.size, hits: this.#cache.hits, misses: this.#cache.misses };
	}

	/** A fresh statement for iteration: a cached one may be iterating already. */
	prepareFresh(sql: string): BetterSqlite3.Statement {
		return this.#db.prepare(sql);
	}

	#openGroup(): void {
		if (this.#group) {
			if (this.#db.inTransaction) return;
			// SQLite rolled the group back on its own (an I/O error, a full disk).
			this.#failGroup(new Error('SQLite rolled back the group transaction'));
		}
		// IMMEDIATE: the group takes the write lock up front, so a member's write can never
		// fail half-way through the group on a lock another process took meanwhile.
		this.#control('BEGIN IMMEDIATE');
		this.#group = {
			opened: performance.now(),
			members: 0,
			wrote: false,
			committed: deferred(),
			durable: deferred()
		};
	}

	/**
	 * Nobody is waiting for the connection now, but a request's transaction runs from start to
	 * end without giving the event loop a turn, so the requests that arrived with this one are
	 * still to run. The group stays open until the loop has run them (they join it) and
	 * commits then, unless somebody holds the connection: its release decides.
	 */
	#commitSoon(): void {
		if (this.#commitScheduled) return;
		this.#commitScheduled = true;
		setImmediate(() => {
			this.#commitScheduled = false;
			if (this.#group && !this.#held) this.#commitGroup();
		});
	}

	#commitGroup(): void {
		const group = this.#group!;
		this.#group = null;
		try {
			this.#control('COMMIT');
		} catch (e) {
			if (this.#db.inTransaction) {
				try {
					this.#control('ROLLBACK');
				} catch {
					/* the connection is unusable; the next BEGIN reports it */
				}
			}
			group.committed.reject(e);
			group.durable.reject(e);
			return;
		}
		this.stats.commits++;
		this.stats.members += group.members;
		this.stats.largest = Math.max(this.stats.largest, group.members);
		this.#checkpointer?.committed();
		group.committed.resolve();
		if (!group.wrote) {
			group.durable.resolve();
			return;
		}
		this.#wal.committed().then(group.durable.resolve, group.durable.reject);
	}

	#failGroup(e: unknown): void {
		const group = this.#group;
		this.#group = null;
		group?.committed.reject(e);
		group?.durable.reject(e);
	}
}

class GroupConnection implements DatabaseConnection {
	inTransaction = false;
	joined: Group | null = null;
	/** The caller's work is in `joined` and is answered after its flush, not only its COMMIT. */
	waitsForFlush = false;
	wroteInTransaction = false;
	readonly #driver: GroupCommitSqliteDriver;

	constructor(driver: GroupCommitSqliteDriver) {
		this.#driver = driver;
	}

	async executeQuery<R>(compiledQuery: CompiledQuery): Promise<QueryResult<R>> {
		return this.#driver.runStatement(compiledQuery.sql, compiledQuery.parameters) as QueryResult<R>;
	}

	async *streamQuery<R>(compiledQuery: CompiledQuery): AsyncIterableIterator<QueryResult<R>> {
		const stmt = this.#driver.prepareFresh(compiledQuery.sql);
		if (!stmt.reader) throw new Error('SQLite streams only statements that return rows');
		for (const row of stmt.iterate(compiledQuery.parameters as unknown[])) yield { rows: [row as R] };
	}
}
