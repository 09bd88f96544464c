// At most `size` of a kind of work at once in this process, at most `queue` more waiting their
// turn in order; beyond that a caller is refused at once (`busy`) rather than left to wait.
import { refuse, Refusal } from './failure';

export class Slots {
	#free: number;
	readonly #queue: number;
	readonly #waiting: (() => void)[] = [];

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

	/** Whether `run` would refuse now. */
	get full(): boolean {
		return this.#free === 0 && this.#waiting.length >= this.#queue;
	}

	/** Runs `work` when a slot is free; throws a `busy` Refusal at once when the queue is full. */
	async run<T>(work: () => Promise<T>): Promise<T> {
		if (this.#free > 0) this.#free -= 1;
		else if (this.#waiting.length >= this.#queue) throw refuse('busy');
		else await new Promise<void>((turn) => this.#waiting.push(turn));
		try {
			return await work();
		} finally {
			const next = this.#waiting.shift();
			if (next) next();
			else this.#free += 1;
		}
	}
}

/** Whether `e` is the refusal of a full queue. */
export const isBusy = (e: unknown): boolean => e instanceof Refusal && e.failure.code === 'busy';
