// The group commit's vocabulary (sqlite-driver.ts): its options and counters, and a group of
// transactions that share one BEGIN … COMMIT and one flush.
import type { CheckpointOptions } from './sqlite-checkpoint';

export interface GroupCommitOptions {
	/** Statements kept prepared (distinct SQL texts). */
	cacheSize?: number;
	/** A group commits once it holds this many transactions, even with callers waiting. */
	maxGroup?: number;
	/** … or once it has been open this long, so a steady stream cannot hold answers back. */
	maxGroupMs?: number;
	/**
	 * The WAL file to fsync after each COMMIT, off the main thread (the database must run with
	 * synchronous=NORMAL then). Unset: COMMIT's own durability is all there is.
	 */
	walFile?: string;
	/**
	 * Checkpoints on a thread of their own (sqlite-checkpoint.ts), with `walFile` only; false:
	 * SQLite's own, inside COMMIT.
	 */
	checkpoint?: CheckpointOptions | false;
	/** For tests: stands in for fs.fsync. */
	fsync?: (fd: number, done: (err: NodeJS.ErrnoException | null) => void) => void;
}

export interface GroupCommitStats {
	/** Physical COMMITs that succeeded. */
	commits: number;
	/** Logical transactions and joined statements those COMMITs made durable. */
	members: number;
	/** The largest group committed. */
	largest: number;
	/** fsyncs of the WAL run off the main thread (each covers every COMMIT before it). */
	flushes: number;
}

export interface Deferred {
	promise: Promise<void>;
	resolve: () => void;
	reject: (e: unknown) => void;
}

export function deferred(): Deferred {
	let resolve!: () => void;
	let reject!: (e: unknown) => void;
	const promise = new Promise<void>((res, rej) => {
		resolve = res;
		reject = rej;
	});
	// Members await it; a group whose members all rolled back has nobody listening.
	promise.catch(() => {});
	return { promise, resolve, reject };
}

export interface Group {
	opened: number;
	members: number;
	/** Some member wrote: the COMMIT must be flushed before writers are answered. */
	wrote: boolean;
	/** Settles when the group's COMMIT has returned (or failed). */
	committed: Deferred;
	/** … and when it is on disk. */
	durable: Deferred;
}
