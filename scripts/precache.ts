// Which files of the client build the service worker precaches: the pages candidates and hall
// tablets must open without a network, chosen by route, with everything those pages import
// (statically or lazily) and their CSS. Organiser, proctor and admin pages stay online-only.
import fs from 'node:fs';
import path from 'node:path';
import type { Manifest, Plugin } from 'vite';

/**
 * Route folders (under src/routes) whose pages work offline. `dir` is that folder's own
 * layout, page and error page; `dir/**` adds every folder below it.
 */
export const OFFLINE_ROUTES = [
	'', // root layout and error page
	'(site)', // the site's layout and the home page
	'(site)/dashboard/**', // the candidate's own page: attempts, scores, practice links
	'exam/**',
	'practice/**',
	'venue/**' // the hall tablet
];

/** Whether a route folder (relative to src/routes, '' for the root) matches one of `routes`. */
export function isOfflineRoute(dir: string, routes: readonly string[] = OFFLINE_ROUTES): boolean {
	return routes.some((r) => {
		if (!r.endsWith('/**')) return dir === r;
		const top = r.slice(0, -3);
		return dir === top || dir.startsWith(`${top}/`);
	});
}

/**
 * The build files to precache, from the Vite manifest. `routeFilesOf(key)` names the route
 * files (relative to src/routes) a route node renders, or null when `key` is not a node.
 * Starts from the client entries and the offline nodes and follows static and dynamic
 * imports, but never into another node: the router's entry imports every node lazily.
 */
export function precacheFiles(
	manifest: Manifest,
	routeFilesOf: (key: string) => string[] | null,
	offline: (dir: string) => boolean = (dir) => isOfflineRoute(dir)
): string[] {
	const isNode = new Map<string, boolean>();
	const chosen = new Set<string>();
	for (const key of Object.keys(manifest)) {
		const routeFiles = routeFilesOf(key);
		isNode.set(key, routeFiles !== null);
		if (routeFiles?.some((f) => offline(path.posix.dirname(f) === '.' ? '' : path.posix.dirname(f))))
			chosen.add(key);
	}
	const files = new Set<string>();
	const seen = new Set<string>();
	const walk = (key: string) => {
		const chunk = manifest[key];
		if (!chunk || seen.has(key) || (isNode.get(key) && !chosen.has(key))) return;
		seen.add(key);
		files.add(chunk.file);
		for (const f of [...(chunk.css ?? []), ...(chunk.assets ?? [])]) files.add(f);
		for (const i of [...(chunk.imports ?? []), ...(chunk.dynamicImports ?? [])]) walk(i);
	};
	for (const [key, chunk] of Object.entries(manifest)) if (chunk.isEntry && !isNode.get(key)) walk(key);
	for (const key of chosen) walk(key);
	return [...files].sort();
}

const NODE = /\/generated\/client-optimized\/nodes\/\d+\.js$/;

/**
 * Vite plugin: after the client build, writes `export const precache = [...]` (file names
 * relative to the client output) to `output`, which the service worker imports as
 * `$precache` (svelte.config.js). Kit builds the service worker after the client.
 */
export function precacheList(output: string): Plugin {
	let client = false;
	let root = '';
	return {
		name: 'phongthi-precache-list',
		apply: 'build',
		configResolved(config) {
			client = !config.build.ssr;
			root = config.root;
		},
		writeBundle(_options, bundle) {
			if (!client) return;
			const asset = bundle['.vite/manifest.json'];
			if (asset?.type !== 'asset') throw new Error('precache: the client build wrote no manifest');
			const manifest = JSON.parse(String(asset.source)) as Manifest;
			const routes = path.join(root, 'src/routes');
			const routeFilesOf = (key: string) => {
				if (!NODE.test(key)) return null;
				const info = this.getModuleInfo(path.resolve(root, key));
				if (!info) throw new Error(`precache: no module graph for ${key}`);
				return info.importedIds
					.filter((id) => id.startsWith(`${routes}/`))
					.map((id) => path.relative(routes, id).split(path.sep).join('/'));
			};
			const files = precacheFiles(manifest, routeFilesOf);
			fs.mkdirSync(path.dirname(output), { recursive: true });
			fs.writeFileSync(output, `export const precache = ${JSON.stringify(files, null, '\t')};\n`);
		}
	};
}
