// Push instead of poll: a room's state changed → the tablets and consoles watching it hear it
// at once. The bus carries only "topic X changed" notes (small: PostgreSQL's NOTIFY payload is
// limited to 8,000 bytes); a listener reads the new state itself, as a poll would.
export interface PushMessage {
	topic: string;
	/** Small JSON: a version number, a kind of change. Never a secret, never a whole state. */
	data: unknown;
}

export type PushListener = (message: PushMessage) => void;

export interface PushBus {
	/** Delivered to every subscriber of `topic` in every server process on this database. */
	publish(topic: string, data: unknown): Promise<void>;
	/** Returns the unsubscribe function. */
	subscribe(topic: string, listener: PushListener): () => void;
	close(): Promise<void>;
}

/** Subscribers of one process, by topic; both buses deliver through it. */
export class Subscribers {
	readonly #byTopic = new Map<string, Set<PushListener>>();

	add(topic: string, listener: PushListener): () => void {
		let set = this.#byTopic.get(topic);
		if (!set) this.#byTopic.set(topic, (set = new Set()));
		set.add(listener);
		return () => {
			set.delete(listener);
			if (set.size === 0) this.#byTopic.delete(topic);
		};
	}

	deliver(message: PushMessage): void {
		for (const listener of [...(this.#byTopic.get(message.topic) ?? [])]) {
			try {
				listener(message);
			} catch (e) {
				// One broken stream must not keep the others from hearing the change.
				console.error(`push listener for ${message.topic} failed`, e);
			}
		}
	}

	/** The same note to every topic: after a gap in delivery, everyone reads the state again. */
	deliverAll(data: unknown): void {
		for (const topic of [...this.#byTopic.keys()]) this.deliver({ topic, data });
	}

	get size(): number {
		let n = 0;
		for (const set of this.#byTopic.values()) n += set.size;
		return n;
	}
}
