// The bus across several server processes on one PostgreSQL: NOTIFY on one channel, and in
// each process one connection of its own that LISTENs and hands each note to the local
// subscribers. A process hears its own notes the same way, so every node sees one order.
// PostgreSQL delivers a NOTIFY sent inside a transaction only at its COMMIT, and not at all
// on ROLLBACK: publish with the transaction's connection to tie a note to the change.
import pg from 'pg';
import { Subscribers, type PushBus, type PushListener, type PushMessage } from './bus';

export const PUSH_CHANNEL = 'phongthi_push';

export interface PgPushBusOptions {
	connectionString: string;
	/** Sends the NOTIFY; default: a query on the listening connection's pool of one. */
	notify?: (channel: string, payload: string) => Promise<void>;
	/** First wait before reconnecting a lost listener, doubled up to 10 s. */
	retryMs?: number;
	log?: (message: string) => void;
}

export class PgPushBus implements PushBus {
	readonly #subscribers = new Subscribers();
	readonly #options: PgPushBusOptions;
	#listener: pg.Client | null = null;
	#sender: pg.Pool;
	#ready: Promise<void>;
	#closed = false;
	#retryMs: number;

	constructor(options: PgPushBusOptions) {
		this.#options = options;
		this.#retryMs = options.retryMs ?? 250;
		this.#sender = new pg.Pool({ connectionString: options.connectionString, max: 2 });
		this.#sender.on('error', () => {});
		this.#ready = this.#listen();
	}

	/** Resolves once this process is listening (notes sent before that are not heard). */
	ready(): Promise<void> {
		return this.#ready;
	}

	async publish(topic: string, data: unknown): Promise<void> {
		const payload = JSON.stringify({ topic, data } satisfies PushMessage);
		if (Buffer.byteLength(payload) >= 8000) throw new Error(`push note for ${topic} too large`);
		if (this.#options.notify) await this.#options.notify(PUSH_CHANNEL, payload);
		else await this.#sender.query('SELECT pg_notify($1, $2)', [PUSH_CHANNEL, payload]);
	}

	subscribe(topic: string, listener: PushListener): () => void {
		return this.#subscribers.add(topic, listener);
	}

	async close(): Promise<void> {
		this.#closed = true;
		await this.#listener?.end().catch(() => {});
		await this.#sender.end().catch(() => {});
	}

	async #listen(): Promise<void> {
		const client = new pg.Client({ connectionString: this.#options.connectionString });
		client.on('notification', (n) => {
			if (n.channel !== PUSH_CHANNEL || !n.payload) return;
			try {
				this.#subscribers.deliver(JSON.parse(n.payload) as PushMessage);
			} catch {
				/* not ours */
			}
		});
		client.on('error', (e) => this.#lost(client, e));
		client.on('end', () => this.#lost(client, new Error('connection ended')));
		await client.connect();
		await client.query(`LISTEN ${PUSH_CHANNEL}`);
		this.#listener = client;
		this.#retryMs = this.#options.retryMs ?? 250;
	}

	#lost(client: pg.Client, e: Error): void {
		if (this.#closed || this.#listener !== client) return;
		this.#listener = null;
		(this.#options.log ?? console.error)(`push: LISTEN connection lost (${e.message}); reconnecting`);
		// Notes sent while no one listened are gone: subscribers hear a 'resync' so they read
		// the state again, as the polling fallback would.
		const retry = () => {
			if (this.#closed) return;
			this.#ready = this.#listen().then(
				() => this.#subscribers.deliverAll({ resync: true }),
				() => {
					this.#retryMs = Math.min(10_000, this.#retryMs * 2);
					setTimeout(retry, this.#retryMs).unref();
				}
			);
		};
		setTimeout(retry, this.#retryMs).unref();
	}
}
