/// <reference types="@sveltejs/kit" />
/// <reference no-default-lib="true"/>
/// <reference lib="esnext" />
/// <reference lib="webworker" />
// The service worker: precaches the app shell of this build (Workbox), answers navigations
// with the network or, offline, with the SPA shell, and never touches /api/*.
import { base, files, version } from '$service-worker';
import { precache } from '$precache';
import { cleanupOutdatedCaches, createHandlerBoundToURL, precacheAndRoute } from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';
import { setCacheNameDetails } from 'workbox-core';

import { localDb } from '$lib/client/db';
import { flushAll } from '$lib/client/sync';
import { OUTBOX_SYNC_TAG } from '$lib/client/background-sync';
import { SW_CLAIM } from '$lib/client/sw-messages';

declare const self: ServiceWorkerGlobalScope;

const PREFIX = 'phongthi';
setCacheNameDetails({ prefix: PREFIX, suffix: version, precache: 'shell', runtime: 'runtime' });

const SHELL = '/offline.html';
// Only what candidates' and hall tablets' pages load (chosen by route at build time, see
// scripts/precache.ts); organiser, proctor and admin chunks come from the network.
precacheAndRoute([
	...precache.map((file) => ({ url: `${base}/${file}`, revision: null })),
	...files.map((url) => ({ url, revision: version })),
	{ url: SHELL, revision: version }
]);
cleanupOutdatedCaches();

// Pages come from the network while it answers; offline, from the shell, which renders the
// route in the browser (exam and venue pages read their data from IndexedDB).
const shell = createHandlerBoundToURL(SHELL);
registerRoute(
	new NavigationRoute(
		async (options) => {
			try {
				return await fetch(options.request);
			} catch {
				return shell(options);
			}
		},
		{ denylist: [/^\/api\//, /^\/lang/, /\/__data\.json/] }
	)
);

self.addEventListener('install', () => {
	void self.skipWaiting();
});

self.addEventListener('activate', (event) => {
	event.waitUntil(
		(async () => {
			const names = await caches.keys();
			await Promise.all(
				names.filter((n) => n.startsWith(`${PREFIX}-`) && !n.endsWith(version)).map((n) => caches.delete(n))
			);
			await self.clients.claim();
		})()
	);
});

// A page that is not controlled though this worker is active asks to be (src/lib/client/sw.ts).
self.addEventListener('message', (event) => {
	if (event.data === SW_CLAIM) event.waitUntil(self.clients.claim());
});

// Background Sync (where the browser has it): send the outbox even after the page closed.
interface SyncEvent extends ExtendableEvent {
	readonly tag: string;
}
self.addEventListener('sync', (event) => {
	const e = event as SyncEvent;
	if (e.tag !== OUTBOX_SYNC_TAG) return;
	e.waitUntil(
		flushAll({ db: localDb(), fetch: (...a) => fetch(...a), now: () => Date.now() }).then((outcomes) => {
			// Rejecting asks the browser to retry later.
			if (outcomes.some((o) => o.kind !== 'done')) throw new Error('outbox not fully sent');
		})
	);
});
