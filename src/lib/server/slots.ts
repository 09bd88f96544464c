// At most `size` of a kind of work at once in this process, at most `queue` more waiting their
// turn; beyond that a caller is refused at once (`busy`) rather than left to wait.
//
// Work is run for a key (the client's address, client-address.ts), and the places are shared
// fairly between keys, so that a few addresses sending work without pause cannot hold the queue
// against everyone else:
// - a full queue still takes work for a key holding (running or waiting) at least two fewer
//   places than the key holding the most: the latter's newest waiting work is refused as `busy`
//   in its stead. So one key alone may fill the queue, and is cut back to its share as others
//   come; a newcomer is refused only when every key holds at most one place.
// - a slot freed goes to the waiting work of a key with the fewest running, then the fewest
//   places held, then the oldest, so the newcomer runs next instead of after everything queued
//   before it.
import { refuse, Refusal } from './failure';

interface Waiter {
	key: string;
	turn: () => void;
	refused: () => void;
}

export class Slots {
	#free: number;
	readonly #queue: number;
	readonly #waiting: Waiter[] = [];
	readonly #runningBy = new Map<string, number>();

	constructor(
		readonly size: number,
		queue: number
	) {
		this.#free = size;
		this.#queue = queue;
	}

	/** Work running now (never more than `size`). */
	get running(): number {
		return this.size - this.#free;
	}

	/** Work waiting for a slot (never more than `queue`). */
	get waiting(): number {
		return this.#waiting.length;
	}

	/** Whether every slot is taken and every place in the queue too. */
	get full(): boolean {
		return this.#free === 0 && this.#waiting.length >= this.#queue;
	}

	/** Places `key` holds: work running and waiting. */
	held(key: string): number {
		return (this.#runningBy.get(key) ?? 0) + this.#waiting.filter((w) => w.key === key).length;
	}

	/** Whether `run` for `key` would refuse now. */
	refuses(key: string): boolean {
		return this.full && this.#displaced(key) < 0;
	}

	/**
	 * Runs `work` for `key` when a slot is free; throws a `busy` Refusal at once when the queue is
	 * full and `key` holds its share, or later, while waiting, when another key takes its place.
	 */
	async run<T>(work: () => Promise<T>, key = ''): Promise<T> {
		if (this.#free > 0) {
			this.#free -= 1;
			this.#start(key);
		} else {
			if (this.#waiting.length >= this.#queue) {
				const i = this.#displaced(key);
				if (i < 0) throw refuse('busy');
				this.#waiting.splice(i, 1)[0].refused();
			}
			// The slot is handed over, and counted as `key`'s, by the work that frees it (below).
			await new Promise<void>((turn, reject) =>
				this.#waiting.push({ key, turn, refused: () => reject(refuse('busy')) })
			);
		}
		try {
			return await work();
		} finally {
			this.#end(key);
			const next = this.#next();
			if (next < 0) this.#free += 1;
			else {
				const [waiter] = this.#waiting.splice(next, 1);
				this.#start(waiter.key);
				waiter.turn();
			}
		}
	}

	/** The waiting work to refuse so that `key` may wait instead: -1 when `key` holds its share. */
	#displaced(key: string): number {
		const mine = this.held(key);
		let most = -1;
		let mostHeld = mine + 1;
		for (let i = this.#waiting.length - 1; i >= 0; i--) {
			const h = this.held(this.#waiting[i].key);
			if (h > mostHeld) [most, mostHeld] = [i, h];
		}
		return most;
	}

	/**
	 * The waiting work to run next: of a key with the fewest running, then the fewest places held,
	 * the oldest; -1 when none waits.
	 */
	#next(): number {
		let best = -1;
		let fewest = [Infinity, Infinity];
		this.#waiting.forEach((w, i) => {
			const rank = [this.#runningBy.get(w.key) ?? 0, this.held(w.key)];
			if (rank[0] < fewest[0] || (rank[0] === fewest[0] && rank[1] < fewest[1])) [best, fewest] = [i, rank];
		});
		return best;
	}

	#start(key: string) {
		this.#runningBy.set(key, (this.#runningBy.get(key) ?? 0) + 1);
	}

	#end(key: string) {
		const n = (this.#runningBy.get(key) ?? 1) - 1;
		if (n > 0) this.#runningBy.set(key, n);
		else this.#runningBy.delete(key);
	}
}

/** Whether `e` is the refusal of a full queue. */
export const isBusy = (e: unknown): boolean => e instanceof Refusal && e.failure.code === 'busy';
