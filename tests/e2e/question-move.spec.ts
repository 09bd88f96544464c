// The organiser moving a question of the open qualifying round's secret pool into the public pool
// (whose questions practice sends with their keys to every candidate) is refused on the question
// page, and what to fix comes into view and takes the focus: the list is above the form, out of
// sight of the save button on a phone.
import { expect, test } from '@playwright/test';
import { SHARED_DB, withDb } from './support/fixtures';
import { ORGANISER, signInStaff } from './support/hall';

test('a secret question is not moved into the public pool once its round has opened', async ({ page }) => {
	await page.setViewportSize({ width: 390, height: 844 });
	const poolOf = (id: string) =>
		withDb(SHARED_DB, (db) =>
			db.selectFrom('question').select('pool_id').where('id', '=', id).executeTakeFirstOrThrow()
		).then((q) => q.pool_id);
	const id = await withDb(SHARED_DB, (db) =>
		db
			.selectFrom('question')
			.select('id')
			.where('pool_id', '=', 'secret')
			.orderBy('id')
			.executeTakeFirstOrThrow()
	).then((q) => q.id);

	await signInStaff(page, ORGANISER);
	await page.goto(`/admin/bank/questions/${id}`);
	await page.getByLabel('Ngân hàng', { exact: true }).selectOption('public');
	await page.getByRole('button', { name: 'Lưu', exact: true }).click();
	const alert = page.getByRole('alert');
	await expect(alert).toContainText(
		'Không thể chuyển câu hỏi khỏi ngân hàng "Ngân hàng thi vòng loại (bảo mật)"'
	);
	await expect(alert).toBeFocused();
	await expect(alert).toBeInViewport();
	expect(await poolOf(id)).toBe('secret');
});
