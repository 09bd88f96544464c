import { fileURLToPath } from 'node:url';
import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';
import { precacheList } from './scripts/precache.js';
import { precacheModule } from './svelte.config.js';

export default defineConfig({
	plugins: [sveltekit(), precacheList(precacheModule)],
	resolve: {
		alias: [
			// Dexie's package exports give bundlers its ES5 UMD build (import-wrapper.mjs → dist/dexie.js);
			// its modern ES module build is smaller. Every import of 'dexie' in the app (and in Vitest)
			// resolves here, so the page holds one Dexie. The service worker is built apart (its own
			// realm) and keeps the package's default.
			{
				find: /^dexie$/,
				replacement: fileURLToPath(new URL('./node_modules/dexie/dist/modern/dexie.mjs', import.meta.url))
			}
		]
	},
	test: {
		include: ['src/**/*.spec.ts', 'tests/unit/**/*.spec.ts', 'tests/db/**/*.spec.ts'],
		environment: 'node',
		// Generous: the suite must pass on a busy machine (scrypt at N=2^17 in seeds, compiler-driven checks).
		testTimeout: 60_000,
		hookTimeout: 60_000,
		fileParallelism: false
	}
});
