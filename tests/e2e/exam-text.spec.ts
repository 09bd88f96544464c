// The exam's text on a phone (390×844), whatever the paper holds and the screen's language: a
// long word never widens the page, at any text size; the bank's Vietnamese is marked as such on
// an English screen; and the tie-break prediction is read as the screen's language writes numbers.
import { expect, test, type Page } from '@playwright/test';
import { createRound, deviceLog, registerCandidate, SHARED_DB, signIn, startRound } from './support/fixtures';
import { TIEBREAK_ID } from '../../src/lib/exam/events';

test.use({ viewport: { width: 390, height: 844 } });

const pageWidth = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth);

test('a web address in a question or an option does not widen the phone page, at any text size', async ({
	page,
	request
}) => {
	const who = await registerCandidate(request);
	const roundId = await createRound(SHARED_DB, { durationS: 900 });
	await signIn(page, who.login, who.password);
	const attemptId = await startRound(page, roundId);
	// The first question as an organiser may write it: a web address, a word longer than the screen.
	const address = 'thitructuyen.tiengiang.gov.vn/cuoc-thi-tim-hieu-chinh-quyen-dien-tu-tinh-tien-giang';
	await page.evaluate(
		async ({ id, address }) => {
			const open = indexedDB.open('phongthi');
			const db: IDBDatabase = await new Promise((res) => (open.onsuccess = () => res(open.result)));
			const store = db.transaction('attempts', 'readwrite').objectStore('attempts');
			const attempt = await new Promise<{
				paper: { questions: { text: string; options: { text: string }[] }[] };
			}>((res) => (store.get(id).onsuccess = (e) => res((e.target as IDBRequest).result)));
			const q = attempt.paper.questions[0];
			q.text = `Cuộc thi được tổ chức tại địa chỉ nào? ${address}`;
			q.options[0].text = address;
			await new Promise((res) => (store.put(attempt).onsuccess = res));
		},
		{ id: attemptId, address }
	);
	await page.reload();
	await expect(page.getByText(address, { exact: true })).toBeVisible();
	for (let size = 0; size < 4; size++) {
		if (size) await page.getByTestId('text-larger').click();
		await expect.poll(() => pageWidth(page), `text size ${size}`).toBeLessThanOrEqual(390);
	}
	await expect(page.getByTestId('text-larger')).toBeDisabled();
});

test('in English: the bank read as Vietnamese, the prediction read the English way', async ({
	page,
	request
}) => {
	const who = await registerCandidate(request);
	const roundId = await createRound(SHARED_DB, { durationS: 900, tiebreak: true });
	await signIn(page, who.login, who.password);
	const attemptId = await startRound(page, roundId);
	await page.getByRole('link', { name: 'Switch to English' }).click();
	await expect(page.getByRole('heading', { name: /^Question 1\/30$/ })).toBeVisible();
	await expect(page.locator('html')).toHaveAttribute('lang', 'en');
	// The question and its options are the bank's Vietnamese: a screen reader reads them so.
	await expect(page.locator('legend')).toHaveAttribute('lang', 'vi');
	expect(await page.locator('label.option [lang="vi"]').count()).toBe(await page.getByRole('radio').count());

	await page.getByRole('navigation', { name: 'Questions' }).getByRole('button', { name: 'Submit' }).click();
	const field = page.getByLabel(/Dự đoán/);
	await expect(field).toBeFocused();
	await field.fill('1.500,5');
	await expect(page.getByTestId('tiebreak-read')).toHaveText('This is not a number we can read.');
	await field.fill('1,500');
	await expect(page.getByTestId('tiebreak-read')).toHaveText('Your number: 1,500');
	await page.getByRole('button', { name: 'Save the tie-break answer' }).click();
	await expect(page.getByRole('dialog')).toBeVisible();
	const saved = (await deviceLog(page, attemptId)).filter((e) => e.questionId === TIEBREAK_ID);
	expect(saved.map((e) => e.choice)).toEqual([1500]);
});
