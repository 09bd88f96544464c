import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';
import { precacheList } from './scripts/precache.js';
import { precacheModule } from './svelte.config.js';

export default defineConfig({
	plugins: [sveltekit(), precacheList(precacheModule)],
	test: {
		include: ['src/**/*.spec.ts', 'tests/unit/**/*.spec.ts', 'tests/db/**/*.spec.ts'],
		environment: 'node',
		// Generous: the suite must pass on a busy machine (scrypt at N=2^17 in seeds, compiler-driven checks).
		testTimeout: 60_000,
		hookTimeout: 60_000,
		fileParallelism: false
	}
});
