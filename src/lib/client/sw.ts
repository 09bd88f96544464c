// Registers the service worker once the page has loaded (not in dev, where Vite serves
// modules that a worker cannot precache).
import { dev } from '$app/environment';
import { SW_CLAIM } from './sw-messages';

export function registerServiceWorker(): void {
	if (dev || !('serviceWorker' in navigator)) return;
	void navigator.serviceWorker.register('/service-worker.js', { type: 'classic' }).catch((e) => {
		console.warn('service worker registration failed', e);
	});
	// A page whose navigation began before the first worker activated is not among the clients
	// its activation claimed (the page stays uncontrolled though the worker is active; seen in
	// exam.spec): once a worker is active, an uncontrolled page asks to be claimed.
	void navigator.serviceWorker.ready.then((registration) => {
		if (!navigator.serviceWorker.controller) registration.active?.postMessage(SW_CLAIM);
	});
}
