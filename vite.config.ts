import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';

export default defineConfig({
	plugins: [sveltekit()],
	test: {
		include: ['src/**/*.spec.ts', 'tests/unit/**/*.spec.ts', 'tests/db/**/*.spec.ts'],
		environment: 'node',
		testTimeout: 20_000,
		// Seeding hashes three passwords at scrypt's full cost (128 MiB, about a second each).
		hookTimeout: 60_000,
		fileParallelism: false
	}
});
