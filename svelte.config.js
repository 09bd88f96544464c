import adapterNode from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

// BUILD_OUT and KIT_OUT let several builds of one checkout live side by side (parallel test runs).
const out = process.env.BUILD_OUT ?? 'build';
const kitOut = process.env.KIT_OUT ?? '.svelte-kit';
const node = adapterNode({ out });

/** The list of files the service worker precaches, written by the client build (scripts/precache.ts). */
export const precacheModule = `${kitOut}/output/precache.js`;

/**
 * adapter-node, plus an SPA fallback page: the service worker answers navigations with it
 * when the network is gone, and the client router then renders the page from IndexedDB.
 * @type {import('@sveltejs/kit').Adapter}
 */
const adapter = {
	name: 'adapter-node+offline-shell',
	async adapt(builder) {
		await node.adapt(builder);
		await builder.generateFallback(`${out}/client/offline.html`);
	}
};

/** @type {import('@sveltejs/kit').Config} */
export default {
	preprocess: vitePreprocess(),
	kit: {
		adapter,
		outDir: kitOut,
		alias: { $precache: precacheModule },
		files: { serviceWorker: 'service-worker' },
		serviceWorker: { register: false },
		// Origin is checked in hooks.server.ts against the Host header as well as ORIGIN, so a
		// venue server reached by its LAN address over plain http still accepts its own forms.
		csrf: { trustedOrigins: ['*'] }
	}
};
