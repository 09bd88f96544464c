// The JavaScript a first visit to a route downloads, from the client build's manifest (after
// `npm run build`): shared by scripts/route-size.js (prints it) and tests/e2e/route-size.spec.ts
// (holds the exam route to its budget).
//
// Counted: the client entries; the root layout and the root error page (the router fetches
// both at start); the route's page node; every static import of those; and the parts of the
// catalogue the loads of the route's layouts and page await (`loadAreas(…)`, lazy.ts), which
// are fetched before the page renders. Not counted: what a page imports lazily after it is on
// screen (the exam's result screen), and CSS.
import fs from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

/** @typedef {{ file: string, isEntry?: boolean, imports?: string[], dynamicImports?: string[] }} Chunk */

/**
 * @param {{ kitOut?: string, root?: string }} [options]
 */
export function routeSizer({ kitOut = process.env.KIT_OUT ?? '.svelte-kit', root = process.cwd() } = {}) {
	const out = path.join(root, kitOut, 'output/client');
	/** @type {Record<string, Chunk>} */
	const manifest = JSON.parse(fs.readFileSync(path.join(out, '.vite/manifest.json'), 'utf8'));

	/** The generated node module that renders a route file (e.g. src/routes/+layout.svelte). @param {string} src */
	const nodeOf = (src) =>
		Object.keys(manifest).find((k) => {
			const file = path.join(root, k);
			return (
				k.includes('/nodes/') && fs.existsSync(file) && fs.readFileSync(file, 'utf8').includes(`/${src}"`)
			);
		});

	/** @param {string[]} keys */
	const closure = (keys) => {
		/** @type {Set<string>} */
		const seen = new Set();
		/** @param {string} k */
		const walk = (k) => {
			if (seen.has(k) || !manifest[k]) return;
			seen.add(k);
			for (const i of manifest[k].imports ?? []) walk(i);
		};
		keys.forEach(walk);
		return [...seen];
	};

	const lazySource = fs.readFileSync(path.join(root, 'src/lib/i18n/lazy.ts'), 'utf8');
	/** The module (src/lib/i18n/…) lazy.ts loads an area from. @param {string} area */
	const areaModule = (area) => {
		const line = lazySource.match(new RegExp(`^\\s*${area}: (.*)$`, 'm'))?.[1];
		if (!line) throw new Error(`lazy.ts has no loader for the area ${area}`);
		let spec = line.match(/import\('([^']+)'\)/)?.[1];
		// A loader that calls a helper (`site().then(…)`): the helper's import.
		const helper = line.match(/^\(\) => (\w+)\(\)/)?.[1];
		if (!spec && helper)
			spec = lazySource.match(new RegExp(`const ${helper} = .*import\\('([^']+)'\\)`))?.[1];
		if (!spec) throw new Error(`cannot tell which module lazy.ts loads the area ${area} from`);
		return `src/lib/i18n/${spec.replace(/^\.\//, '')}.ts`;
	};
	/** The areas a `loadAreas(…)` argument list names (string literals, or `...NAME` of a list in lazy.ts). @param {string} args */
	const areasIn = (args) =>
		args.split(',').flatMap((a) => {
			a = a.trim();
			const literal = a.match(/^'(\w+)'$/)?.[1];
			if (literal) return [literal];
			const list = a.match(/^\.\.\.(\w+)$/)?.[1];
			if (!list) return a ? [`?${a}`] : [];
			const body = lazySource.match(new RegExp(`export const ${list} = \\[([^\\]]*)\\]`))?.[1];
			if (!body) throw new Error(`lazy.ts has no list ${list}`);
			return [...body.matchAll(/'(\w+)'/g)].map((m) => m[1]);
		});

	/**
	 * The areas the loads of a route's layouts and page await: every `loadAreas(…)` in the
	 * +layout.ts/+page.ts files from src/routes down to the route's folder.
	 * @param {string} routeFile e.g. src/routes/exam/[attemptId]/+page.svelte
	 */
	const awaitedAreas = (routeFile) => {
		const dirs = [];
		for (let d = path.posix.dirname(routeFile); d.startsWith('src/routes'); d = path.posix.dirname(d))
			dirs.unshift(d);
		const files = dirs.flatMap((d, i) => [
			...['+layout.ts', '+layout.js'].map((f) => `${d}/${f}`),
			...(i === dirs.length - 1 ? ['+page.ts', '+page.js'].map((f) => `${d}/${f}`) : [])
		]);
		const areas = new Set();
		for (const f of files.filter((f) => fs.existsSync(path.join(root, f)))) {
			const src = fs.readFileSync(path.join(root, f), 'utf8');
			for (const m of src.matchAll(/loadAreas\(([^)]*)\)/g)) for (const a of areasIn(m[1])) areas.add(a);
		}
		const unknown = [...areas].filter((a) => a.startsWith('?'));
		if (unknown.length) throw new Error(`cannot tell which areas ${routeFile} loads: ${unknown.join(', ')}`);
		return /** @type {string[]} */ ([...areas].sort());
	};

	/** @param {string[]} keys */
	const gzipBytes = (keys) =>
		keys.reduce((s, k) => s + gzipSync(fs.readFileSync(path.join(out, manifest[k].file))).length, 0);

	/**
	 * What a first visit to `routeFile` downloads in Vietnamese (the default), and what English adds.
	 * @param {string} routeFile
	 */
	return function routeSize(routeFile) {
		const page = nodeOf(routeFile);
		if (!page) throw new Error(`${routeFile} is not in the build`);
		const entries = Object.keys(manifest).filter((k) => manifest[k].isEntry && !k.includes('/nodes/'));
		const roots = [nodeOf('src/routes/+layout.svelte'), nodeOf('src/routes/+error.svelte')];
		const areas = awaitedAreas(routeFile);
		const modules = [...new Set(areas.map(areaModule))];
		for (const m of modules) if (!manifest[m]) throw new Error(`${m} is not a chunk of the build`);
		const keys = closure([
			.../** @type {string[]} */ ([...entries, ...roots, page].filter(Boolean)),
			...modules
		]);
		// In English, the root layout's load awaits the whole English catalogue as well (lazy.ts `enAll`).
		const english = closure(['src/lib/i18n/en.all.ts']).filter((k) => !keys.includes(k));
		return {
			route: routeFile,
			areas,
			files: keys.map((k) => manifest[k].file),
			bytes: gzipBytes(keys),
			englishBytes: gzipBytes(english)
		};
	};
}
