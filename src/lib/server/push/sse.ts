// Server-sent events for one topic: the stream a tablet or console opens with EventSource.
// It sends `event: change` with the note's data when the topic changes, and a comment line
// every `keepAliveMs` so proxies and the tablet can tell a quiet room from a dead connection.
// The client keeps its poll as the fallback: when the stream fails it polls, and on each
// change (or `resync`) it reads the state through the same endpoint it polls today.
import type { PushBus, PushMessage } from './bus';

export interface SseOptions {
	/** Sent first, so a client that (re)connects reads the state once at once. */
	initial?: unknown;
	keepAliveMs?: number;
	/** How long the browser waits before reconnecting (EventSource `retry:`). */
	retryMs?: number;
	signal?: AbortSignal;
	/** Which notes of the topic this stream carries (all when unset). */
	accepts?: (data: unknown) => boolean;
	/**
	 * Registers the open stream with its closer (holders.ts `StreamHolders.hold`); the function
	 * it returns is called once when the stream ends, whoever ended it.
	 */
	hold?: (close: () => void) => () => void;
}

const encoder = new TextEncoder();

export function sseFrame(event: string, data: unknown): Uint8Array {
	return encoder.encode(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
}

/** One frame per note, shared by every stream of its topic (a hall has a thousand). */
const frames = new WeakMap<PushMessage, Uint8Array>();
function changeFrame(m: PushMessage): Uint8Array {
	let frame = frames.get(m);
	if (!frame) frames.set(m, (frame = sseFrame('change', m.data)));
	return frame;
}

export function sseResponse(bus: PushBus, topic: string, options: SseOptions = {}): Response {
	let cleanup = () => {};
	const stream = new ReadableStream<Uint8Array>({
		start(controller) {
			let ended = false;
			const send = (chunk: Uint8Array) => {
				try {
					controller.enqueue(chunk);
				} catch {
					cleanup();
				}
			};
			send(encoder.encode(`retry: ${options.retryMs ?? 3000}\n\n`));
			send(sseFrame('change', options.initial ?? { resync: true }));
			const accepts = options.accepts ?? (() => true);
			const unsubscribe = bus.subscribe(topic, (m) => {
				if (accepts(m.data)) send(changeFrame(m));
			});
			const timer = setInterval(
				() => send(encoder.encode(': keep-alive\n\n')),
				options.keepAliveMs ?? 15_000
			);
			timer.unref?.();
			/** Ends the stream from the server's side: the client reads its end and polls. */
			const close = () => {
				cleanup();
				try {
					controller.close();
				} catch {
					/* already closed */
				}
			};
			let release = () => {};
			cleanup = () => {
				if (ended) return;
				ended = true;
				clearInterval(timer);
				unsubscribe();
				options.signal?.removeEventListener('abort', close);
				release();
			};
			options.signal?.addEventListener('abort', close);
			if (options.hold) release = options.hold(close);
			if (options.signal?.aborted) close();
		},
		cancel() {
			cleanup();
		}
	});
	return new Response(stream, {
		headers: {
			'content-type': 'text/event-stream; charset=utf-8',
			'cache-control': 'no-store',
			// When the server ends a stream (a newer one of the same holder, a right gone), the
			// connection goes with it instead of idling on as a keep-alive socket.
			connection: 'close',
			// nginx and the like would otherwise hold the stream in a buffer.
			'x-accel-buffering': 'no'
		}
	});
}
