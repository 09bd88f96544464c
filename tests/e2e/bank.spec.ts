// An organiser imports a spreadsheet, reads the report, imports, and builds a round with a
// blueprint. The questions go into an existing topic (other tests build blueprints from every
// topic) and the round is far in the future, so candidates' pages in other tests do not change.
// The round is graded, so it draws from a secret pool of its own: the demo's qualifying round
// and final already hold theirs, and a secret pool serves one graded round.
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { expect, test, type Page } from '@playwright/test';
import { hydrated } from './support/fixtures';

const TOPIC = 'Cuộc thi và thể lệ';
const POOL = 'Đề E2E ma trận (bảo mật)';

async function spreadsheet(): Promise<string> {
	const wb = new ExcelJS.Workbook();
	const ws = wb.addWorksheet('Câu hỏi');
	ws.addRow([
		'Nội dung câu hỏi',
		'Phương án A',
		'Phương án B',
		'Phương án C',
		'Đáp án đúng',
		'Chủ đề',
		'Mức độ',
		'Giải thích'
	]);
	for (let i = 1; i <= 12; i++) {
		const broken = i === 3 || i === 6;
		ws.addRow([
			`Câu kiểm thử E2E số ${i}: dịch vụ công mức ${i} là gì?`,
			`Phương án đúng ${i}`,
			i === 6 ? '' : `Phương án sai ${i}`,
			i === 6 ? '' : `Phương án khác ${i}`,
			i === 3 ? '' : 'A',
			TOPIC,
			broken ? 1 : i <= 6 ? 1 : 2,
			`Giải thích ${i}`
		]);
	}
	const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'bank-e2e-')), 'cau-hoi-e2e.xlsx');
	await wb.xlsx.writeFile(file);
	return file;
}

async function signInAsOrganiser(page: Page) {
	await page.goto('/login');
	await hydrated(page);
	await page.getByLabel('Số định danh cá nhân hoặc số điện thoại').fill('0900000001');
	await page.getByLabel('Mật khẩu').fill('BanToChuc2026');
	await page.getByRole('button', { name: 'Đăng nhập' }).click();
	await expect(page).toHaveURL(/\/admin$/);
}

/** A secret pool of the test's own, which no round uses. */
async function addSecretPool(page: Page, name: string) {
	await page.goto('/admin/bank/setup');
	await hydrated(page);
	await page.getByLabel('Tên ngân hàng').fill(name);
	await page.getByRole('button', { name: 'Thêm ngân hàng' }).click();
	await expect(page.getByRole('row').filter({ hasText: name })).toContainText('Bảo mật');
}

test('an organiser imports a spreadsheet, sees the report, imports, and builds a round with a blueprint', async ({
	page
}) => {
	const file = await spreadsheet();
	await signInAsOrganiser(page);

	await addSecretPool(page, POOL);

	await page.getByRole('link', { name: 'Nhập câu hỏi từ tệp' }).first().click();
	await expect(page.getByRole('heading', { name: 'Nhập câu hỏi từ tệp' })).toBeVisible();
	await expect(page.getByRole('link', { name: 'Tải tệp mẫu Excel' })).toHaveAttribute(
		'href',
		'/admin/bank/template'
	);
	await page.getByLabel('Tệp câu hỏi').setInputFiles(file);
	await page.getByLabel('Ngân hàng (khi tệp không ghi)').selectOption({ label: `${POOL} — Bảo mật` });
	await page.getByRole('button', { name: 'Kiểm tra tệp' }).click();

	await expect(page.getByRole('heading', { name: 'Báo cáo kiểm tra' })).toBeVisible();
	await expect(page.getByText('10 câu hỏi hợp lệ, sẵn sàng nhập')).toBeVisible();
	await expect(page.getByText('2 mục bị loại')).toBeVisible();
	await expect(page.getByRole('row', { name: /Hàng 4/ })).toContainText('Chưa có đáp án đúng.');
	await expect(page.getByRole('row', { name: /Hàng 7/ })).toContainText(
		'Cần ít nhất 2 phương án (tệp có 1).'
	);
	await page.screenshot({ path: 'test-results/bank-import-report.png', fullPage: true });

	await page.getByRole('button', { name: 'Nhập 10 câu hỏi' }).click();
	await expect(page.getByText('Đã nhập 10 câu hỏi vào ngân hàng.')).toBeVisible();

	await page.getByRole('link', { name: 'Ngân hàng câu hỏi' }).first().click();
	await page.getByLabel('Tìm trong nội dung').fill('Câu kiểm thử E2E');
	await page.getByRole('button', { name: 'Lọc' }).click();
	await expect(page.getByText('10 câu hỏi', { exact: true })).toBeVisible();

	// A round on the new topic: first asking for more than the bank has.
	await page.getByRole('link', { name: 'Vòng thi' }).first().click();
	await page.getByRole('link', { name: 'Tạo vòng thi' }).click();
	await page.getByLabel('Tên vòng thi').fill('Vòng E2E ma trận đề');
	await page.getByLabel('Loại vòng').selectOption('qualifying');
	await page.getByLabel('Mở lúc (giờ Việt Nam)').fill('2030-05-01T08:00');
	await page.getByLabel('Đóng lúc (giờ Việt Nam)').fill('2030-05-31T17:00');
	await page.getByLabel('Số câu hỏi').fill('10');
	await page.getByLabel('Thời gian làm bài: phút').fill('0');
	await page.getByLabel('và giây').fill('30');
	// First also on the qualifying round's secret pool, which that round already uses.
	await page.getByLabel(/Ngân hàng thi vòng loại/).check();
	await page.getByLabel(POOL).check();
	await page.getByLabel(`${TOPIC} — Dễ`).fill('150');
	await page.getByLabel('Số câu hỏi').fill('155');
	await page.getByLabel(`${TOPIC} — Trung bình`).fill('5');
	const have = Number(
		/có (\d+)/.exec(
			await page
				.getByRole('cell')
				.filter({ has: page.getByLabel(`${TOPIC} — Dễ`) })
				.innerText()
		)?.[1]
	);
	expect(have).toBeGreaterThanOrEqual(4);
	await page.getByRole('button', { name: 'Lưu vòng thi' }).click();
	await expect(page.getByRole('alert')).toContainText('Ngân hàng chưa đủ câu hỏi cho ma trận đề');
	await expect(page.getByRole('alert')).toContainText(
		`${TOPIC} – Dễ: cần 150, ngân hàng có ${have} (thiếu ${150 - have})`
	);
	await expect(page.getByRole('alert')).toContainText(
		'Ngân hàng "Ngân hàng thi vòng loại (bảo mật)" đã được dùng cho vòng "Vòng loại". Mỗi vòng chính thức cần một ngân hàng bảo mật riêng'
	);
	await page.getByLabel(/Ngân hàng thi vòng loại/).uncheck();
	await page.getByLabel('Số câu hỏi').fill('10');

	await page.getByLabel(`${TOPIC} — Dễ`).fill('4');
	await page.getByLabel(`${TOPIC} — Trung bình`).fill('6');
	await page.getByRole('button', { name: 'Lưu vòng thi' }).click();
	await expect(page).toHaveURL(/\/admin\/rounds\?saved=/);
	await expect(page.getByText('Đã lưu vòng thi.')).toBeVisible();
	const row = page.getByRole('row', { name: /Vòng E2E ma trận đề/ });
	await expect(row).toContainText('Đủ câu hỏi');
	await expect(row).toContainText('0 phút 30 giây');
	await page.screenshot({ path: 'test-results/bank-rounds.png', fullPage: true });
});

test('a practice round refuses a secret pool', async ({ page }) => {
	await signInAsOrganiser(page);
	await page.goto('/admin/rounds/new');
	// Typed before hydration, the fields would be drawn again empty.
	await hydrated(page);
	await page.getByLabel('Tên vòng thi').fill('Vòng E2E thi thử bảo mật');
	await page.getByLabel('Loại vòng').selectOption('practice');
	await page.getByLabel('Mở lúc (giờ Việt Nam)').fill('2031-01-01T08:00');
	await page.getByLabel('Đóng lúc (giờ Việt Nam)').fill('2031-01-02T08:00');
	await page.getByLabel('Số câu hỏi').fill('1');
	await page.getByLabel(/Ngân hàng thi vòng loại/).check();
	await page.getByLabel('Kế hoạch và văn bản — Dễ').fill('1');
	await page.getByRole('button', { name: 'Lưu vòng thi' }).click();
	await expect(page.getByRole('alert')).toContainText('Vòng thi thử chỉ được dùng ngân hàng công khai');
	await expect(page).toHaveURL(/\/admin\/rounds\/new/);
});

// ——— imports of the files organisers really have (issue 13, points 14–17) ———

/** An office spreadsheet: a title row, a blank row, headings the app does not know. */
async function officeSheet(tag: string, heading: string): Promise<string> {
	const wb = new ExcelJS.Workbook();
	const ws = wb.addWorksheet('Đề cương');
	ws.addRow(['NGÂN HÀNG CÂU HỎI CUỘC THI TÌM HIỂU CHÍNH QUYỀN SỐ']);
	ws.mergeCells('A1:G1');
	ws.addRow([]);
	ws.addRow(['STT', heading, 'Phương án 1', 'Phương án 2', 'Phương án 3', 'Phương án 4', 'ĐA đúng']);
	ws.addRow([
		1,
		`Ánh xạ ${tag}: cơ quan nào vận hành Cổng Dịch vụ công quốc gia?`,
		'Văn phòng Chính phủ',
		'Bộ Công an',
		'Bộ Nội vụ',
		'UBND tỉnh',
		'A.'
	]);
	ws.addRow([
		2,
		`Ánh xạ ${tag}: ứng dụng định danh điện tử quốc gia tên là gì?`,
		'Zalo',
		'VNeID',
		'Lotus',
		'Email',
		'Phương án B'
	]);
	const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'bank-e2e-')), `de-cuong-${tag}.xlsx`);
	await wb.xlsx.writeFile(file);
	return file;
}

/** A GIFT file that names no pool, topic or difficulty. */
function giftFile(tag: string): string {
	const text = [
		`::G1:: Mặc định ${tag}: hồ sơ trực tuyến nộp ở đâu? { =Cổng Dịch vụ công ~Bưu điện ~Trụ sở xã }`,
		'',
		`::G2:: Mặc định ${tag}: chữ ký số dùng để làm gì? { =Xác thực văn bản điện tử ~Trang trí ~In ấn }`
	].join('\n');
	const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'bank-e2e-')), `mac-dinh-${tag}.gift`);
	fs.writeFileSync(file, text);
	return file;
}

const SIZES = [
	{ name: 'desktop', viewport: { width: 1280, height: 900 }, heading: 'Câu - máy tính' },
	{ name: 'tablet', viewport: { width: 1024, height: 768 }, heading: 'Câu - máy tính bảng' }
];

for (const size of SIZES) {
	test.describe(`import page at ${size.name} size`, () => {
		test.use({ viewport: size.viewport });

		test('opens with file-level defaults; changing one checks the same file again, with a preview', async ({
			page
		}) => {
			const tag = `${size.name}-${Date.now()}`;
			await signInAsOrganiser(page);
			await page.goto('/admin/bank/import');
			await hydrated(page);
			const pool = page.getByLabel('Ngân hàng (khi tệp không ghi)');
			const topic = page.getByLabel('Chủ đề (khi tệp không ghi)');
			const difficulty = page.getByLabel('Mức độ (khi tệp không ghi)');
			for (const select of [pool, topic, difficulty]) await expect(select).not.toHaveValue('');
			await difficulty.selectOption({ label: 'Dễ' });
			await page.getByLabel('Tệp câu hỏi').setInputFiles(giftFile(tag));
			await page.getByRole('button', { name: 'Kiểm tra tệp' }).click();

			// Accepted on the first try: nothing in the file says pool, topic or difficulty.
			await expect(page.getByText('2 câu hỏi hợp lệ, sẵn sàng nhập')).toBeVisible();
			const preview = page.getByRole('region', { name: /Xem trước 2 câu đầu tiên/ });
			await expect(preview).toContainText(`Mặc định ${tag}: hồ sơ trực tuyến nộp ở đâu?`);
			await expect(preview).toContainText('Cổng Dịch vụ công — đáp án đúng');
			await expect(preview.getByText(/· Dễ$/).first()).toBeVisible();

			// A file-level change reads the same upload again: no new file chosen.
			await difficulty.selectOption({ label: 'Khó' });
			await expect(preview.getByText(/· Khó$/)).toHaveCount(2);
			await expect(page.getByText('2 câu hỏi hợp lệ, sẵn sàng nhập')).toBeVisible();
			await page.screenshot({ path: `test-results/bank-import-defaults-${size.name}.png`, fullPage: true });
			await page.getByRole('button', { name: 'Không nhập' }).click();
			await expect(page.getByText('Đã hủy, không câu hỏi nào được nhập.')).toBeVisible();
		});

		test('maps unknown headings below a title row, and remembers the mapping for the next file', async ({
			page
		}) => {
			const tag = `${size.name}-${Date.now()}`;
			const file = await officeSheet(tag, size.heading);
			await signInAsOrganiser(page);
			await page.goto('/admin/bank/import');
			await hydrated(page);
			await page.getByLabel('Tệp câu hỏi').setInputFiles(file);
			await page.getByRole('button', { name: 'Kiểm tra tệp' }).click();

			const mapping = page.getByRole('form', { name: 'Cột trong tệp' });
			await expect(mapping).toBeVisible();
			await expect(page.getByText('Thiếu cột bắt buộc: Nội dung câu hỏi.')).toBeVisible();
			await expect(page.getByText(/Bỏ qua 1 hàng tiêu đề phía trên; tiêu đề cột ở hàng 3/)).toBeVisible();
			const zero = page.getByText('0 câu hỏi hợp lệ, sẵn sàng nhập');
			await expect(zero).toBeVisible();
			await expect(zero).not.toHaveCSS('color', 'rgb(30, 107, 52)');
			await expect(mapping.getByRole('row', { name: new RegExp(size.heading) })).toContainText(
				`Ánh xạ ${tag}: cơ quan nào vận hành`
			);
			await expect(mapping.getByLabel('Trường cho cột "Phương án 1"')).toHaveValue('A');
			await expect(mapping.getByLabel('Trường cho cột "ĐA đúng"')).toHaveValue('correct');
			await page.screenshot({ path: `test-results/bank-import-mapping-${size.name}.png`, fullPage: true });

			await mapping
				.getByLabel(`Trường cho cột "${size.heading}"`)
				.selectOption({ label: 'Nội dung câu hỏi' });
			await mapping.getByLabel('Trường cho cột "STT"').selectOption({ label: '— Bỏ qua cột này —' });
			await mapping.getByRole('button', { name: 'Áp dụng và kiểm tra lại' }).click();
			await expect(page.getByText('2 câu hỏi hợp lệ, sẵn sàng nhập')).toBeVisible();
			await expect(mapping).toBeHidden();
			const preview = page.getByRole('region', { name: /Xem trước/ });
			await expect(preview).toContainText(`Ánh xạ ${tag}: ứng dụng định danh điện tử quốc gia tên là gì?`);
			await expect(preview).toContainText('VNeID — đáp án đúng');
			await page.getByRole('button', { name: 'Không nhập' }).click();

			// The same headings again: read by themselves, no mapping asked.
			await page.getByRole('link', { name: 'Nhập tệp khác' }).click();
			await page.waitForLoadState('networkidle');
			await page.getByLabel('Tệp câu hỏi').setInputFiles(file);
			await page.getByRole('button', { name: 'Kiểm tra tệp' }).click();
			await expect(page.getByText('2 câu hỏi hợp lệ, sẵn sàng nhập')).toBeVisible();
			await expect(page.getByRole('form', { name: 'Cột trong tệp' })).toHaveCount(0);
			await page.getByRole('button', { name: 'Không nhập' }).click();
		});
	});
}

test('a file checked before another window imported one of its questions: the import checks it again and imports only the new one', async ({
	page
}) => {
	const tag = `trung-${Date.now()}`;
	const pool = `Đề E2E trùng lặp ${tag}`;
	await signInAsOrganiser(page);
	await addSecretPool(page, pool);
	const check = async (p: Page, file: string) => {
		await p.goto('/admin/bank/import');
		await hydrated(p);
		await p.getByLabel('Tệp câu hỏi').setInputFiles(file);
		await p.getByLabel('Ngân hàng (khi tệp không ghi)').selectOption({ label: `${pool} — Bảo mật` });
		await p.getByRole('button', { name: 'Kiểm tra tệp' }).click();
	};
	await check(page, giftFile(tag));
	await expect(page.getByText('2 câu hỏi hợp lệ, sẵn sàng nhập')).toBeVisible();

	// Meanwhile, in another window, a file holding the first of them is imported.
	const other = await page.context().newPage();
	const first = fs.readFileSync(giftFile(tag), 'utf8').split('\n')[0];
	const one = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'bank-e2e-')), `mot-cau-${tag}.gift`);
	fs.writeFileSync(one, first);
	await check(other, one);
	await other.getByRole('button', { name: 'Nhập 1 câu hỏi' }).click();
	await expect(other.getByText('Đã nhập 1 câu hỏi vào ngân hàng.')).toBeVisible();
	await other.close();

	await page.getByRole('button', { name: 'Nhập 2 câu hỏi' }).click();
	await expect(page.getByRole('alert')).toContainText(
		'Từ lúc kiểm tra tệp, ngân hàng đã có thêm 1 câu hỏi trùng với câu trong tệp'
	);
	await expect(page.getByText('1 câu hỏi hợp lệ, sẵn sàng nhập')).toBeVisible();
	await expect(page.getByRole('row', { name: /Câu 1 \(dòng 1\)/ })).toContainText('Trùng với câu hỏi');
	await page.screenshot({ path: 'test-results/bank-import-bank-changed.png', fullPage: true });
	await page.getByRole('button', { name: 'Nhập 1 câu hỏi' }).click();
	await expect(page.getByText('Đã nhập 1 câu hỏi vào ngân hàng.')).toBeVisible();

	await page.goto('/admin/bank');
	await hydrated(page);
	await page.getByLabel('Tìm trong nội dung').fill(`Mặc định ${tag}`);
	await page.getByRole('button', { name: 'Lọc' }).click();
	await expect(page.getByText('2 câu hỏi', { exact: true })).toBeVisible();
});

test('the import page at phone size', async ({ page }) => {
	await page.setViewportSize({ width: 390, height: 844 });
	await signInAsOrganiser(page);
	await page.goto('/admin/bank/import');
	await hydrated(page);
	await page
		.getByLabel('Tệp câu hỏi')
		.setInputFiles(await officeSheet(`phone-${Date.now()}`, 'Câu - điện thoại'));
	await page.getByRole('button', { name: 'Kiểm tra tệp' }).click();
	await expect(page.getByRole('form', { name: 'Cột trong tệp' })).toBeVisible();
	await page.screenshot({ path: 'test-results/bank-import-mapping-phone.png', fullPage: true });
	await page.getByRole('button', { name: 'Không nhập' }).click();
});

test('a change of defaults refused because the import began elsewhere keeps the choices the report shows', async ({
	page,
	baseURL
}) => {
	const tag = `refused-${Date.now()}`;
	const pool = `Ngân hàng E2E ${tag}`;
	await signInAsOrganiser(page);
	// A pool of its own, which no round draws from: the import lands there.
	await page.goto('/admin/bank/setup');
	await hydrated(page);
	await page.getByLabel('Tên ngân hàng').fill(pool);
	await page.getByRole('button', { name: 'Thêm ngân hàng' }).click();
	await expect(page.getByRole('row').filter({ hasText: pool })).toBeVisible();

	await page.goto('/admin/bank/import');
	await hydrated(page);
	const poolSelect = page.getByLabel('Ngân hàng (khi tệp không ghi)');
	const difficulty = page.getByLabel('Mức độ (khi tệp không ghi)');
	await poolSelect.selectOption({ label: `${pool} — Bảo mật` });
	await difficulty.selectOption({ label: 'Dễ' });
	await page.getByLabel('Tệp câu hỏi').setInputFiles(giftFile(tag));
	await page.getByRole('button', { name: 'Kiểm tra tệp' }).click();
	await expect(page.getByText('2 câu hỏi hợp lệ, sẵn sàng nhập')).toBeVisible();
	const id = new URL(page.url()).searchParams.get('id');
	expect(id).toBeTruthy();
	const easy = await difficulty.inputValue();

	// Another window imports it meanwhile.
	const step = await page.request.post(`/api/admin/bank/imports/${id}/commit`, {
		headers: { origin: baseURL! }
	});
	expect(step.status(), await step.text()).toBe(200);

	await difficulty.selectOption({ label: 'Khó' });
	await expect(page.getByRole('alert')).toHaveText(
		'Việc nhập tệp này đã bắt đầu nên không kiểm tra lại được nữa. Muốn đổi lựa chọn, hãy bấm "Không nhập" rồi chọn lại tệp.'
	);
	await expect(difficulty).toHaveValue(easy);
});

test('an import part with a malformed index is refused in the organiser’s language', async ({
	page,
	context,
	baseURL
}) => {
	await signInAsOrganiser(page);
	const put = () =>
		page.request.put(`/api/admin/bank/imports/${randomUUID()}/parts/not-a-number`, {
			headers: { origin: baseURL!, 'content-type': 'application/octet-stream' },
			data: Buffer.from('x')
		});
	const vi = await put();
	expect(vi.status()).toBe(400);
	expect(await vi.json()).toEqual({
		error: { code: 'invalidBody', message: 'Dữ liệu gửi lên không hợp lệ.' }
	});
	await context.addCookies([{ name: 'lang', value: 'en', url: baseURL! }]);
	const en = await put();
	expect(en.status()).toBe(400);
	expect(await en.json()).toEqual({ error: { code: 'invalidBody', message: 'The data sent is not valid.' } });
});
