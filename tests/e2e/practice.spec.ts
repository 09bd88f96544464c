// Practice at home: once opened online, it works fully offline, with review, and its
// result reaches the server when the connection returns.
import { expect, test } from '@playwright/test';
import {
	createRound,
	deviceLog,
	registerCandidate,
	SHARED_DB,
	signIn,
	storedEvents,
	waitForServiceWorker,
	withDb
} from './support/fixtures';

test('practice fully offline with review, synced when back online', async ({ page, context, request }) => {
	const who = await registerCandidate(request);
	await signIn(page, who.login, who.password);
	// The demo's practice round (other files add practice rounds of their own to the shared database).
	await page.locator('a[href="/practice/practice"]', { hasText: 'Vào thi thử' }).click();
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

test('a practice paper the server will not record (its one attempt used meanwhile) says why and keeps the work', async ({
	page,
	context,
	playwright,
	baseURL
}) => {
	await page.setViewportSize({ width: 390, height: 844 });
	const roundId = await createRound(SHARED_DB, { durationS: 25 * 60, kind: 'practice' });
	await withDb(SHARED_DB, (db) =>
		db.updateTable('round').set({ max_attempts: 1 }).where('id', '=', roundId).execute()
	);
	const who = await registerCandidate(page.request);
	await signIn(page, who.login, who.password);
	const register = `/api/rounds/${roundId}/attempts`;
	// What reached the server (tries made offline fail before it and are not counted).
	const registrations: number[] = [];
	page.on('response', (r) => {
		const req = r.request();
		if (req.method() === 'POST' && new URL(req.url()).pathname === register) registrations.push(r.status());
	});
	await page.goto(`/practice/${roundId}`);
	await expect(page.getByText(/Đã lưu 40 câu hỏi ôn tập trên thiết bị/)).toBeVisible();
	await waitForServiceWorker(page);

	// Offline on the phone: three answers, submitted, graded on the device.
	await context.setOffline(true);
	await page.getByRole('button', { name: 'Bắt đầu một lượt thi thử' }).click();
	await expect(page.getByRole('heading', { name: /^Câu 1\/30$/ })).toBeVisible();
	const attemptId = page.url().split('/exam/')[1];
	for (let n = 1; n <= 3; n++) {
		await page.getByRole('button', { name: new RegExp(`^Câu ${n}/30:`) }).click();
		const option = page.getByRole('radio').first();
		await option.click();
		await expect(option).toBeChecked();
	}
	await page
		.getByRole('navigation', { name: 'Danh sách câu hỏi' })
		.getByRole('button', { name: 'Nộp bài' })
		.click();
	await page.getByRole('dialog').getByRole('button', { name: 'Nộp bài' }).click();
	const score = page.getByTestId('score');
	await expect(score).toHaveText(/^Điểm: \d\/30$/);
	const local = await score.innerText();

	// Meanwhile the round's one attempt is taken on another device (a PC, online).
	const pc = await playwright.request.newContext({ baseURL });
	expect(
		(await pc.post('/api/session', { data: { login: who.login, password: who.password } })).status()
	).toBe(200);
	expect((await pc.post(register, { data: { deviceId: 'pc-1' } })).status()).toBe(201);
	await pc.dispose();

	// Back online: the server refuses to record the phone's paper, and the phone says why.
	await context.setOffline(false);
	const refused = page.getByTestId('unrecorded');
	await expect(refused).toHaveText(
		'Lượt thi thử này không được ghi nhận trên hệ thống: Bạn đã dùng hết số lượt thi của vòng này (trong tuần hoặc tổng cộng). Bài làm, điểm và phần xem lại vẫn được giữ trên máy này.'
	);
	await refused.scrollIntoViewIfNeeded();
	await page.screenshot({ path: '.e2e-data/shots/practice-unrecorded-phone.png' });
	// Nothing of the work is lost: the score, the review, every answer in the device's log.
	await expect(score).toHaveText(local);
	await expect(page.getByTestId('provisional')).toHaveCount(0);
	await expect(page.getByRole('heading', { name: 'Xem lại bài làm' })).toBeVisible();
	const kept = await deviceLog(page, attemptId);
	expect(kept.map((e) => e.seq)).toEqual([1, 2, 3]);
	expect(kept.every((e) => e.status === 'pending')).toBe(true);
	expect(
		(
			await withDb(SHARED_DB, (db) =>
				db.selectFrom('attempt').select('id').where('id', '=', attemptId).execute()
			)
		).length
	).toBe(0);

	// After a reload, and on the practice page, it is still there, still says so, and is not sent again.
	await page.reload();
	await expect(refused).toBeVisible();
	await expect(score).toHaveText(local);
	await page.getByRole('link', { name: 'Thi thử', exact: true }).click();
	await expect(page.getByRole('listitem').filter({ hasText: 'chỉ lưu trên máy này' })).toHaveCount(1);
	await page.screenshot({ path: '.e2e-data/shots/practice-unrecorded-list-phone.png', fullPage: true });
	expect(registrations).toEqual([409]);
});

test('the practice page offers the open practice rounds not yet on this device, once each', async ({
	page,
	request
}) => {
	const who = await registerCandidate(request);
	await signIn(page, who.login, who.password);
	await page.goto('/practice');
	// The demo's practice round, "Thi thử" (seed.ts), nothing stored on this device yet.
	const demo = page.locator('a[href="/practice/practice"]');
	await expect(demo).toHaveText('Thi thử');
	await expect(page.getByText(/Thiết bị chưa lưu vòng thi thử nào/)).toHaveCount(0);
	await demo.click();
	await expect(page.getByText(/Đã lưu 40 câu hỏi ôn tập trên thiết bị/)).toBeVisible();
	// Now it is on the device: listed from there, not again from the server.
	const asked = page.waitForResponse((r) => r.url().endsWith('/api/rounds'));
	await page.goto('/practice');
	await asked;
	await expect(demo).toHaveText('Thi thử');
	await expect(page.getByRole('main').getByRole('link', { name: 'Thi thử', exact: true })).toHaveCount(1);
});

test("a shared device lists only the signed-in account's practice attempts", async ({
	page,
	context,
	request
}) => {
	const first = await registerCandidate(request);
	const next = await registerCandidate(request);
	const listed = page.getByRole('heading', { name: 'Các lượt thi thử trên thiết bị' });
	const openPractice = async () => {
		await page.goto('/practice/practice');
		await expect(page.getByText(/Đã lưu 40 câu hỏi ôn tập trên thiết bị/)).toBeVisible();
	};
	await signIn(page, first.login, first.password);
	await openPractice();
	await page.getByRole('button', { name: 'Bắt đầu một lượt thi thử' }).click();
	await expect(page.getByRole('heading', { name: /^Câu 1\/30$/ })).toBeVisible();
	await openPractice();
	await expect(listed).toBeVisible();
	await expect(page.locator('main ul li')).toHaveCount(1);

	// Another candidate on the same browser: the first one's attempt is not theirs to see.
	await context.clearCookies();
	await signIn(page, next.login, next.password);
	await openPractice();
	await expect(page.getByRole('button', { name: 'Bắt đầu một lượt thi thử' })).toBeVisible();
	await expect(listed).toHaveCount(0);

	// The first candidate back: their attempt is still here.
	await context.clearCookies();
	await signIn(page, first.login, first.password);
	await openPractice();
	await expect(listed).toBeVisible();
	await expect(page.locator('main ul li')).toHaveCount(1);
});
