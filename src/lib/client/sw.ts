// Registers the service worker once the page has loaded (not in dev, where Vite serves
// modules that a worker cannot precache).
import { dev } from '$app/environment';

export function registerServiceWorker(): void {
	if (dev || !('serviceWorker' in navigator)) return;
	void navigator.serviceWorker.register('/service-worker.js', { type: 'classic' }).catch((e) => {
		console.warn('service worker registration failed', e);
	});
}
