// The organiser writing a question by hand (/admin/bank/questions/new), as a usability review did:
// the form starts with four option slots, and a true/false question fills only A and B. The
// questions go into a secret pool of this file's own, which no round uses, so other tests' banks
// and blueprints do not change.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { hydrated } from './support/fixtures';
import { ORGANISER, signInStaff } from './support/hall';

// Named afresh each time the file's set-up runs: Playwright runs it again after a failed test.
const POOL = `Đề E2E biểu mẫu câu hỏi ${Date.now()}`;

async function newQuestion(page: Page, text: string) {
	await page.goto('/admin/bank/questions/new');
	await hydrated(page);
	await page.getByLabel('Nội dung câu hỏi').fill(text);
	await page.getByLabel('Ngân hàng', { exact: true }).selectOption({ label: `${POOL} — Bảo mật` });
}
const option = (page: Page, letter: string) =>
	page.getByRole('textbox', { name: `Phương án ${letter}`, exact: true });

test.beforeAll(async ({ browser }) => {
	const page = await browser.newPage();
	await signInStaff(page, ORGANISER);
	await page.goto('/admin/bank/setup');
	await hydrated(page);
	await page.getByLabel('Tên ngân hàng').fill(POOL);
	await page.getByRole('button', { name: 'Thêm ngân hàng' }).click();
	await expect(page.getByRole('row').filter({ hasText: POOL })).toContainText('Bảo mật');
	await page.close();
});

test.beforeEach(async ({ page }) => {
	await signInStaff(page, ORGANISER);
});

test('a true/false question in the first two of four slots is saved with two options', async ({ page }) => {
	await newQuestion(page, 'Biểu mẫu E2E: Cổng Dịch vụ công quốc gia do Văn phòng Chính phủ vận hành?');
	await expect(option(page, 'D')).toBeVisible();
	await option(page, 'A').fill('Đúng');
	await option(page, 'B').fill('Sai');
	await page.getByRole('button', { name: 'Lưu', exact: true }).click();

	await expect(page).toHaveURL(/\/admin\/bank\/questions\/[^/?]+\?created=1$/);
	await expect(page.getByRole('status').filter({ hasText: 'Đã thêm câu hỏi' })).toBeVisible();
	await expect(option(page, 'A')).toHaveValue('Đúng');
	await expect(option(page, 'B')).toHaveValue('Sai');
	await expect(option(page, 'C')).toHaveCount(0);
});

test('an empty option before a filled one is refused and marked; typing in it clears the mark', async ({
	page
}) => {
	await newQuestion(page, 'Biểu mẫu E2E: câu hỏi có phương án bỏ trống ở giữa?');
	await option(page, 'A').fill('Có');
	await option(page, 'C').fill('Không');
	await page.getByRole('button', { name: 'Lưu', exact: true }).click();

	const alert = page.getByRole('alert');
	await expect(alert).toContainText('Phương án B để trống.');
	await expect(alert).not.toContainText('Phương án C');
	await expect(alert).not.toContainText('Phương án D');
	await expect(option(page, 'B')).toHaveAttribute('aria-invalid', 'true');
	await expect(option(page, 'B')).toHaveAccessibleDescription('Phương án B để trống.');
	await expect(option(page, 'A')).not.toHaveAttribute('aria-invalid');
	await expect(option(page, 'C')).not.toHaveAttribute('aria-invalid');
	// The empty D after the last filled option was not an option: the form shows A to C.
	await expect(option(page, 'C')).toHaveValue('Không');
	await expect(option(page, 'D')).toHaveCount(0);

	await option(page, 'B').fill('Chưa rõ');
	await expect(option(page, 'B')).not.toHaveAttribute('aria-invalid');
	await page.getByRole('button', { name: 'Lưu', exact: true }).click();
	await expect(page).toHaveURL(/\?created=1$/);
	await expect(option(page, 'C')).toHaveValue('Không');
});

test('each "keep in place" checkbox names its option, in Vietnamese and English', async ({
	page,
	baseURL
}) => {
	await page.goto('/admin/bank/questions/new');
	await hydrated(page);
	for (const letter of ['A', 'B', 'C', 'D'])
		await expect(
			page.getByRole('checkbox', { name: `Giữ vị trí khi xáo trộn: phương án ${letter}`, exact: true })
		).toHaveCount(1);
	await page.getByRole('checkbox', { name: 'Giữ vị trí khi xáo trộn: phương án C', exact: true }).check();
	await expect(
		page.getByRole('checkbox', { name: 'Giữ vị trí khi xáo trộn: phương án D', exact: true })
	).not.toBeChecked();

	await page.context().addCookies([{ name: 'lang', value: 'en', url: baseURL! }]);
	await page.reload();
	await hydrated(page);
	for (const letter of ['A', 'B', 'C', 'D'])
		await expect(
			page.getByRole('checkbox', { name: `Keep in place when shuffling: option ${letter}`, exact: true })
		).toHaveCount(1);
});

test('a question the bank holds already is refused, naming it, and nothing is saved', async ({ page }) => {
	const text = 'Biểu mẫu E2E: Thủ tục hành chính nào được nộp trực tuyến toàn trình?';
	await newQuestion(page, text);
	await option(page, 'A').fill('Cấp phiếu lý lịch tư pháp');
	await option(page, 'B').fill('Đăng ký kết hôn có yếu tố nước ngoài');
	await page.getByRole('button', { name: 'Lưu', exact: true }).click();
	await expect(page).toHaveURL(/\/admin\/bank\/questions\/([^/?]+)\?created=1$/);
	const first = /\/admin\/bank\/questions\/([^/?]+)\?/.exec(page.url())![1];

	// Typed again, the options the other way round and without tone marks in the stem.
	await newQuestion(page, 'Bieu mau E2E: thu tuc hanh chinh nao duoc nop truc tuyen toan trinh');
	await option(page, 'A').fill('Đăng ký kết hôn có yếu tố nước ngoài');
	await option(page, 'B').fill('Cấp phiếu lý lịch tư pháp');
	await page.getByRole('button', { name: 'Lưu', exact: true }).click();
	await expect(page.getByRole('alert')).toContainText(
		`Trùng với câu hỏi ${decodeURIComponent(first)} đã có trong ngân hàng.`
	);
	await expect(page).toHaveURL(/\/admin\/bank\/questions\/new/);
});

test('a question of an import still being committed is refused, naming the file', async ({ page }) => {
	const tag = `nhap-do-${Date.now()}`;
	// More than one commit step (250 questions a step), so the import stops half-way.
	const lines = Array.from(
		{ length: 260 },
		(_, i) => `::Q${i}:: Biểu mẫu E2E ${tag}: câu ${i} hỏi gì? {=Đúng ${i} ~Sai ${i}}\n`
	);
	const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'form-e2e-')), `${tag}.gift`);
	fs.writeFileSync(file, lines.join('\n'));
	await page.goto('/admin/bank/import');
	await hydrated(page);
	await page.getByLabel('Tệp câu hỏi').setInputFiles(file);
	await page.getByLabel('Ngân hàng (khi tệp không ghi)').selectOption({ label: `${POOL} — Bảo mật` });
	await page.getByRole('button', { name: 'Kiểm tra tệp' }).click();
	await expect(page.getByText('260 câu hỏi hợp lệ, sẵn sàng nhập')).toBeVisible();
	const id = new URL(page.url()).searchParams.get('id')!;
	// One step of the commit, as a window closed during the import leaves it.
	const step = await page.request.post(`/api/admin/bank/imports/${id}/commit`);
	expect(await step.json()).toMatchObject({ status: 'committing', written: 250 });

	await newQuestion(page, `Biểu mẫu E2E ${tag}: câu 259 hỏi gì?`);
	await option(page, 'A').fill('Đúng 259');
	await option(page, 'B').fill('Sai 259');
	await page.getByRole('button', { name: 'Lưu', exact: true }).click();
	await expect(page.getByRole('alert')).toContainText(
		`Trùng với một câu hỏi đang được nhập từ tệp "${tag}.gift" (việc nhập chưa xong).`
	);
	await expect(page).toHaveURL(/\/admin\/bank\/questions\/new/);
	expect((await page.request.post(`/api/admin/bank/imports/${id}/cancel`)).ok()).toBe(true);
});
