import { describe, expect, it } from 'vitest';
import type { Manifest } from 'vite';
import { isOfflineRoute, precacheFiles } from '../../scripts/precache';

const node = (n: number) => `.svelte-kit/generated/client-optimized/nodes/${n}.js`;

/** A build in the shape Vite writes: the router's entry imports every node lazily. */
const manifest: Manifest = {
	'kit/entry.js': { file: '_app/entry/start.js', isEntry: true, imports: ['_runtime.js'] },
	'app.js': {
		file: '_app/entry/app.js',
		isEntry: true,
		imports: ['_runtime.js'],
		dynamicImports: [node(0), node(1), node(2), node(3)]
	},
	[node(0)]: { file: '_app/nodes/0.js', isEntry: true, imports: ['_runtime.js'], css: ['_app/0.css'] },
	[node(1)]: { file: '_app/nodes/1.js', isEntry: true, imports: ['_runtime.js'] },
	[node(2)]: {
		file: '_app/nodes/2.js',
		isEntry: true,
		imports: ['_db.js', '_shared.js'],
		dynamicImports: ['_review.js'],
		css: ['_app/2.css']
	},
	[node(3)]: {
		file: '_app/nodes/3.js',
		isEntry: true,
		imports: ['_shared.js', '_charts.js'],
		css: ['_app/3.css']
	},
	'_runtime.js': { file: '_app/chunks/runtime.js' },
	'_db.js': { file: '_app/chunks/db.js' },
	'_shared.js': { file: '_app/chunks/shared.js', css: ['_app/shared.css'], assets: ['_app/font.woff2'] },
	'_review.js': { file: '_app/chunks/review.js', isDynamicEntry: true },
	'_charts.js': { file: '_app/chunks/charts.js' }
};
const routes: Record<string, string[]> = {
	[node(0)]: ['+layout.ts', '+layout.svelte'],
	[node(1)]: ['+error.svelte'],
	[node(2)]: ['exam/[attemptId]/+page.ts', 'exam/[attemptId]/+page.svelte'],
	[node(3)]: ['(site)/admin/results/[roundId]/+page.svelte']
};
const routeFilesOf = (key: string) => routes[key] ?? null;

describe('the precache list', () => {
	const files = precacheFiles(manifest, routeFilesOf);

	it('holds the entries, the root layout and an offline page with what it imports, lazily too, and its CSS', () => {
		expect(files).toEqual(
			expect.arrayContaining([
				'_app/entry/start.js',
				'_app/entry/app.js',
				'_app/chunks/runtime.js',
				'_app/nodes/0.js',
				'_app/0.css',
				'_app/nodes/1.js',
				'_app/nodes/2.js',
				'_app/2.css',
				'_app/chunks/db.js',
				'_app/chunks/shared.js',
				'_app/shared.css',
				'_app/font.woff2',
				'_app/chunks/review.js'
			])
		);
	});

	it('leaves out an organiser page and what only it imports, though the router imports it', () => {
		expect(files).not.toContain('_app/nodes/3.js');
		expect(files).not.toContain('_app/3.css');
		expect(files).not.toContain('_app/chunks/charts.js');
	});

	it('lists each file once', () => {
		expect(new Set(files).size).toBe(files.length);
	});
});

describe('offline routes', () => {
	it('take a folder alone, or with everything below it', () => {
		expect(isOfflineRoute('')).toBe(true);
		expect(isOfflineRoute('(site)')).toBe(true);
		expect(isOfflineRoute('exam/[attemptId]')).toBe(true);
		expect(isOfflineRoute('venue')).toBe(true);
		expect(isOfflineRoute('(site)/dashboard')).toBe(true);
		expect(isOfflineRoute('(site)/admin')).toBe(false);
		expect(isOfflineRoute('(site)/proctor/rooms/[id]')).toBe(false);
		expect(isOfflineRoute('(site)/results/[roundId]')).toBe(false);
		expect(isOfflineRoute('examiner')).toBe(false);
	});
});
