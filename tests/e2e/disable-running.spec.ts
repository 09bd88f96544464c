// The organiser disables a candidate's account while its exam runs at home (someone else had its
// password, say): the exam on the device ends there and then, graded on what the server holds,
// and what is answered on the device after is kept and not counted.
import { expect, test } from '@playwright/test';
import {
	createRound,
	registerCandidate,
	SHARED_DB,
	signIn,
	startRound,
	storedEvents
} from './support/fixtures';
import { ORGANISER, staffPage } from './support/hall';

test('disabling an account closes its running exam at home; the device shows it closed', async ({
	page,
	browser,
	request,
	baseURL
}) => {
	const who = await registerCandidate(request);
	const roundId = await createRound(SHARED_DB, { durationS: 900 });
	await signIn(page, who.login, who.password);
	const attemptId = await startRound(page, roundId);
	await page.getByRole('button', { name: /^Câu 1\/30:/ }).click();
	await page.getByRole('radio').first().click();
	await expect(page.locator('[data-sync]')).toHaveAttribute('data-sync', 'saved');

	const organiser = await staffPage(browser, baseURL!, ORGANISER);
	await organiser.goto(`/admin/accounts?login=${encodeURIComponent(who.login)}`);
	await expect(organiser.getByText(/Bài thi tại nhà đang làm dở của tài khoản được thu ngay/)).toBeVisible();
	await organiser.getByLabel('Tôi muốn khóa tài khoản này và đăng xuất nó trên mọi thiết bị').check();
	await organiser.getByRole('button', { name: 'Khóa tài khoản' }).click();
	await expect(organiser.getByRole('status').filter({ hasText: 'Đã khóa tài khoản' })).toBeVisible();

	// The device hears it at its next sync.
	await page.getByRole('button', { name: /^Câu 2\/30:/ }).click();
	await page.getByRole('radio').first().click();
	await expect(page.getByRole('heading', { name: 'Đã nộp bài' })).toBeVisible({ timeout: 20_000 });
	await expect(page.getByText(/tài khoản bị khóa/)).toBeVisible();
	const { attempt } = await storedEvents(SHARED_DB, attemptId);
	expect([attempt.status, attempt.submit_reason]).toEqual(['submitted', 'account_disabled']);
	// The answer made after the close reached the server and does not count.
	await expect
		.poll(async () => (await storedEvents(SHARED_DB, attemptId)).events.map((e) => [e.seq, e.counts]))
		.toEqual([
			[1, 1],
			[2, 0]
		]);
	await organiser.context().close();
});
