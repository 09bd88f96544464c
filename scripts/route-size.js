// Prints the JavaScript a first visit to a route downloads (gzip), from the build's manifest:
// the client entries, the root layout and the route's page node with all their static imports.
// Usage: node scripts/route-size.js [route-file-substring …]   (after `npm run build`)
import fs from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

const out = '.svelte-kit/output/client';
const manifest = JSON.parse(fs.readFileSync(path.join(out, '.vite/manifest.json'), 'utf8'));
/** The generated node module that renders a route file. */
const nodeOf = (src) =>
	Object.keys(manifest).find(
		(k) => k.includes('/nodes/') && fs.existsSync(k) && fs.readFileSync(k, 'utf8').includes(`/${src}"`)
	);

function closure(keys) {
	const seen = new Set();
	const walk = (k) => {
		if (seen.has(k) || !manifest[k]) return;
		seen.add(k);
		for (const i of manifest[k].imports ?? []) walk(i);
	};
	keys.forEach(walk);
	return [...seen].map((k) => manifest[k].file);
}

const gz = (files) => files.reduce((s, f) => s + gzipSync(fs.readFileSync(path.join(out, f))).length, 0);
const entries = Object.keys(manifest).filter((k) => manifest[k].isEntry && !k.includes('/nodes/'));
const routes = process.argv.slice(2).length
	? process.argv.slice(2)
	: ['src/routes/exam/[attemptId]/+page.svelte'];
for (const route of routes) {
	const layout = nodeOf('src/routes/+layout.svelte');
	const page = nodeOf(route);
	if (!page) {
		console.log(`${route}: not found in the manifest`);
		continue;
	}
	const files = closure([...entries, layout, page].filter(Boolean));
	console.log(`${route}: ${(gz(files) / 1024).toFixed(1)} KB gzip in ${files.length} files`);
}
