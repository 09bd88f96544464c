// Push with polling as the fallback: `watchRoom` opens the server's event stream for a room
// and calls `refresh` (the read the page polls with: the tablet's heartbeat, the console's
// grid) whenever the room changes; while the stream is down it polls every `pollMs` as before,
// and while the stream is up it still polls, slowly (`slowPollMs`), for what is not pushed
// (presence, progress). A console (cookie session) uses EventSource; a tablet (Bearer token)
// reads the stream with fetch, since EventSource cannot send an Authorization header.

export interface WatchOptions {
	/** GET endpoint of the stream: /api/venue/stream or /api/proctor/rooms/{id}/stream. */
	url: string;
	/** Reads the state again (as the poll does); errors are the caller's to show. */
	refresh: () => unknown;
	/**
	 * What a pushed change calls instead of `refresh`, when it must not reuse a read in flight
	 * or can act on the note itself (its data as the server published it, or null).
	 */
	onChange?: (note: unknown) => unknown;
	/** The tablet's token; absent for a console (its cookie goes with EventSource). */
	token?: () => string | null;
	/** Poll interval while the stream is down (today's polling). */
	pollMs: number;
	/** Poll interval while the stream is up. */
	slowPollMs?: number;
}

/** Starts watching; returns the function that stops it. */
export function watchRoom(o: WatchOptions): () => void {
	let live = false;
	let stopped = false;
	let timer: ReturnType<typeof setTimeout> | undefined;
	const poll = () => {
		if (stopped) return;
		void o.refresh();
		timer = setTimeout(poll, live ? (o.slowPollMs ?? 10_000) : o.pollMs);
	};
	const changed = (note: unknown) => {
		if (!stopped) void (o.onChange ? o.onChange(note) : o.refresh());
	};
	const close = o.token
		? fetchStream(o.url, o.token, setLive, changed)
		: eventSource(o.url, setLive, changed);
	function setLive(up: boolean) {
		live = up;
	}
	timer = setTimeout(poll, o.pollMs);
	return () => {
		stopped = true;
		clearTimeout(timer);
		close();
	};
}

/** A note's data: JSON as the server sends it, or null when it is not. */
function noteOf(data: string | undefined): unknown {
	try {
		return data === undefined ? null : (JSON.parse(data) as unknown);
	} catch {
		return null;
	}
}

function eventSource(
	url: string,
	setLive: (up: boolean) => void,
	changed: (note: unknown) => void
): () => void {
	if (typeof EventSource === 'undefined') return () => {};
	const es = new EventSource(url);
	es.onopen = () => setLive(true);
	es.onerror = () => setLive(false); // EventSource reconnects by itself (`retry:`)
	es.addEventListener('change', (e) => changed(noteOf(e.data)));
	return () => es.close();
}

/**
 * The same stream read with fetch (Bearer token), reconnecting after a pause when it ends. When
 * the browser says the network is gone, the stream is closed at once: its connection may linger
 * (TCP notices a dropped Wi-Fi only minutes later), and a tablet offline must not go on acting on
 * notes; it reconnects once a fetch gets through again.
 */
function fetchStream(
	url: string,
	token: () => string | null,
	setLive: (up: boolean) => void,
	changed: (note: unknown) => void
): () => void {
	const abort = new AbortController();
	let current: AbortController | null = null;
	const offline = () => current?.abort();
	globalThis.addEventListener?.('offline', offline);
	abort.signal.addEventListener('abort', () => {
		current?.abort();
		globalThis.removeEventListener?.('offline', offline);
	});
	const run = async () => {
		while (!abort.signal.aborted) {
			const bearer = token();
			// Not enrolled, or not approved, yet: nothing to listen to (and no 401 or 403 every few seconds).
			if (bearer === null) {
				await new Promise((r) => setTimeout(r, 3000));
				continue;
			}
			current = new AbortController();
			try {
				const res = await fetch(url, {
					headers: { authorization: `Bearer ${bearer}`, accept: 'text/event-stream' },
					signal: current.signal,
					cache: 'no-store'
				});
				if (!res.ok || !res.body) throw new Error(String(res.status));
				setLive(true);
				const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
				let buffer = '';
				for (;;) {
					const { value, done } = await reader.read();
					if (done) break;
					buffer += value;
					let end: number;
					while ((end = buffer.indexOf('\n\n')) !== -1) {
						const frame = buffer.slice(0, end);
						buffer = buffer.slice(end + 2);
						if (/^event: change$/m.test(frame)) changed(noteOf(/^data: (.*)$/m.exec(frame)?.[1]));
					}
				}
			} catch {
				/* down: the poll carries on */
			}
			setLive(false);
			if (!abort.signal.aborted) await new Promise((r) => setTimeout(r, 3000));
		}
	};
	void run();
	return () => abort.abort();
}
