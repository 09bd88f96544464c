// A candidate sees how many attempts a round still allows before starting one, and once none
// are left, is told so and offered no start: practice (online, then offline on a phone, from
// the papers drawn on the device) and a graded round on the dashboard. The server still decides.
import { expect, test, type Page } from '@playwright/test';
import {
	attemptIdFrom,
	createRound,
	hydrated,
	registerCandidate,
	SHARED_DB,
	signIn,
	waitForServiceWorker,
	withDb
} from './support/fixtures';

const START_PRACTICE = 'Bắt đầu một lượt thi thử';
const ALL_USED = 'Bạn đã dùng hết lượt thi của vòng này.';
const RETRY = 'Làm lại';

async function limitTo2(roundId: string) {
	await withDb(SHARED_DB, (db) =>
		db.updateTable('round').set({ max_attempts: 2 }).where('id', '=', roundId).execute()
	);
}

/** One answer, then submitted from the navigator; the score shows (on the device for practice). */
async function answerOneAndSubmit(page: Page) {
	await expect(page.getByRole('heading', { name: /^Câu 1\/30$/ })).toBeVisible();
	const option = page.getByRole('radio').first();
	await option.click();
	await expect(option).toBeChecked();
	await page
		.getByRole('navigation', { name: 'Danh sách câu hỏi' })
		.getByRole('button', { name: 'Nộp bài' })
		.click();
	await page.getByRole('dialog').getByRole('button', { name: 'Nộp bài' }).click();
	await expect(page.getByTestId('score')).toBeVisible();
}

const storedCount = (roundId: string) =>
	withDb(SHARED_DB, (db) =>
		db.selectFrom('attempt').select('id').where('round_id', '=', roundId).execute()
	).then((rows) => rows.length);

test('practice allowing 2: 2/2, one online, one offline on the phone, then none left and no start', async ({
	page,
	context
}) => {
	await page.setViewportSize({ width: 390, height: 844 });
	const roundId = await createRound(SHARED_DB, { durationS: 25 * 60, kind: 'practice' });
	await limitTo2(roundId);
	const who = await registerCandidate(page.request);
	await signIn(page, who.login, who.password);
	const card = page.locator('li.card', { hasText: roundId });
	await expect(card.getByTestId('attempts-left')).toHaveText('Còn 2/2 lượt làm bài');

	await page.goto(`/practice/${roundId}`);
	const left = page.getByTestId('attempts-left');
	await expect(left).toHaveText('Còn 2/2 lượt làm bài');
	await waitForServiceWorker(page);

	// The first, online: recorded by the server as soon as it is sent.
	await page.getByRole('button', { name: START_PRACTICE }).click();
	await page.waitForURL(/\/exam\//);
	const first = attemptIdFrom(page);
	await answerOneAndSubmit(page);
	await expect(page.getByTestId('receipt')).toHaveText(/^[0-9a-f]{64}$/);
	// Its result offers the paper again, with the count (this paper counted).
	await expect(left).toHaveText('Còn 1/2 lượt làm bài');
	await expect(page.getByRole('button', { name: RETRY, exact: true }).first()).toBeVisible();
	await page.goto(`/practice/${roundId}`);
	await expect(left).toHaveText('Còn 1/2 lượt làm bài');
	await expect(page.getByTestId('attempts-heard')).toHaveCount(0);

	// The second, offline: the page says the server's figure as it was heard, less the paper
	// drawn here and not yet sent, and offers no third.
	await context.setOffline(true);
	await page.reload();
	await expect(left).toHaveText('Còn 1/2 lượt làm bài');
	await expect(page.getByTestId('attempts-heard')).toContainText('Số lượt theo máy chủ lúc');
	await page.getByRole('button', { name: START_PRACTICE }).click();
	await page.waitForURL(/\/exam\//);
	const second = attemptIdFrom(page);
	expect(second).not.toBe(first);
	await answerOneAndSubmit(page);
	// Its result says none are left and offers no paper again, nor its wrong questions alone.
	await expect(left).toHaveText('Còn 0/2 lượt làm bài');
	await expect(page.getByTestId('next-attempt')).toHaveText(ALL_USED);
	await expect(page.getByRole('button', { name: RETRY, exact: true })).toHaveCount(0);
	await expect(page.getByRole('button', { name: /^Chỉ làm lại/ })).toHaveCount(0);
	await page.screenshot({ path: '.e2e-data/shots/attempts-left-result-none-phone.png', fullPage: true });
	await page.goto(`/practice/${roundId}`);
	await expect(left).toHaveText('Còn 0/2 lượt làm bài');
	await expect(page.getByTestId('next-attempt')).toHaveText(ALL_USED);
	await expect(page.getByTestId('attempts-pending')).toHaveText(
		'Đã trừ 1 lượt làm trên máy này chưa gửi lên máy chủ.'
	);
	await expect(page.getByRole('button', { name: START_PRACTICE })).toHaveCount(0);
	await page.screenshot({ path: '.e2e-data/shots/attempts-left-practice-offline-phone.png', fullPage: true });
	expect(await storedCount(roundId)).toBe(1);

	// Online again: the second paper reaches the server, which now says none are left.
	await context.setOffline(false);
	await expect.poll(() => storedCount(roundId), { timeout: 30_000 }).toBe(2);
	await page.reload();
	await expect(left).toHaveText('Còn 0/2 lượt làm bài');
	await expect(page.getByTestId('next-attempt')).toHaveText(ALL_USED);
	await expect(page.getByTestId('attempts-pending')).toHaveCount(0);
	await expect(page.getByTestId('attempts-heard')).toHaveCount(0);
	await expect(page.getByRole('button', { name: START_PRACTICE })).toHaveCount(0);
	await page.goto('/dashboard');
	await expect(card.getByTestId('attempts-left')).toHaveText('Còn 0/2 lượt làm bài');
	await expect(card.getByTestId('next-attempt')).toHaveText(ALL_USED);

	// The server decides all the same: a start asked for anyway is refused.
	const refused = await page.request.post(`/api/rounds/${roundId}/attempts`, { data: {} });
	expect(refused.status()).toBe(409);
	expect((await refused.json()).error.code).toBe('noAttemptsLeft');
});

test('a graded round allowing 2: 2/2 on its card, two taken, then 0/2 and no start button', async ({
	page
}) => {
	const roundId = await createRound(SHARED_DB, { durationS: 25 * 60 });
	await limitTo2(roundId);
	const who = await registerCandidate(page.request);
	await signIn(page, who.login, who.password);
	const card = page.locator('li.card', { hasText: roundId });
	for (const before of ['Còn 2/2 lượt làm bài', 'Còn 1/2 lượt làm bài']) {
		await page.goto('/dashboard');
		await hydrated(page);
		await expect(card.getByTestId('attempts-left')).toHaveText(before);
		await card.locator(`button[data-round="${roundId}"]`).click();
		await page.getByRole('dialog').getByRole('button', { name: 'Tôi đồng ý, bắt đầu' }).click();
		await page.waitForURL(/\/exam\//);
		await answerOneAndSubmit(page);
		await expect(page.getByTestId('receipt-code')).toBeVisible(); // graded on the server
	}
	await page.goto('/dashboard');
	await expect(card.getByTestId('attempts-left')).toHaveText('Còn 0/2 lượt làm bài');
	await expect(card.getByTestId('next-attempt')).toHaveText(ALL_USED);
	await expect(card.locator(`button[data-round="${roundId}"]`)).toHaveCount(0);
	expect(await storedCount(roundId)).toBe(2);
});
