// SQLite's WAL checkpoints, off the server's thread.
//
// SQLite copies the WAL back into the database file ("checkpoint") from inside a COMMIT once
// the WAL holds 1,000 pages: that COMMIT then writes every page to the database file and
// fsyncs it, on the server's only thread. Under load it was four fifths of the time COMMIT
// took (a hall bench: 214 of 968 COMMITs over 2 ms, 7.6 ms each). Here a worker thread with
// its own connection to the file runs the checkpoints (PASSIVE: it never waits for the
// server's writes, nor they for it), and the server's connection stops checkpointing
// (wal_autocheckpoint = 0). SQLite restarts the WAL from its start at the next write after a
// checkpoint that caught up, so the file stops growing.
//
// The worker starts only once a database has seen `startAfter` commits, so the many short-
// lived databases of tests and scripts keep SQLite's own checkpoints and no thread. If the
// worker cannot keep up (`limitFrames` pages left behind) or fails, the server's connection
// checkpoints again itself: the WAL never grows without bound.
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type BetterSqlite3 from 'better-sqlite3';

export interface CheckpointOptions {
	/** Commits before the worker starts (SQLite's own checkpoints until then). */
	startAfter?: number;
	/** At most one checkpoint asked for in this many ms while commits come in. */
	everyMs?: number;
	/** WAL pages left uncopied at which the server's connection checkpoints itself again. */
	limitFrames?: number;
}

export interface CheckpointStats {
	/** Checkpoints the worker ran. */
	checkpoints: number;
	/** Checkpoints the server's own connection ran because the worker fell behind. */
	onThread: number;
}

/** SQLite's own threshold (pages), restored if the worker is gone. */
const SQLITE_DEFAULT_AUTOCHECKPOINT = 1000;

// CommonJS, run with `eval`: the worker needs no file of its own next to the server's bundle.
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.module);
const db = new Database(workerData.file, { fileMustExist: true });
parentPort.on('message', (m) => {
	if (m === 'close') {
		db.close();
		parentPort.close();
		return;
	}
	const [row] = db.pragma('wal_checkpoint(PASSIVE)');
	parentPort.postMessage(row);
});
`;

interface CheckpointRow {
	busy: number;
	log: number;
	checkpointed: number;
}

export class Checkpointer {
	readonly stats: CheckpointStats = { checkpoints: 0, onThread: 0 };
	readonly #file: string;
	readonly #main: BetterSqlite3.Database;
	readonly #startAfter: number;
	readonly #everyMs: number;
	readonly #limitFrames: number;
	#worker: Worker | null = null;
	#failed = false;
	#inFlight = false;
	#commits = 0;
	#asked = 0;
	/** WAL pages the last checkpoint left uncopied. */
	#behind = 0;
	#exited: Promise<void> | null = null;

	constructor(file: string, main: BetterSqlite3.Database, options: CheckpointOptions = {}) {
		this.#file = file;
		this.#main = main;
		this.#startAfter = options.startAfter ?? 1000;
		this.#everyMs = options.everyMs ?? 200;
		this.#limitFrames = options.limitFrames ?? 20_000;
	}

	/** After each COMMIT, on the server's thread, with no transaction open. */
	committed(): void {
		if (this.#failed) return;
		this.#commits++;
		if (!this.#worker) {
			if (this.#commits < this.#startAfter) return;
			this.#start();
		}
		if (this.#inFlight) return;
		if (this.#behind >= this.#limitFrames) {
			this.#onThread();
			return;
		}
		const now = performance.now();
		if (this.#behind === 0 && now - this.#asked < this.#everyMs) return;
		this.#asked = now;
		this.#inFlight = true;
		this.#worker!.postMessage('checkpoint');
	}

	/** Stops the worker (its connection closed); the caller closes the server's connection after. */
	async close(): Promise<void> {
		this.#failed = true;
		const worker = this.#worker;
		if (!worker) return;
		// Unref'd while it runs (it keeps no process alive); held until it has closed its connection.
		worker.ref();
		worker.postMessage('close');
		await this.#exited;
	}

	#start(): void {
		const module = createRequire(import.meta.url).resolve('better-sqlite3');
		const worker = new Worker(WORKER, { eval: true, workerData: { module, file: this.#file } });
		worker.unref();
		this.#exited = new Promise((resolve) => worker.once('exit', () => resolve()));
		worker.on('message', (row: CheckpointRow) => {
			this.#inFlight = false;
			this.stats.checkpoints++;
			// Busy (another checkpoint ran) or pages written meanwhile: ask again at the next commit.
			this.#behind = row.busy ? Math.max(this.#behind, 1) : Math.max(0, row.log - row.checkpointed);
		});
		worker.on('error', (e) => {
			console.error('SQLite: the checkpoint thread failed; checkpointing on the main thread again', e);
			this.#giveUp();
		});
		worker.on('exit', () => {
			if (!this.#failed) this.#giveUp();
		});
		this.#worker = worker;
		this.#main.pragma('wal_autocheckpoint = 0');
	}

	#onThread(): void {
		const [row] = this.#main.pragma('wal_checkpoint(PASSIVE)') as CheckpointRow[];
		this.stats.onThread++;
		this.#behind = row.busy ? this.#behind : Math.max(0, row.log - row.checkpointed);
	}

	#giveUp(): void {
		this.#failed = true;
		this.#inFlight = false;
		try {
			this.#main.pragma(`wal_autocheckpoint = ${SQLITE_DEFAULT_AUTOCHECKPOINT}`);
		} catch {
			/* the connection is closed already */
		}
	}
}
