// At most `n` of a kind of work at once; the rest wait their turn, in order, in this process.

export type Slots = <T>(work: () => Promise<T>) => Promise<T>;

export function slots(n: number): Slots {
	let free = n;
	const waiting: (() => void)[] = [];
	return async (work) => {
		if (free > 0) free -= 1;
		else await new Promise<void>((turn) => waiting.push(turn));
		try {
			return await work();
		} finally {
			const next = waiting.shift();
			if (next) next();
			else free += 1;
		}
	};
}
