// On a phone, the header's "Phòng Thi" link and the footer's links are thumb-sized (44 px tall),
// on the site's pages and on the pages with their own header (practice, the error page).
import { expect, test } from '@playwright/test';
import { registerCandidate, signIn } from './support/fixtures';

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
