// Opens the server database: SQLite (better-sqlite3, WAL, one file under DATA_DIR) by
// default, PostgreSQL when DATABASE_URL is a postgres:// URL. Migrations run on open.
import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { Kysely, Migrator, PostgresAdapter, PostgresDialect } from 'kysely';
import type { Database } from './schema';
import { migrationProvider, type Dialect } from './migrations';
import { writeHeard } from '../venue/presence';
import { GroupCommitSqliteDialect, type GroupCommitStats } from './sqlite-driver';
import { prepareMarked } from './pg-prepared';

export type Db = Kysely<Database>;

export interface DbHandle {
	db: Db;
	/**
	 * What tablets call with their device token: sync, heartbeat and submit (fast-path.ts), enrol,
	 * package, key, stream (routes/api/venue). On PostgreSQL a pool of its own, so
	 * that a proctor's pause or lock, a console or a page never waits in a queue behind a hall's
	 * heartbeats; on SQLite the same as `db` (one connection either way).
	 */
	tabletDb: Db;
	dialect: Dialect;
	close(): Promise<void>;
	/** SQLite only: how many transactions shared each physical COMMIT. */
	groupCommit?: GroupCommitStats;
}

// pg returns int8 (our epoch-ms columns, COUNT(*)) as strings; every such value we store
// fits in a double.
pg.types.setTypeParser(20, (v) => Number(v));
pg.types.setTypeParser(1700, (v) => Number(v));

export interface DbConfig {
	databaseUrl?: string;
	dataDir?: string;
	/** SQLite file name inside dataDir, default phongthi.sqlite; ':memory:' for tests. */
	sqliteFile?: string;
}

/** Connections for everything but the tablets' hot paths: pages, consoles, proctors' actions. */
const STAFF_POOL_MAX = 4;

/**
 * How long PostgreSQL work may wait, in ms, so that one stuck holder does not hold a hall:
 * a request waits at most `poolWait` for a connection (then fails: a tablet retries, a page
 * shows the server error) and a transaction left idle mid-way is ended by the server after
 * `idleInTransaction`, its locks freed. A tablet's statements (sync, heartbeat, submit, enrol,
 * package) are short: one waits at most `tabletLock` for a row another holds, and runs at
 * most `tabletStatement`; the tablet retries, where waiting on would hold its connection.
 */
export const PG_WAITS = {
	poolWait: 30_000,
	idleInTransaction: 60_000,
	tabletLock: 10_000,
	tabletStatement: 30_000
};

function pgPool(url: string, max: number, tablets: boolean): pg.Pool {
	const pool = new pg.Pool({
		connectionString: url,
		max,
		connectionTimeoutMillis: PG_WAITS.poolWait,
		idle_in_transaction_session_timeout: PG_WAITS.idleInTransaction,
		...(tablets ? { lock_timeout: PG_WAITS.tabletLock, statement_timeout: PG_WAITS.tabletStatement } : {})
	});
	// An idle connection that the server ends (restart, failover, pg_terminate_backend)
	// emits 'error' on the pool; unhandled, that would end the whole process. The pool
	// drops that connection and opens a new one for the next query.
	pool.on('error', (e) => console.error('PostgreSQL: idle connection lost:', e.message));
	pool.on('connect', (client) => {
		// A connection a request holds (a transaction between two statements) is not watched by
		// the pool: pg-pool takes its listener off while the connection is out. Ended then, its
		// 'error' had no listener and ended the process, every hall's tablets with it. Now it is
		// logged; the transaction's next statement fails (its request gets a 500) and the pool
		// drops the connection when it comes back.
		client.on('error', (e) => console.error('PostgreSQL: connection lost in use:', e.message));
		prepareMarked(client);
	});
	return pool;
}

class SharedAdapterDialect extends PostgresDialect {
	constructor(
		pool: pg.Pool,
		private readonly adapter: PostgresAdapter
	) {
		super({ pool });
	}
	override createAdapter(): PostgresAdapter {
		return this.adapter;
	}
}

/** Closes the database, once the tablets' presence heard and not written yet is written. */
async function closeDb(db: Db): Promise<void> {
	await writeHeard(db).catch((e: unknown) => console.error('presence: not written at close', e));
	await db.destroy();
}

export async function openDb(config: DbConfig = {}): Promise<DbHandle> {
	const url = config.databaseUrl ?? '';
	let handle: DbHandle;
	if (/^postgres(ql)?:\/\//.test(url)) {
		const max = Number(process.env.PG_POOL_MAX ?? 10);
		// Both pools' Kysely share one adapter: what is kept per database in this process (heard
		// presence, papers, the grid; keyed by the adapter) is the same whichever pool reads it.
		const adapter = new PostgresAdapter();
		const onPool = (connections: number, tablets: boolean) =>
			new Kysely<Database>({ dialect: new SharedAdapterDialect(pgPool(url, connections, tablets), adapter) });
		const db = onPool(Math.min(max, STAFF_POOL_MAX), false);
		const tabletDb = onPool(max, true);
		handle = {
			db,
			tabletDb,
			dialect: 'postgres',
			close: async () => {
				await closeDb(db);
				await tabletDb.destroy();
			}
		};
	} else {
		const file = config.sqliteFile ?? 'phongthi.sqlite';
		let location = file;
		if (file !== ':memory:') {
			const dir = config.dataDir ?? 'data';
			fs.mkdirSync(dir, { recursive: true });
			location = path.join(dir, file);
		}
		const sqlite = new SQLite(location);
		sqlite.pragma('journal_mode = WAL');
		// FULL: an acknowledged answer is on disk before the 200 leaves, even on power loss.
		// SQLITE_SYNCHRONOUS=NORMAL exists only so `npm run bench` can show what FULL costs;
		// NORMAL survives a killed process but may lose the last commits on power loss.
		// The driver keeps FULL's promise itself: SQLite commits with NORMAL (the WAL written,
		// not flushed) and the driver fsyncs the WAL off the main thread before anyone is
		// answered, one fsync for every commit made while the previous one ran.
		const relaxed = process.env.SQLITE_SYNCHRONOUS?.toUpperCase() === 'NORMAL';
		const flushWal = !relaxed && file !== ':memory:';
		sqlite.pragma(`synchronous = ${relaxed || flushWal ? 'NORMAL' : 'FULL'}`);
		sqlite.pragma('foreign_keys = ON');
		sqlite.pragma('busy_timeout = 5000');
		// The answer log's index grows with every event; keeping its pages in memory (64 MiB of
		// cache, reads through a 1 GiB map) spares the hot path the reads from the file.
		sqlite.pragma('cache_size = -65536');
		sqlite.pragma('mmap_size = 1073741824');
		const dialect = new GroupCommitSqliteDialect(
			{ database: sqlite },
			{ walFile: flushWal ? `${path.resolve(location)}-wal` : undefined }
		);
		const db = new Kysely<Database>({ dialect });
		await db.connection().execute(async () => {}); // creates the driver, so its stats exist
		handle = {
			db,
			tabletDb: db,
			dialect: 'sqlite',
			close: () => closeDb(db),
			groupCommit: dialect.driver?.stats
		};
	}
	await migrate(handle);
	return handle;
}

export async function migrate({ db, dialect }: DbHandle): Promise<void> {
	// In order, always: a database that ran a later migration before an earlier one refuses to start.
	const migrator = new Migrator({ db, provider: migrationProvider(dialect) });
	const { error, results } = await migrator.migrateToLatest();
	const failed = results?.find((r) => r.status === 'Error');
	if (error || failed) {
		throw new Error(`Migration failed${failed ? ` at ${failed.migrationName}` : ''}: ${String(error)}`);
	}
}
