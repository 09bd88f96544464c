// The bus of a single server process (SQLite, or one node): delivery is a function call.
import { Subscribers, type PushBus, type PushListener } from './bus';

export class MemoryPushBus implements PushBus {
	readonly #subscribers = new Subscribers();

	async publish(topic: string, data: unknown): Promise<void> {
		// After the publisher's own turn, as a NOTIFY would arrive: never inside its transaction.
		queueMicrotask(() => this.#subscribers.deliver({ topic, data }));
	}

	subscribe(topic: string, listener: PushListener): () => void {
		return this.#subscribers.add(topic, listener);
	}

	async close(): Promise<void> {}
}
