// The organiser moving a question of the open qualifying round's secret pool into the public pool
// (whose questions practice sends with their keys to every candidate) is refused on the question
// page, and what to fix comes into view and takes the focus: the list is above the form, out of
// sight of the save button on a phone. On a server of its own: the demo as seeded, whose
// qualifying round draws from `secret` and is open.
import { expect, test } from '@playwright/test';
import { hydrated, withDb } from './support/fixtures';
import { ORGANISER, signInStaff } from './support/hall';
import { TestServer } from './support/server';

test.describe.configure({ timeout: 120_000 });

let server: TestServer;

test.beforeAll(async () => {
	server = new TestServer('question-move', { WARM_UP_BATCHES: '0' });
	await server.start();
});

test.afterAll(async () => {
	await server?.stop();
});

test('a secret question is not moved into the public pool once its round has opened', async ({ browser }) => {
	const context = await browser.newContext({
		baseURL: server.url,
		viewport: { width: 390, height: 844 },
		locale: 'vi-VN'
	});
	const page = await context.newPage();
	const poolOf = (id: string) =>
		withDb(server.sqliteFile, (db) =>
			db.selectFrom('question').select('pool_id').where('id', '=', id).executeTakeFirstOrThrow()
		).then((q) => q.pool_id);
	const id = await withDb(server.sqliteFile, (db) =>
		db
			.selectFrom('question')
			.select('id')
			.where('pool_id', '=', 'secret')
			.orderBy('id')
			.executeTakeFirstOrThrow()
	).then((q) => q.id);

	await signInStaff(page, ORGANISER);
	await page.goto(`/admin/bank/questions/${id}`);
	// A choice made before the page hydrates is put back to the stored pool by hydration.
	await hydrated(page);
	await page.getByLabel('Ngân hàng', { exact: true }).selectOption('public');
	await page.getByRole('button', { name: 'Lưu', exact: true }).click();
	const alert = page.getByRole('alert');
	await expect(alert).toContainText(
		'Không thể chuyển câu hỏi khỏi ngân hàng "Ngân hàng thi vòng loại (bảo mật)": vòng "Vòng loại"'
	);
	await expect(alert).toBeFocused();
	await expect(alert).toBeInViewport();
	expect(await poolOf(id)).toBe('secret');
	await context.close();
});
