// The SQLite driver's group commit: transactions that queue while another runs share one
// COMMIT, each is answered only once that COMMIT returned, and one failing leaves the rest.
// A second, independent SQLite connection to the same file is the oracle for "on disk".
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, sql, type Generated } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
	GroupCommitSqliteDialect,
	type GroupCommitSqliteDriver
} from '../../src/lib/server/db/sqlite-driver';
import type { Db } from '../../src/lib/server/db';
import { run, runWrite } from '../../src/lib/server/attempts/hot-sql';

interface Tables {
	item: { id: Generated<number>; label: string };
	child: { id: Generated<number>; parent_id: number };
}

let dir: string;
let file: string;
let db: Kysely<Tables>;
let driver: GroupCommitSqliteDriver;
let oracle: SQLite.Database;

beforeEach(async () => {
	dir = fs.mkdtempSync(path.join(os.tmpdir(), 'group-commit-'));
	file = path.join(dir, 'test.sqlite');
	const sqlite = new SQLite(file);
	sqlite.pragma('journal_mode = WAL');
	sqlite.pragma('synchronous = FULL');
	sqlite.pragma('foreign_keys = ON');
	sqlite.exec(`CREATE TABLE item (id INTEGER PRIMARY KEY, label TEXT NOT NULL UNIQUE);
		CREATE TABLE child (id INTEGER PRIMARY KEY,
			parent_id INTEGER NOT NULL REFERENCES item(id) DEFERRABLE INITIALLY DEFERRED);`);
	// No time limit on a group: which transactions share one depends on the queue alone, not
	// on how fast this busy machine runs them.
	const dialect = new GroupCommitSqliteDialect({ database: sqlite }, { maxGroupMs: 3_600_000 });
	db = new Kysely<Tables>({ dialect });
	await db.connection().execute(async () => {});
	driver = dialect.driver!;
	oracle = new SQLite(file, { readonly: true });
});

afterEach(async () => {
	oracle.close();
	await db.destroy();
	fs.rmSync(dir, { recursive: true, force: true });
});

/** What another connection sees: only what has been committed. */
const committed = (label: string) =>
	oracle.prepare('SELECT count(*) AS n FROM item WHERE label = ?').get(label) as { n: number };

function insertIn(label: string) {
	return db.transaction().execute(async (tx) => {
		await tx.insertInto('item').values({ label }).execute();
		// A turn of the event loop inside the transaction, as a request's own work would take.
		await new Promise((r) => setImmediate(r));
		return label;
	});
}

describe('group commit on SQLite', () => {
	it('answers each of many concurrent transactions only once its row is committed, sharing COMMITs', async () => {
		const labels = Array.from({ length: 40 }, (_, i) => `t${i}`);
		const seenOnAnswer = await Promise.all(
			labels.map((label) => insertIn(label).then((l) => committed(l).n))
		);
		expect(seenOnAnswer).toEqual(labels.map(() => 1));
		expect(driver.stats.members).toBe(40);
		// 40 transactions queued behind each other: fewer physical commits than transactions.
		expect(driver.stats.commits).toBeLessThan(40);
	});

	it('shares a COMMIT between transactions that arrive in one turn of the event loop and never yield', async () => {
		// As a server's requests do: each comes in its own callback (a socket's data) and runs
		// its transaction from BEGIN to the end without a turn of the loop in between, so
		// nobody is waiting for the connection when it finishes.
		const before = driver.stats.commits;
		const labels = Array.from({ length: 20 }, (_, i) => `turn${i}`);
		const answered = await Promise.all(
			labels.map(
				(label) =>
					new Promise<number>((resolve, reject) =>
						setImmediate(() =>
							db
								.transaction()
								.execute((tx) => tx.insertInto('item').values({ label }).execute())
								.then(() => resolve(committed(label).n), reject)
						)
					)
			)
		);
		expect(answered).toEqual(labels.map(() => 1));
		expect(driver.stats.commits - before).toBe(1);
	});

	it('rolls back a failing transaction alone; the others of its group are stored', async () => {
		const results = await Promise.allSettled(
			Array.from({ length: 10 }, (_, i) =>
				db.transaction().execute(async (tx) => {
					await tx
						.insertInto('item')
						.values({ label: `r${i}` })
						.execute();
					await new Promise((r) => setImmediate(r));
					if (i === 4) throw new Error('member 4 fails');
					return i;
				})
			)
		);
		expect(results.map((r) => r.status)).toEqual(
			Array.from({ length: 10 }, (_, i) => (i === 4 ? 'rejected' : 'fulfilled'))
		);
		const stored = (oracle.prepare('SELECT label FROM item ORDER BY id').all() as { label: string }[]).map(
			(r) => r.label
		);
		expect(stored).toEqual(['r0', 'r1', 'r2', 'r3', 'r5', 'r6', 'r7', 'r8', 'r9']);
	});

	it('answers a write outside a transaction after it is committed, and a read after the group it may have seen', async () => {
		const tx = insertIn('in-tx');
		const plain = db
			.insertInto('item')
			.values({ label: 'plain' })
			.execute()
			.then(() => committed('plain').n);
		const read = db
			.selectFrom('item')
			.select('label')
			.execute()
			.then((rows) => rows.map((r) => committed(r.label).n));
		const [, plainSeen, readSeen] = await Promise.all([tx, plain, read]);
		expect(plainSeen).toBe(1);
		expect(readSeen.every((n) => n === 1)).toBe(true);
	});

	it('fails every member of a group whose COMMIT fails, and stores none of them', async () => {
		// A deferred foreign key is checked at COMMIT only: the bad member passes its RELEASE.
		const results = await Promise.allSettled([
			insertIn('before'),
			db.transaction().execute(async (t) => {
				await t.insertInto('child').values({ parent_id: 999 }).execute();
				await new Promise((r) => setImmediate(r));
			}),
			insertIn('after')
		]);
		expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'rejected']);
		expect(committed('before').n + committed('after').n).toBe(0);
		// The driver carries on with the next transaction.
		await insertIn('later');
		expect(committed('later').n).toBe(1);
	});

	it('keeps statements prepared between queries', async () => {
		for (let i = 0; i < 5; i++) await sql`SELECT ${i} AS n`.execute(db);
		const before = driver.stats.commits;
		for (let i = 0; i < 5; i++) await db.selectFrom('item').selectAll().where('id', '=', i).execute();
		expect(driver.cacheStats()).toMatchObject({ size: 2 });
		expect(driver.stats.commits).toBe(before);
	});

	it('lets every queued caller finish before it closes', async () => {
		const pending = Array.from({ length: 5 }, (_, i) => insertIn(`q${i}`));
		const closing = db.destroy();
		const results = await Promise.allSettled(pending);
		await closing;
		expect(results.every((r) => r.status === 'fulfilled')).toBe(true);
		expect((oracle.prepare('SELECT count(*) AS n FROM item').get() as { n: number }).n).toBe(5);
		db = new Kysely<Tables>({ dialect: new GroupCommitSqliteDialect({ database: new SQLite(file) }) });
	});
});

/** A database file of its own, in WAL mode with synchronous=NORMAL as the server runs it, with the item table. */
function walDatabase(prefix: string) {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
	const file = path.join(dir, 'test.sqlite');
	const sqlite = new SQLite(file);
	sqlite.pragma('journal_mode = WAL');
	sqlite.pragma('synchronous = NORMAL');
	sqlite.exec('CREATE TABLE item (id INTEGER PRIMARY KEY, label TEXT NOT NULL UNIQUE)');
	return { dir, file, sqlite };
}

describe('the WAL flushed off the main thread', () => {
	/** A driver over its own file whose fsync the test completes by hand. */
	async function withManualFsync() {
		const { dir: d, file: f, sqlite } = walDatabase('group-flush-');
		const pending: Array<(err: NodeJS.ErrnoException | null) => void> = [];
		const dialect = new GroupCommitSqliteDialect(
			{ database: sqlite },
			{ walFile: `${f}-wal`, fsync: (_fd, done) => pending.push(done), maxGroupMs: 3_600_000 }
		);
		const k = new Kysely<Tables>({ dialect });
		await k.connection().execute(async () => {});
		return { k, pending, driver: dialect.driver!, dir: d };
	}

	it('answers a transaction only after the fsync that follows its COMMIT, and shares that fsync', async () => {
		const { k, pending, driver: drv, dir: d } = await withManualFsync();
		const answered: string[] = [];
		const insert = (label: string) =>
			k
				.transaction()
				.execute((tx) => tx.insertInto('item').values({ label }).execute())
				.then(() => answered.push(label));
		const first = insert('a');
		await expect.poll(() => pending.length).toBe(1);
		// Committed, fsync in flight: not answered. Two more commit meanwhile.
		const later = [insert('b'), insert('c')];
		await expect.poll(() => drv.stats.commits).toBeGreaterThanOrEqual(2);
		expect(answered).toEqual([]);
		pending.shift()!(null);
		await first;
		expect(answered).toEqual(['a']);
		// b and c wait for one more fsync, which covers both.
		await expect.poll(() => pending.length).toBe(1);
		expect(answered).toEqual(['a']);
		pending.shift()!(null);
		await Promise.all(later);
		expect(answered.sort()).toEqual(['a', 'b', 'c']);
		expect(drv.stats.flushes).toBe(2);
		// A plain write waits for its flush; a read is not held for it (a read stores nothing).
		let written = false;
		const plain = k
			.insertInto('item')
			.values({ label: 'd' })
			.execute()
			.then(() => (written = true));
		await expect.poll(() => pending.length).toBe(1);
		const seen = await k.selectFrom('item').select('label').orderBy('label').execute();
		expect(seen.map((r) => r.label)).toEqual(['a', 'b', 'c', 'd']);
		expect(written).toBe(false);
		pending.shift()!(null);
		await plain;
		await k.destroy();
		fs.rmSync(d, { recursive: true, force: true });
	});

	it('fails the waiting transactions when an fsync fails, and refuses later ones', async () => {
		const { k, pending, dir: d } = await withManualFsync();
		const errors = console.error;
		console.error = () => {};
		try {
			const t = k.transaction().execute((tx) => tx.insertInto('item').values({ label: 'x' }).execute());
			await expect.poll(() => pending.length).toBe(1);
			pending.shift()!(Object.assign(new Error('EIO'), { code: 'EIO' }));
			await expect(t).rejects.toThrow('EIO');
			await expect(k.selectFrom('item').selectAll().execute()).rejects.toThrow('EIO');
		} finally {
			console.error = errors;
			fs.rmSync(d, { recursive: true, force: true });
		}
	});
	it('holds a fixed statement run inside a transaction (hot-sql, straight to the driver) to the same rules', async () => {
		const { k, pending, driver: drv, dir: d } = await withManualFsync();
		const asDb = k as unknown as Db;
		const statements = () => drv.cacheStats().hits + drv.cacheStats().misses;
		try {
			let answered = false;
			const before = statements();
			const write = k
				.transaction()
				.execute((tx) => runWrite(tx as unknown as Db, 'INSERT INTO item (label) VALUES (?)', ['fixed']))
				.then((n) => (answered = n === 1));
			// Committed, its fsync not done: a write is not answered yet.
			await expect.poll(() => pending.length).toBe(1);
			expect(statements()).toBe(before + 1);
			expect(answered).toBe(false);
			pending.shift()!(null);
			await write;
			expect(answered).toBe(true);
			// A member that fails after a fixed write rolls back to its savepoint: nothing of it stays.
			const failing = k.transaction().execute(async (tx) => {
				await runWrite(tx as unknown as Db, 'INSERT INTO item (label) VALUES (?)', ['undone']);
				expect(await run(tx as unknown as Db, 'SELECT label FROM item WHERE label = ?', ['undone'])).toEqual([
					{ label: 'undone' }
				]);
				throw new Error('member fails');
			});
			await expect(failing).rejects.toThrow('member fails');
			expect(await run(asDb, 'SELECT label FROM item ORDER BY id', [])).toEqual([{ label: 'fixed' }]);
		} finally {
			// The failed member's group asked for a flush too; the close waits for it.
			for (const done of pending.splice(0)) done(null);
			await k.destroy();
			fs.rmSync(d, { recursive: true, force: true });
		}
	});
});

describe('checkpoints on a thread of their own', () => {
	it('copies the WAL into the database file from the worker while the server connection never checkpoints', async () => {
		const { dir: d, file: f, sqlite } = walDatabase('group-checkpoint-');
		const dialect = new GroupCommitSqliteDialect(
			{ database: sqlite },
			{ walFile: `${f}-wal`, checkpoint: { startAfter: 5, everyMs: 0 } }
		);
		const k = new Kysely<Tables>({ dialect });
		try {
			// Far fewer pages than SQLite's own threshold (1,000): SQLite alone would not checkpoint.
			for (let i = 0; i < 40; i++)
				await k
					.insertInto('item')
					.values({ label: `c${i}` })
					.execute();
			expect(sqlite.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
			const stats = dialect.driver!.checkpointStats()!;
			await expect.poll(() => stats.checkpoints).toBeGreaterThan(0);
			await expect
				.poll(() => {
					// The database file alone, without its WAL: what checkpoints copied into it.
					const copy = path.join(d, `copy-${stats.checkpoints}.sqlite`);
					fs.copyFileSync(f, copy);
					const alone = new SQLite(copy, { readonly: true });
					try {
						return (alone.prepare('SELECT count(*) AS n FROM item').get() as { n: number }).n;
					} finally {
						alone.close();
					}
				})
				.toBeGreaterThan(0);
			expect(stats.onThread).toBe(0);
		} finally {
			await k.destroy();
			fs.rmSync(d, { recursive: true, force: true });
		}
	});

	it('lets a process that closes its database wait for the checkpoint thread, then end', () => {
		// The worker is unref'd while it runs: a close that waited on it without holding the
		// process left a program with nothing else to do ending half-way through its close.
		// Inside the checkout (data/ is ignored by git), so the script finds its packages.
		fs.mkdirSync('data', { recursive: true });
		const d = fs.mkdtempSync(path.resolve('data', 'group-checkpoint-close-'));
		const script = path.join(d, 'close.mts');
		const driver = path.resolve('src/lib/server/db/sqlite-driver.ts');
		fs.writeFileSync(
			script,
			`import SQLite from 'better-sqlite3';
import { Kysely, sql } from 'kysely';
import { GroupCommitSqliteDialect } from ${JSON.stringify(driver)};
const f = ${JSON.stringify(path.join(d, 'test.sqlite'))};
const sqlite = new SQLite(f);
sqlite.pragma('journal_mode = WAL');
sqlite.pragma('synchronous = NORMAL');
const k = new Kysely({ dialect: new GroupCommitSqliteDialect({ database: sqlite }, { walFile: f + '-wal', checkpoint: { startAfter: 5, everyMs: 0 } }) });
await sql\`CREATE TABLE item (id INTEGER PRIMARY KEY)\`.execute(k);
for (let i = 0; i < 20; i++) await sql\`INSERT INTO item DEFAULT VALUES\`.execute(k);
await k.destroy();
console.log('closed');
`
		);
		try {
			const run = spawnSync(process.execPath, ['--import', 'tsx', script], {
				cwd: process.cwd(),
				encoding: 'utf8'
			});
			expect({ status: run.status, out: run.stdout.trim() }).toEqual({ status: 0, out: 'closed' });
		} finally {
			fs.rmSync(d, { recursive: true, force: true });
		}
	});
});
