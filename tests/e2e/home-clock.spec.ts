// A phone whose clock was ten minutes slow starts the qualifying round, the page is closed, the
// clock is put right (as a phone's network time does) and the paper opened again online. The
// server owns a home deadline: the countdown shows what the server gives, not ten minutes less
// (before, the correction counted as time used, and with 24 minutes the paper submitted itself
// with 24 left). The page's clock is moved by an init script (Date offset from localStorage);
// the expected time is what the same countdown showed before the page was closed.
import { expect, test, type Page } from '@playwright/test';
import { phoneContext, registerCandidate, signIn } from './support/fixtures';

const SLOW_CLOCK = `(() => {
	const off = Number(localStorage.getItem('test-clock-offset') || 0);
	if (!off) return;
	const Real = Date;
	function Shifted(...a) {
		if (!new.target) return new Real(Real.now() + off).toString();
		return a.length ? new Real(...a) : new Real(Real.now() + off);
	}
	Shifted.now = () => Real.now() + off;
	Shifted.parse = Real.parse;
	Shifted.UTC = Real.UTC;
	Shifted.prototype = Real.prototype;
	globalThis.Date = Shifted;
})();`;

const remainingS = async (page: Page) => {
	const [m, s] = (await page.getByTestId('countdown').innerText()).trim().split(':').map(Number);
	return m * 60 + s;
};

test('a phone clock put right while the paper was closed does not take the candidate’s time', async ({
	browser,
	baseURL,
	request
}) => {
	const who = await registerCandidate(request);
	const context = await phoneContext(browser, baseURL);
	await context.addInitScript(SLOW_CLOCK);
	const page = await context.newPage();
	await signIn(page, who.login, who.password);
	await page.evaluate(() => localStorage.setItem('test-clock-offset', String(-10 * 60_000)));
	await page.reload();
	await page.locator('button[data-round="qualifying"]').click();
	await page.getByRole('dialog').getByRole('button', { name: 'Tôi đồng ý, bắt đầu' }).click();
	await expect(page.getByRole('heading', { name: /^Câu 1\/30$/ })).toBeVisible();
	await page.getByRole('radio').first().click();
	await expect(page.getByRole('radio').first()).toBeChecked();
	await expect(page.locator('[data-sync="saved"]')).toBeVisible();
	const before = await remainingS(page);
	const url = page.url();
	await page.close();

	const again = await context.newPage();
	await again.goto('/');
	await again.evaluate(() => localStorage.setItem('test-clock-offset', '0'));
	await again.goto(url);
	await expect(again.getByRole('heading', { name: /^Câu \d+\/30$/ })).toBeVisible();
	// Once the server has answered, the countdown is the server's: within a minute of what it
	// showed before (the seconds the test took), not ten minutes short.
	await expect(again.locator('[data-sync="saved"]')).toBeVisible();
	await expect.poll(() => remainingS(again), { timeout: 15_000 }).toBeGreaterThan(before - 60);
	expect(await remainingS(again)).toBeLessThanOrEqual(before);
	await context.close();
});
