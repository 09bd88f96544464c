// A candidate answers the qualifying round, the network goes, and they step back to the
// dashboard (or the phone closed the tab and they open the site again): the offline page
// leads to the papers on this device, the running one first, which opens with the answer the
// test chose. Before, its only links were practice and a home page that is the same offline page.
import { expect, test } from '@playwright/test';
import { phoneContext, registerCandidate, signIn, waitForServiceWorker } from './support/fixtures';

test('offline, the error page leads to the qualifying paper running on this device', async ({
	browser,
	baseURL,
	request
}) => {
	const who = await registerCandidate(request);
	const context = await phoneContext(browser, baseURL);
	const page = await context.newPage();
	await signIn(page, who.login, who.password);
	await waitForServiceWorker(page);
	await page.locator('button[data-round="qualifying"]').click();
	await page.getByRole('dialog').getByRole('button', { name: 'Tôi đồng ý, bắt đầu' }).click();
	await expect(page.getByRole('heading', { name: /^Câu 1\/30$/ })).toBeVisible();
	const chosen = page.getByRole('radio').nth(2);
	const value = await chosen.getAttribute('value');
	await chosen.click();
	await expect(chosen).toBeChecked();
	const paper = page.url();

	await context.setOffline(true);
	await page.goto('/dashboard');
	await expect(page.getByRole('heading', { name: /Bạn đang ngoại tuyến/ })).toBeVisible();
	await page.getByRole('link', { name: 'Bài thi trên máy này' }).click();
	await page.getByRole('link', { name: 'Vòng loại — đang làm' }).click();
	await expect(page).toHaveURL(paper);
	await expect(page.getByRole('heading', { name: /^Câu 1\/30$/ })).toBeVisible();
	await expect(page.locator(`input[type="radio"][value="${value}"]`)).toBeChecked();
	await context.close();
});
