// A candidate answers with the keyboard only (a screen reader's user does): the focus stays on
// the option chosen, the arrows move between the options of the question and never to another
// question, and the question's heading has the focus as the paper opens and after an answer is
// cleared. The practice paper is the exam screen the qualifying round and the hall's tablets use.
// Before: an option was disabled while its answer was written, so the focus fell to the page's
// body, and ArrowLeft/Right on an option turned the page.
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { registerCandidate, signIn } from './support/fixtures';

test.use({ viewport: { width: 390, height: 844 } });

const focused = (page: Page) =>
	page.evaluate(() => {
		const el = document.activeElement as HTMLInputElement | null;
		return { tag: el?.tagName ?? null, type: el?.type ?? null, value: el?.value ?? null, id: el?.id ?? null };
	});

/** A new candidate's practice paper, open at its first question (whose heading is returned). */
async function practicePaper(page: Page, request: APIRequestContext) {
	const who = await registerCandidate(request);
	await signIn(page, who.login, who.password);
	await page.locator('a[href="/practice/practice"]', { hasText: 'Vào thi thử' }).click();
	await page.getByRole('button', { name: 'Bắt đầu một lượt thi thử' }).click();
	return page.getByRole('heading', { name: /^Câu 1\/30$/ });
}

test('an answer chosen with the keyboard keeps the focus where the candidate is', async ({
	page,
	request
}) => {
	const heading = await practicePaper(page, request);
	await expect(heading).toBeFocused();

	const radios = page.getByRole('radio');
	const values = await radios.evaluateAll((rs) => rs.map((r) => (r as HTMLInputElement).value));
	await page.keyboard.press('Tab');
	await expect(radios.nth(0)).toBeFocused();
	await page.keyboard.press('Space');
	await expect(radios.nth(0)).toBeChecked();
	expect(await focused(page)).toMatchObject({ tag: 'INPUT', type: 'radio', value: values[0] });

	// The next option, with the arrow a screen reader's user is told to use; still on question 1.
	await page.keyboard.press('ArrowDown');
	await expect(radios.nth(1)).toBeChecked();
	expect(await focused(page)).toMatchObject({ tag: 'INPUT', type: 'radio', value: values[1] });
	await page.keyboard.press('ArrowRight');
	await expect(radios.nth(2)).toBeChecked();
	await expect(heading).toBeVisible();
	expect(await focused(page)).toMatchObject({ tag: 'INPUT', type: 'radio', value: values[2] });
	await expect(page.getByTestId('answered')).toContainText('Đã trả lời 1/30');

	// Cleared: the focus goes back to the question, not to the page.
	await page.getByRole('button', { name: 'Xóa câu trả lời' }).click();
	await expect(page.getByTestId('answered')).toContainText('Đã trả lời 0/30');
	await expect(heading).toBeFocused();
});

test('at the largest text sizes on a phone the bars scroll away from the question', async ({
	page,
	request
}) => {
	await expect(await practicePaper(page, request)).toBeVisible();
	const larger = page.getByTestId('text-larger');
	while (await larger.isEnabled()) await larger.click();
	// An option brought to the top of the screen is what a tap there reaches, not a bar over it;
	// and the pager, at the end of the question, is what a tap at the bottom reaches.
	const covered = (selector: string, at: 'top' | 'bottom') =>
		page
			.locator(selector)
			.first()
			.evaluate((el, where) => {
				el.scrollIntoView({ block: where === 'top' ? 'start' : 'end' });
				const box = el.getBoundingClientRect();
				const y = where === 'top' ? box.top + 4 : box.bottom - 4;
				const hit = document.elementFromPoint(box.left + box.width / 2, y);
				return !el.contains(hit);
			}, at);
	expect(await covered('label.option', 'top')).toBe(false);
	expect(await covered('label.option', 'bottom')).toBe(false);
});
