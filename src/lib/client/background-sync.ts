// Background Sync: the page asks the browser to wake the service worker, which flushes the
// outbox (sync.ts) even after the page closes. Apart from the sync engine so the exam page
// can ask for it at every answer without loading the engine first.

/** The Background Sync tag the service worker answers by flushing the outbox. */
export const OUTBOX_SYNC_TAG = 'phongthi-outbox';

/** Asks the browser (where it has Background Sync) to flush the outbox even after the page closes. */
export function requestBackgroundSync(): void {
	void navigator.serviceWorker?.ready
		.then((reg) =>
			(reg as ServiceWorkerRegistration & { sync?: { register(tag: string): Promise<void> } }).sync?.register(
				OUTBOX_SYNC_TAG
			)
		)
		.catch(() => {});
}
