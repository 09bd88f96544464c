// One candidate's running exam open in two tabs of one browser (a phone reopening a tab, a
// laptop with a forgotten one): each tab shows what the device holds, whichever tab answered,
// flagged or submitted.
import { expect, test, type Page } from '@playwright/test';
import { createRound, registerCandidate, SHARED_DB, signIn, startRound } from './support/fixtures';

const question = (page: Page, n: number) =>
	page
		.getByRole('navigation', { name: 'Danh sách câu hỏi' })
		.getByRole('button', { name: new RegExp(`^Câu ${n}/30:`) });

/** Shows question n (1-based) and returns its options. */
async function show(page: Page, n: number) {
	await question(page, n).click();
	await expect(page.getByRole('heading', { name: `Câu ${n}/30` })).toBeVisible();
	return page.getByRole('radio');
}

test('two tabs of one attempt follow each other: answers, count, flags, and the submission', async ({
	page,
	context,
	request
}) => {
	await page.setViewportSize({ width: 390, height: 844 });
	const who = await registerCandidate(request);
	const roundId = await createRound(SHARED_DB, { durationS: 900 });
	await signIn(page, who.login, who.password);
	const attemptId = await startRound(page, roundId);

	const second = await context.newPage();
	await second.setViewportSize({ width: 390, height: 844 });
	await second.goto(`/exam/${attemptId}`);
	await expect(second.getByRole('heading', { name: /^Câu 1\/30$/ })).toBeVisible();
	await expect(second.getByTestId('answered')).toHaveText('Đã trả lời 0/30');

	// Both tabs on question 3; the first answers it.
	const optionsA = await show(page, 3);
	const optionsB = await show(second, 3);
	await optionsA.nth(1).click();
	await expect(optionsA.nth(1)).toBeChecked();
	await expect(optionsB.nth(1)).toBeChecked();
	await expect(second.getByTestId('answered')).toHaveText('Đã trả lời 1/30');
	await expect(question(second, 3)).toHaveAccessibleName(/đã trả lời/);

	// The second changes it: the first follows, and the count stays one.
	await optionsB.nth(0).click();
	await expect(optionsB.nth(0)).toBeChecked();
	await expect(optionsA.nth(0)).toBeChecked();
	await expect(optionsA.nth(1)).not.toBeChecked();
	await expect(page.getByTestId('answered')).toHaveText('Đã trả lời 1/30');

	// A flag set in one tab shows in the other.
	const flag = (p: Page) => p.getByRole('button', { name: /Đánh dấu để xem lại|Bỏ đánh dấu/ });
	await flag(page).click();
	await expect(flag(page)).toHaveAttribute('aria-pressed', 'true');
	await expect(flag(second)).toHaveAttribute('aria-pressed', 'true');

	// Submitted in the first tab with the connection down, so the second tab cannot hear it from the
	// server: it shows the exam submitted from what the device holds, and offers nothing to answer.
	// (Its own flush, every 5 s, read the attempt's status before this change too; the answers and
	// the flag above are what it did not read.)
	await context.setOffline(true);
	await page
		.getByRole('navigation', { name: 'Danh sách câu hỏi' })
		.getByRole('button', { name: 'Nộp bài' })
		.click();
	await page.getByRole('dialog').getByRole('button', { name: 'Nộp bài' }).click();
	await expect(page.getByRole('heading', { name: 'Đã nộp bài' })).toBeVisible();
	await expect(second.getByRole('heading', { name: 'Đã nộp bài' })).toBeVisible();
	await expect(second.getByRole('radio')).toHaveCount(0);
	// Then, back online, once the server has the submission, the score it gave, in both tabs.
	await context.setOffline(false);
	await expect(page.getByTestId('score')).toBeVisible();
	await expect(second.getByTestId('score')).toHaveText(await page.getByTestId('score').innerText());
});
