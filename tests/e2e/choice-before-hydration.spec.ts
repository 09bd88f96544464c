// An organiser on a slow link chooses a question's topic, difficulty and pool while the page's
// scripts are still on their way. Hydration draws a bound <select> again with the value the page
// was rendered with, and the choice was lost without a word (typed text was kept); app.html now
// notes such a choice and puts it back once the page is hydrated. The expected values are what the
// test chose. On a server of its own: the save changes a seeded question.
import { expect, test } from '@playwright/test';
import { hydrated, withDb } from './support/fixtures';
import { ORGANISER, signInStaff } from './support/hall';
import { TestServer } from './support/server';

test.describe.configure({ timeout: 120_000 });

let server: TestServer;

test.beforeAll(async () => {
	server = new TestServer('choice-before-hydration', { WARM_UP_BATCHES: '0' });
	await server.start();
});

test.afterAll(async () => {
	await server?.stop();
});

test('a choice made in a select before the page hydrates is what the form saves', async ({ browser }) => {
	const context = await browser.newContext({
		baseURL: server.url,
		viewport: { width: 390, height: 844 },
		locale: 'vi-VN'
	});
	const page = await context.newPage();
	const stored = (id: string) =>
		withDb(server.sqliteFile, (db) =>
			db
				.selectFrom('question')
				.select(['pool_id', 'topic_id', 'difficulty'])
				.where('id', '=', id)
				.executeTakeFirstOrThrow()
		);
	// A question of the final's pool: the final has not opened, so it may move to the public pool.
	const id = await withDb(server.sqliteFile, (db) =>
		db
			.selectFrom('question')
			.select('id')
			.where('pool_id', '=', 'final')
			.orderBy('id')
			.executeTakeFirstOrThrow()
	).then((q) => q.id);
	const before = await stored(id);
	await signInStaff(page, ORGANISER);

	// The page's scripts are held back until the choices are made.
	let release = () => {};
	const scriptsMayLoad = new Promise<void>((resolve) => (release = resolve));
	await page.route(/\/_app\/immutable\/.*\.js$/, async (route) => {
		await scriptsMayLoad;
		await route.continue();
	});
	await page.goto(`/admin/bank/questions/${id}`, { waitUntil: 'domcontentloaded' });
	await expect(page.locator('html[data-hydrated]')).toHaveCount(0);
	const topic = page.getByLabel('Chủ đề', { exact: true });
	const otherTopic = await topic
		.locator('option')
		.evaluateAll(
			(os, current) => os.map((o) => (o as HTMLOptionElement).value).find((v) => v !== current),
			before.topic_id
		);
	const difficulty = before.difficulty === 3 ? 1 : before.difficulty + 1;
	await topic.selectOption(otherTopic!);
	await page.getByLabel('Mức độ', { exact: true }).selectOption(String(difficulty));
	await page.getByLabel('Ngân hàng', { exact: true }).selectOption('public');

	release();
	await hydrated(page);
	await expect(topic).toHaveValue(otherTopic!);
	await page.getByRole('button', { name: 'Lưu', exact: true }).click();
	await expect(page.getByText('Đã lưu. Phiên bản hiện tại:')).toBeVisible();
	expect(await stored(id)).toEqual({
		pool_id: 'public',
		topic_id: otherTopic,
		difficulty
	});
	await context.close();
});

test('text typed in a field before the page hydrates stays, and is what the form sends', async ({
	browser
}) => {
	// A results walk: on a slow phone the public look-up's fields emptied as its scripts ran (a field
	// drawn with `value={…}` is set back to its rendered value by hydration; bound ones were kept).
	const context = await browser.newContext({
		baseURL: server.url,
		viewport: { width: 390, height: 844 },
		locale: 'vi-VN'
	});
	const page = await context.newPage();
	let release = () => {};
	const scriptsMayLoad = new Promise<void>((resolve) => (release = resolve));
	await page.route(/\/_app\/immutable\/.*\.js$/, async (route) => {
		await scriptsMayLoad;
		await route.continue();
	});
	await page.goto('/results/tra-cuu', { waitUntil: 'domcontentloaded' });
	await expect(page.locator('html[data-hydrated]')).toHaveCount(0);
	const key = page.getByLabel('Số báo danh hoặc số điện thoại');
	const year = page.getByLabel('Năm sinh');
	await key.fill('0912 000 001');
	await year.fill('1990');

	release();
	await hydrated(page);
	await expect(key).toHaveValue('0912 000 001');
	await expect(year).toHaveValue('1990');
	const sent = page.waitForRequest((r) => r.method() === 'POST' && r.url().includes('/results/tra-cuu'));
	await page.getByRole('button', { name: 'Tra cứu' }).click();
	const body = new URLSearchParams((await sent).postData() ?? '');
	expect([body.get('key'), body.get('birthYear')]).toEqual(['0912 000 001', '1990']);
	await context.close();
});
