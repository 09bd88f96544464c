// Practice at home: once opened online, it works fully offline, with review, and its
// result reaches the server when the connection returns.
import { expect, test } from '@playwright/test';
import { registerCandidate, SHARED_DB, signIn, storedEvents } from './support/fixtures';

test('practice fully offline with review, synced when back online', async ({ page, context, request }) => {
	const who = await registerCandidate(request);
	await signIn(page, who.login, who.password);
	await page.getByRole('link', { name: 'Vào thi thử' }).click();
	await expect(page.getByText(/Đã lưu 40 câu hỏi ôn tập trên thiết bị/)).toBeVisible();
	await expect
		.poll(() => page.evaluate(async () => (await caches.keys()).some((k) => k.startsWith('phongthi-shell'))))
		.toBe(true);
	await page.evaluate(() => navigator.serviceWorker.ready);

	await context.setOffline(true);
	await page.reload();
	await expect(page.getByText(/Đã lưu 40 câu hỏi ôn tập trên thiết bị/)).toBeVisible();
	await page.getByRole('button', { name: 'Bắt đầu một lượt thi thử' }).click();
	await expect(page.getByRole('heading', { name: /^Câu 1\/30$/ })).toBeVisible();
	const attemptId = page.url().split('/exam/')[1];
	for (let n = 1; n <= 30; n++) {
		await page.getByRole('button', { name: new RegExp(`^Câu ${n}/30:`) }).click();
		await expect(page.getByRole('radio').first()).toBeVisible();
		const option = page.getByRole('radio').nth(n % (await page.getByRole('radio').count()));
		await option.click();
		await expect(option).toBeChecked();
	}
	await page
		.getByRole('navigation', { name: 'Danh sách câu hỏi' })
		.getByRole('button', { name: 'Nộp bài' })
		.click();
	await expect(page.getByRole('dialog')).toContainText('Bạn đã trả lời tất cả các câu.');
	await page.getByRole('dialog').getByRole('button', { name: 'Nộp bài' }).click();

	// Graded on the device, with the review and explanations, while still offline.
	const score = page.getByTestId('score');
	await expect(score).toHaveText(/^Điểm: \d+\/30$/);
	const local = await score.innerText();
	// Score first, then one sentence on what is provisional (not "score shows when online").
	await expect(page.getByTestId('provisional')).toHaveText(
		'Điểm được chấm ngay trên máy; máy chủ sẽ xác nhận khi có kết nối.'
	);
	await expect(page.getByText('Điểm sẽ hiện khi có kết nối')).toHaveCount(0);
	await expect(page.getByRole('heading', { name: 'Xem lại bài làm' })).toBeVisible();
	await expect(page.getByText(/^Giải thích:/)).toHaveCount(30);
	const right = await page.locator('.review .ok').count();
	expect(local).toBe(`Điểm: ${right}/30`);

	await context.setOffline(false);
	await expect(page.getByTestId('receipt')).toHaveText(/^[0-9a-f]{64}$/, { timeout: 30_000 });
	await expect(score).toHaveText(local);
	const { attempt, events } = await storedEvents(SHARED_DB, attemptId);
	expect(events).toHaveLength(30);
	expect(`Điểm: ${attempt.score}/30`).toBe(local);
	expect(attempt.status).toBe('submitted');
});

test('a practice round never serves a secret question', async ({ request }) => {
	const who = await registerCandidate(request);
	await request.post('/api/session', { data: { login: who.login, password: who.password } });
	const bank = await (await request.get('/api/rounds/practice/bank')).json();
	expect(bank.questions).toHaveLength(40);
	const secret = await request.get('/api/rounds/qualifying/bank');
	expect(secret.status()).toBe(404);
	// A device that claims a secret question for its practice paper is refused.
	const forged = await request.post('/api/rounds/practice/attempts', {
		data: {
			attemptId: crypto.randomUUID(),
			seed: 'x',
			startedAt: Date.now(),
			questions: [{ id: 'q011', version: 1, options: ['q011-a', 'q011-b', 'q011-c', 'q011-d'] }]
		}
	});
	const publicIds = new Set(bank.questions.map((q: { id: string }) => q.id));
	expect(publicIds.has('q011')).toBe(false);
	expect(forged.status()).toBe(422);
});
