// Who holds which open event streams, so that one holder of a token cannot hold many: a device
// token, a proctor's session. Each holder keeps at most `cap` streams; the one past the cap
// closes the holder's oldest, so a tablet that reconnects (its old stream not yet known dead)
// is never refused. And now and then (`recheck`) each holder's right is asked again, for all
// streams at once, and the streams of a holder who lost it (signed out, removed from the room,
// a wiped tablet) are closed. A closed stream costs its client nothing: it polls (push.ts).

/** What a stream was opened for: its holder (the cap counts per holder) and its room. */
export interface Holding {
	holder: string;
	room: string;
	/** What the check needs to ask the right again (a session's cookie); never sent anywhere. */
	credential?: string;
}

/** Of the holdings given, the keys (`holdingKey`) of those whose right still stands. */
export type StillAllowed = (held: readonly Holding[]) => Promise<ReadonlySet<string>>;

export const holdingKey = (h: Holding) => `${h.holder}\n${h.room}`;

interface Entry {
	holding: Holding;
	close: () => void;
}

export class StreamHolders {
	/** Per holder, its streams in the order they were opened (a Set keeps insertion order). */
	readonly #byHolder = new Map<string, Set<Entry>>();
	#checking: Promise<number> | null = null;

	constructor(
		readonly cap: number,
		readonly stillAllowed: StillAllowed
	) {}

	/**
	 * Counts a newly opened stream; closes the holder's oldest past the cap. `close` ends the
	 * stream (and must end in `release`). Returns `release`, for when the stream ends.
	 */
	hold(holding: Holding, close: () => void): () => void {
		let set = this.#byHolder.get(holding.holder);
		if (!set) this.#byHolder.set(holding.holder, (set = new Set()));
		const entry: Entry = { holding, close };
		set.add(entry);
		const own = set;
		const release = () => {
			own.delete(entry);
			if (own.size === 0 && this.#byHolder.get(holding.holder) === own) this.#byHolder.delete(holding.holder);
		};
		for (const oldest of [...own].slice(0, Math.max(0, own.size - this.cap))) this.#end(oldest, own);
		return release;
	}

	/** Open streams of one holder, or of all. */
	count(holder?: string): number {
		if (holder !== undefined) return this.#byHolder.get(holder)?.size ?? 0;
		let n = 0;
		for (const set of this.#byHolder.values()) n += set.size;
		return n;
	}

	/**
	 * Asks every holder's right again, in one call of `stillAllowed` for all open streams, and
	 * closes the streams whose right is gone. A check that fails closes nothing (the next one
	 * will tell). One check at a time; returns how many streams it closed.
	 */
	recheck(): Promise<number> {
		this.#checking ??= this.#recheck().finally(() => (this.#checking = null));
		return this.#checking;
	}

	async #recheck(): Promise<number> {
		const distinct = new Map<string, Holding>();
		for (const set of this.#byHolder.values())
			for (const { holding } of set) distinct.set(holdingKey(holding), holding);
		if (distinct.size === 0) return 0;
		let allowed: ReadonlySet<string>;
		try {
			allowed = await this.stillAllowed([...distinct.values()]);
		} catch (e) {
			console.error('push: checking who holds the open streams failed', e);
			return 0;
		}
		let closed = 0;
		for (const set of [...this.#byHolder.values()])
			for (const entry of [...set])
				if (!allowed.has(holdingKey(entry.holding))) {
					this.#end(entry, set);
					closed++;
				}
		return closed;
	}

	#end(entry: Entry, set: Set<Entry>): void {
		set.delete(entry);
		if (set.size === 0 && this.#byHolder.get(entry.holding.holder) === set)
			this.#byHolder.delete(entry.holding.holder);
		try {
			entry.close();
		} catch (e) {
			console.error('push: closing a stream failed', e);
		}
	}
}
