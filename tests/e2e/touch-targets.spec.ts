// On a phone, the header's "Phòng Thi" link and the footer's links are thumb-sized (44 px tall),
// on the site's pages and on the pages with their own header (practice, the error page).
import { expect, test } from '@playwright/test';
import { createRound, hydrated, registerCandidate, SHARED_DB, signIn } from './support/fixtures';

test('header and footer links are at least 44 px tall at 390 px', async ({ page, request }) => {
	await page.setViewportSize({ width: 390, height: 844 });
	const who = await registerCandidate(request);
	await signIn(page, who.login, who.password);
	for (const path of ['/practice', '/khong-co-trang-nay', '/dashboard', '/thong-tin/the-le']) {
		await page.goto(path);
		await expect(page.locator('header a').first()).toBeVisible();
		const small = await page.locator('header a, footer a').evaluateAll((links) =>
			links
				.filter((a) => (a as HTMLElement).offsetParent !== null)
				.map((a) => ({ text: a.textContent?.trim(), height: a.getBoundingClientRect().height }))
				.filter((l) => l.height < 44)
		);
		expect(small, path).toEqual([]);
	}
});

test('the links a candidate taps on their own are 44 px tall at 390 px: sign-in, reset, practice', async ({
	page,
	request
}) => {
	await page.setViewportSize({ width: 390, height: 844 });
	const small = () =>
		page.locator('main a').evaluateAll((links) =>
			links
				.filter((a) => (a as HTMLElement).offsetParent !== null)
				.map((a) => ({ text: a.textContent?.trim(), height: a.getBoundingClientRect().height }))
				.filter((l) => l.height < 44)
		);
	for (const path of ['/login', '/forgot', '/reset?token=het-han']) {
		await page.goto(path);
		await expect(page.locator('main a').first()).toBeVisible();
		expect(await small(), path).toEqual([]);
	}
	const who = await registerCandidate(request);
	await signIn(page, who.login, who.password);
	// The practice page, with an attempt in its list.
	await page.goto('/practice/practice');
	await page.getByRole('button', { name: 'Bắt đầu một lượt thi thử' }).click();
	await expect(page.getByRole('heading', { name: /^Câu 1\/30$/ })).toBeVisible();
	await page.goto('/practice/practice');
	await expect(page.getByRole('heading', { name: 'Các lượt thi thử trên thiết bị' })).toBeVisible();
	expect(await small(), '/practice/practice').toEqual([]);
	// The start dialog's link to the rules.
	const roundId = await createRound(SHARED_DB, { durationS: 900 });
	await page.goto('/dashboard');
	await hydrated(page);
	await page.locator(`button[data-round="${roundId}"]`).click();
	await expect(page.getByRole('dialog')).toBeVisible();
	const rules = await page.getByRole('dialog').getByRole('link').first().boundingBox();
	expect(rules!.height).toBeGreaterThanOrEqual(44);
});
