// The organiser's pages on a phone (390 px wide), as a usability review walked them: no page
// scrolls sideways (a wide table scrolls in its own box), and the import report's long list of
// rejected entries says that it scrolls and can be scrolled from the keyboard.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { expect, test, type Page } from '@playwright/test';
import { createRound, hydrated, SHARED_DB, withDb } from './support/fixtures';
import { signInOrganiser, takeRound } from './support/results-round';

test.use({ viewport: { width: 390, height: 844 } });

const stamp = String(Date.now()).slice(-5);
let roundId = '';

test.beforeAll(async ({ playwright, baseURL }) => {
	// A round with one submission, so its results pages have rows (and a last column whose
	// heading is visually hidden).
	roundId = await createRound(SHARED_DB, { durationS: 900, name: `Vòng điện thoại ${stamp}` });
	const request = await playwright.request.newContext({ baseURL });
	await takeRound(request, roundId, {
		name: 'Phạm Thị Điện Thoại',
		nationalId: `082196${stamp}4`,
		phone: `03874${stamp}`.slice(0, 10),
		birthDate: '1996-02-03',
		publishName: true,
		right: 12
	});
	await request.dispose();
});

/** The page's width beyond the screen: what a sideways swipe would reveal. */
async function sideways(page: Page): Promise<number> {
	return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

test('in English, whose headings and buttons are longer, no organiser page with a table scrolls sideways', async ({
	page,
	baseURL
}) => {
	await signInOrganiser(page);
	await page.context().addCookies([{ name: 'lang', value: 'en', url: baseURL! }]);
	// The pools table: "Publish (allow graded rounds to use it)" stuck out 32 px (a review's walk).
	for (const url of ['/admin/bank/setup', '/admin/bank', '/admin/rounds', `/admin/results/${roundId}`]) {
		await page.goto(url);
		await hydrated(page);
		await expect(page.locator('html')).toHaveAttribute('lang', 'en');
		expect(await sideways(page), url).toBeLessThanOrEqual(0);
	}
});

test('no organiser page with a table scrolls sideways at 390 px', async ({ page }) => {
	await signInOrganiser(page);
	// The round's results page has a row, so its last column (the dispute link) is there.
	await page.goto(`/admin/results/${roundId}`);
	const table = page.getByTestId('individual-results');
	await expect(table.locator('tbody tr')).toHaveCount(1);
	const pages = [
		'/admin/bank',
		'/admin/rounds',
		'/admin/results/qualifying',
		`/admin/results/${roundId}`,
		`/admin/results/${roundId}/units`,
		`/admin/results/${roundId}/questions`
	];
	for (const url of pages) {
		await page.goto(url);
		await hydrated(page);
		expect(await sideways(page), url).toBeLessThanOrEqual(0);
	}

	await page.goto(`/admin/results/${roundId}`);
	await table.getByRole('link', { name: /Chi tiết bài/ }).click();
	await expect(page.getByTestId('dispute-events')).toBeVisible();
	expect(await sideways(page), 'attempt').toBeLessThanOrEqual(0);
});

test('the round form at 390 px: the blueprint scrolls in its own box, the page does not', async ({
	page
}) => {
	await signInOrganiser(page);
	// The blueprint's last column ("Khó") is reached by scrolling the matrix's own box.
	await page.goto('/admin/rounds/new');
	await hydrated(page);
	const hard = page.getByRole('columnheader', { name: 'Khó' });
	const matrix = page.locator('.scroll').filter({ has: hard });
	const box = (await matrix.boundingBox())!;
	expect(box.x + box.width).toBeLessThanOrEqual(390);
	await hard.scrollIntoViewIfNeeded();
	await expect(hard).toBeInViewport();
	expect(await sideways(page)).toBeLessThanOrEqual(0);
});

/** An existing question of the bank as stored: its id, text and options. */
async function bankQuestion() {
	return withDb(SHARED_DB, async (db) => {
		const q = await db
			.selectFrom('question')
			.innerJoin('question_version', (j) =>
				j
					.onRef('question_version.question_id', '=', 'question.id')
					.onRef('question_version.version', '=', 'question.version')
			)
			.select(['question.id', 'question_version.text', 'question_version.options'])
			.where('question.pool_id', '=', 'public')
			.where('question.status', '=', 'active')
			.orderBy('question.id')
			.executeTakeFirstOrThrow();
		return {
			id: q.id,
			text: q.text,
			options: (JSON.parse(q.options) as { text: string }[]).map((o) => o.text)
		};
	});
}

async function reportFile(duplicate: { text: string; options: string[] }): Promise<string> {
	const wb = new ExcelJS.Workbook();
	const ws = wb.addWorksheet('Câu hỏi');
	const letters = ['A', 'B', 'C', 'D', 'E', 'F'];
	ws.addRow(['Nội dung câu hỏi', ...letters.map((l) => `Phương án ${l}`), 'Đáp án đúng']);
	ws.addRow([duplicate.text, ...letters.map((_, i) => duplicate.options[i] ?? ''), 'A']);
	for (let i = 1; i <= 30; i++)
		ws.addRow([`Câu thiếu đáp án ${stamp} số ${i}?`, `Có ${i}`, `Không ${i}`, '', '', '', '', '']);
	const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'phone-e2e-')), `bao-cao-${stamp}.xlsx`);
	await wb.xlsx.writeFile(file);
	return file;
}

test('the import report on a phone: the long list of rejected entries says it scrolls, and does', async ({
	page
}) => {
	const existing = await bankQuestion();
	await signInOrganiser(page);
	await page.goto('/admin/bank/import');
	await hydrated(page);
	await page.getByLabel('Tệp câu hỏi').setInputFiles(await reportFile(existing));
	await page.getByRole('button', { name: 'Kiểm tra tệp' }).click();
	await expect(page.getByText('31 mục bị loại')).toBeVisible();

	const list = page.getByRole('region', { name: 'Danh sách mục bị loại' });
	await expect(list).toBeVisible();
	await expect(page.getByText('Danh sách dài: cuộn trong khung để xem hết 31 mục.')).toBeVisible();
	await expect(list).toHaveAccessibleDescription('Danh sách dài: cuộn trong khung để xem hết 31 mục.');
	// Reached by the keyboard, and scrolled by it.
	await list.focus();
	await expect(list).toBeFocused();
	await page.keyboard.press('End');
	await expect.poll(() => list.evaluate((el) => el.scrollTop)).toBeGreaterThan(0);
	await expect(list.getByRole('row', { name: /Hàng 32/ })).toBeInViewport();

	// The duplicate names the bank's question, and leads to it.
	const duplicate = list.getByRole('link', { name: existing.id, exact: true });
	await expect(duplicate).toHaveAttribute('href', `/admin/bank/questions/${existing.id}`);
	await expect(list.getByRole('row', { name: /Hàng 2\b/ })).toContainText(
		`Trùng với câu hỏi ${existing.id} đã có trong ngân hàng.`
	);
	expect(await sideways(page)).toBeLessThanOrEqual(0);
	await page.getByRole('button', { name: 'Không nhập' }).click();
});
