// A candidate at home whose answers reached the server too late is told so on their result
// screen: which questions, and why (results/uncounted.ts), not only a lower score.
import { expect, test } from '@playwright/test';
import {
	createRound,
	registerCandidate,
	SHARED_DB,
	signIn,
	startRound,
	storedEvents,
	waitForServiceWorker
} from './support/fixtures';

test('answers made offline that reach the server after the deadline and grace are listed as not counted', async ({
	page,
	context,
	request
}) => {
	test.setTimeout(120_000);
	const who = await registerCandidate(request);
	const roundId = await createRound(SHARED_DB, { durationS: 12, graceS: 1 });
	await signIn(page, who.login, who.password);
	const attemptId = await startRound(page, roundId);
	await waitForServiceWorker(page);
	const answer = async (n: number) => {
		await page.getByRole('button', { name: new RegExp(`^Câu ${n}/30:`) }).click();
		const option = page.getByRole('radio').first();
		await option.click();
		await expect(option).toBeChecked();
	};
	await answer(1);
	await expect(page.locator('[data-sync]')).toHaveAttribute('data-sync', 'saved');

	// Offline, questions 3 and 5 answered; the time runs out on the device.
	await context.setOffline(true);
	await answer(3);
	await answer(5);
	await expect(page.getByRole('heading', { name: 'Đã nộp bài' })).toBeVisible({ timeout: 30_000 });

	// The connection comes back only once the deadline and its one second of grace are past.
	const { attempt } = await storedEvents(SHARED_DB, attemptId);
	const lateFrom = Number(attempt.started_at) + Number(attempt.duration_ms) + 1000;
	await expect
		.poll(async () => ((await (await request.get('/api/time')).json()) as { now: number }).now, {
			timeout: 30_000
		})
		.toBeGreaterThan(lateFrom);
	await context.setOffline(false);

	await expect(page.getByTestId('score')).toBeVisible({ timeout: 30_000 });
	const uncounted = page.getByTestId('uncounted');
	await expect(uncounted.getByRole('heading', { name: 'Câu trả lời không được tính' })).toBeVisible();
	await expect(uncounted.getByRole('listitem')).toHaveText([
		'Câu 3, 5: đến máy chủ sau hạn nộp bài và thời gian ân hạn (thiết bị mất kết nối quá lâu)'
	]);
	// The server holds all three; only the first counts.
	const { events } = await storedEvents(SHARED_DB, attemptId);
	expect(events.map((e) => [e.seq, e.counts])).toEqual([
		[1, 1],
		[2, 0],
		[3, 0]
	]);

	await page.getByRole('link', { name: 'Switch to English' }).click();
	await expect(uncounted.getByRole('heading', { name: 'Answers not counted' })).toBeVisible();
	await expect(uncounted.getByRole('listitem')).toHaveText([
		'Question 3, 5: reached the server after the deadline and grace period (the device was offline too long)'
	]);
});

test('an attempt whose answers all counted lists none', async ({ page, request }) => {
	const who = await registerCandidate(request);
	const roundId = await createRound(SHARED_DB, { durationS: 900 });
	await signIn(page, who.login, who.password);
	await startRound(page, roundId);
	await page.getByRole('button', { name: /^Câu 2\/30:/ }).click();
	await page.getByRole('radio').first().click();
	await page
		.getByRole('navigation', { name: 'Danh sách câu hỏi' })
		.getByRole('button', { name: 'Nộp bài' })
		.click();
	await page.getByRole('dialog').getByRole('button', { name: 'Nộp bài' }).click();
	await expect(page.getByTestId('time-used')).toBeVisible({ timeout: 20_000 });
	await expect(page.getByTestId('uncounted')).toHaveCount(0);
});
