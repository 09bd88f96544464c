// What the installed service worker holds: the pages candidates and tablets open offline,
// not the organiser's screens (those load from the network, online).
import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { waitForServiceWorker } from './support/fixtures';
import { signInOrganiser } from './support/results-round';

const kitOut = process.env.KIT_OUT ?? '.svelte-kit';
const manifest: Record<string, { file: string; imports?: string[]; css?: string[] }> = JSON.parse(
	fs.readFileSync(path.join(kitOut, 'output/client/.vite/manifest.json'), 'utf8')
);

/** The build files a route's page needs on first paint: its node and the node's static imports. */
function pageFiles(routeFile: string): string[] {
	const key = Object.keys(manifest).find(
		(k) =>
			k.includes('/nodes/') &&
			fs.existsSync(k) &&
			fs.readFileSync(k, 'utf8').includes(`src/routes/${routeFile}"`)
	);
	if (!key) throw new Error(`${routeFile} is not in the build`);
	const files = new Set<string>();
	const walk = (k: string) => {
		const chunk = manifest[k];
		if (!chunk || files.has(chunk.file)) return;
		files.add(chunk.file);
		chunk.css?.forEach((f) => files.add(f));
		chunk.imports?.forEach(walk);
	};
	walk(key);
	return [...files];
}

test('the service worker precaches the exam, practice and tablet pages, not the organiser screens', async ({
	page
}) => {
	await page.goto('/');
	await page.evaluate(() => navigator.serviceWorker.ready);
	await waitForServiceWorker(page);
	const cached = await page.evaluate(async () => {
		const names = (await caches.keys()).filter((n) => n.startsWith('phongthi-shell'));
		const urls: string[] = [];
		for (const name of names)
			for (const req of await (await caches.open(name)).keys()) urls.push(new URL(req.url).pathname.slice(1));
		return urls;
	});

	for (const route of [
		'exam/[attemptId]/+page.svelte',
		'practice/[roundId]/+page.svelte',
		'venue/+page.svelte',
		'(site)/+page.svelte'
	])
		for (const file of pageFiles(route)) expect(cached, `${route}: ${file}`).toContain(file);

	for (const route of [
		'(site)/admin/+page.svelte',
		'(site)/admin/results/[roundId]/stats/+page.svelte',
		'(site)/admin/bank/import/+page.svelte',
		'(site)/proctor/rooms/[id]/+page.svelte'
	])
		expect(cached, route).not.toContain(pageFiles(route)[0]);

	// An organiser screen still opens online, its code fetched past the precache.
	await signInOrganiser(page);
	await expect(page.getByRole('heading', { level: 1, name: 'Ban tổ chức' })).toBeVisible();
});

test('a page loaded past an active service worker asks it to take the page, so an offline reload works', async ({
	page,
	context
}) => {
	// The tablet's page, which opens offline (the home page needs the server's rounds).
	await page.goto('/venue');
	await waitForServiceWorker(page);
	// A reload that bypasses the worker (as a shift-reload does) leaves the page uncontrolled
	// while the worker is active: the state of a page whose load began before the worker activated.
	const cdp = await context.newCDPSession(page);
	const loaded = page.waitForEvent('load');
	await cdp.send('Page.reload', { ignoreCache: true });
	await loaded;
	await expect
		.poll(() => page.evaluate(() => !!navigator.serviceWorker?.controller), { timeout: 15_000 })
		.toBe(true);
	await context.setOffline(true);
	await page.reload();
	// The tablet's page itself, from the worker (Chromium's offline error page has a body and a heading too).
	await expect(page).toHaveTitle('Máy tính bảng phòng thi — Phòng Thi');
	await expect(page.getByRole('heading', { level: 1, name: 'Đăng ký thiết bị vào phòng thi' })).toBeVisible();
	expect(await page.evaluate(() => !!navigator.serviceWorker?.controller)).toBe(true);
	await context.setOffline(false);
});
