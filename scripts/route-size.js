// Prints the JavaScript a first visit to a route downloads (gzip), from the build's manifest:
// what scripts/route-size-lib.js counts (client entries, root layout and error page, the route's
// page node, their static imports, and the catalogue areas the route's loads await).
// Usage: node scripts/route-size.js [route file …]   (after `npm run build`)
import { routeSizer } from './route-size-lib.js';

const routeSize = routeSizer();
const routes = process.argv.slice(2).length
	? process.argv.slice(2)
	: ['src/routes/exam/[attemptId]/+page.svelte'];
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
for (const route of routes) {
	try {
		const r = routeSize(route);
		const areas = r.areas.length ? `; catalogue areas awaited: ${r.areas.join(', ')}` : '';
		console.log(
			`${route}: ${kb(r.bytes)} gzip in ${r.files.length} files${areas}; English adds ${kb(r.englishBytes)}`
		);
	} catch (e) {
		console.log(`${route}: ${e instanceof Error ? e.message : e}`);
	}
}
