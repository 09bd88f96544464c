// The WAL flushed off the server's thread (sqlite-driver.ts): SQLite commits with
// synchronous=NORMAL (the WAL written, not flushed) and this fsyncs the WAL file on libuv's
// thread pool. A COMMIT is durable once an fsync begun after it has returned; every COMMIT
// made while one fsync runs shares the next. Without a WAL file (a database in memory, the
// relaxed bench variant) a COMMIT is durable as soon as it returns.
import fs from 'node:fs';
import path from 'node:path';
import type { GroupCommitOptions, GroupCommitStats } from './sqlite-group';

type Fsync = NonNullable<GroupCommitOptions['fsync']>;

export class WalFlusher {
	readonly #walFile: string | undefined;
	readonly #fsync: Fsync;
	readonly #stats: GroupCommitStats;
	#walFd: number | null = null;
	/** COMMITs so far, and how many of them an fsync has covered. */
	#committed = 0;
	#flushed = 0;
	#flushing = false;
	#error: unknown = null;
	readonly #waiters: Array<{ upTo: number; resolve: () => void; reject: (e: unknown) => void }> = [];

	constructor(walFile: string | undefined, fsync: Fsync, stats: GroupCommitStats) {
		this.#walFile = walFile;
		this.#fsync = fsync;
		this.#stats = stats;
	}

	/** A failed fsync: set once, and every write from then on is refused. */
	get error(): unknown {
		return this.#error;
	}

	/** A COMMIT that wrote has returned: resolves once it is on disk. */
	committed(): Promise<void> {
		this.#committed++;
		return this.#whenFlushed(this.#committed);
	}

	/** Resolves once every COMMIT so far is on disk. */
	drain(): Promise<void> {
		return this.#whenFlushed(this.#committed);
	}

	close(): void {
		if (this.#walFd !== null) fs.closeSync(this.#walFd);
		this.#walFd = null;
	}

	/** Resolves once an fsync begun after COMMIT number `upTo` has returned. */
	#whenFlushed(upTo: number): Promise<void> {
		if (!this.#walFile) this.#flushed = this.#committed;
		if (this.#error) return Promise.reject(this.#error);
		if (this.#flushed >= upTo) return Promise.resolve();
		return new Promise((resolve, reject) => {
			this.#waiters.push({ upTo, resolve, reject });
			this.#flush();
		});
	}

	#flush(): void {
		if (this.#flushing || this.#waiters.length === 0) return;
		const target = this.#committed;
		let fd: number | null;
		try {
			fd = this.#walDescriptor();
		} catch (e) {
			this.#failed(e);
			return;
		}
		if (fd === null) {
			// No WAL file yet: nothing was ever written to it.
			this.#flushed = target;
			for (const w of this.#waiters.splice(0)) w.resolve();
			return;
		}
		this.#flushing = true;
		this.#fsync(fd, (err) => {
			this.#flushing = false;
			if (err) {
				this.#failed(err);
				return;
			}
			this.#stats.flushes++;
			this.#flushed = Math.max(this.#flushed, target);
			const waiting = this.#waiters.splice(0);
			for (const w of waiting) {
				if (w.upTo <= target) w.resolve();
				else this.#waiters.push(w);
			}
			// COMMITs that landed while this fsync ran share the next one.
			this.#flush();
		});
	}

	/**
	 * After a failed fsync the kernel may have dropped the dirty pages and a later fsync can
	 * succeed without them: nothing from here on can be promised durable. Every waiting
	 * caller fails (none was answered 200) and so does every later one; a restart recovers.
	 */
	#failed(e: unknown): void {
		this.#error = e;
		console.error('SQLite: flushing the WAL failed; refusing further writes until a restart', e);
		for (const w of this.#waiters.splice(0)) w.reject(e);
	}

	#walDescriptor(): number | null {
		if (this.#walFd === null) {
			try {
				this.#walFd = fs.openSync(this.#walFile!, 'r');
			} catch (e) {
				if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
				throw e;
			}
			// The WAL's directory entry must be durable too, once.
			const dir = fs.openSync(path.dirname(this.#walFile!), 'r');
			try {
				fs.fsyncSync(dir);
			} finally {
				fs.closeSync(dir);
			}
		}
		return this.#walFd;
	}
}
