// Results in Chromium against the built server: candidates take a round through the API,
// the organiser reads the ranking and the charts, downloads both exports, finalises and
// publishes; the public page shows no private data and no name without consent.
import fs from 'node:fs';
import ExcelJS from 'exceljs';
import { expect, test } from '@playwright/test';
import { createRound, hydrated, SHARED_DB } from './support/fixtures';
import { closeRound, signInOrganiser, takeRound, type Entrant } from './support/results-round';

const stamp = String(Date.now()).slice(-5);
const entrants: Entrant[] = [
	{
		name: 'Nguyễn Thị Kết Quả',
		nationalId: `082193${stamp}1`,
		phone: `03871${stamp}`.slice(0, 10),
		birthDate: '1993-04-05',
		publishName: true,
		right: 28
	},
	{
		name: 'Trần Văn Bí Mật',
		nationalId: `082094${stamp}2`,
		phone: `03872${stamp}`.slice(0, 10),
		birthDate: '1994-06-07',
		publishName: false,
		right: 25
	},
	{
		name: 'Lê Hoàng Công Khai',
		nationalId: `082095${stamp}3`,
		phone: `03873${stamp}`.slice(0, 10),
		birthDate: '1995-08-09',
		publishName: true,
		right: 20
	}
];

let roundId = '';

test.beforeAll(async ({ playwright, baseURL }) => {
	roundId = await createRound(SHARED_DB, {
		durationS: 900,
		tiebreak: true,
		name: `Vòng loại kết quả ${stamp}`
	});
	for (const who of entrants) {
		const request = await playwright.request.newContext({ baseURL });
		await takeRound(request, roundId, who);
		await request.dispose();
	}
});

test('the organiser reads the ranking and the charts, and downloads both exports', async ({ page }) => {
	await signInOrganiser(page);
	await page.getByRole('link', { name: 'Kết quả, đơn vị và giải thưởng' }).click();
	await page
		.getByRole('link', { name: `Vòng loại kết quả ${stamp}` })
		.first()
		.click();
	await expect(page.getByRole('heading', { level: 1 })).toContainText('Kết quả cá nhân');
	const table = page.getByTestId('individual-results');
	await expect(table.locator('tbody tr')).toHaveCount(3);
	await expect(table.locator('tbody tr').nth(0)).toContainText('Nguyễn Thị Kết Quả');
	await expect(table.locator('tbody tr').nth(0)).toContainText('28/30');
	await expect(table.locator('tbody tr').nth(1)).toContainText('Trần Văn Bí Mật');
	await expect(table.locator('tbody tr').nth(2)).toContainText('20/30');

	// Search without tone marks finds the name.
	await page.getByLabel('Tìm theo họ tên, số điện thoại hoặc số định danh').fill('cong khai');
	await page.getByRole('button', { name: 'Lọc' }).click();
	await expect(table.locator('tbody tr')).toHaveCount(1);
	await expect(table).toContainText('Lê Hoàng Công Khai');
	// A search past the box's length (written into the address) is cut to it, not dropped: dropped,
	// it listed everyone as a match.
	const search = page.getByLabel('Tìm theo họ tên, số điện thoại hoặc số định danh');
	await expect(search).toHaveAttribute('maxlength', '100');
	const long = new URL(page.url());
	long.searchParams.set('q', 'x'.repeat(3000));
	await page.goto(long.toString());
	await expect(search).toHaveValue('x'.repeat(100));
	await expect(table.locator('tbody tr')).toHaveCount(0);
	await page.goBack();
	await expect(search).toHaveValue('cong khai');
	await expect(table.locator('tbody tr')).toHaveCount(1);

	// The dispute view of an attempt: every event, counted.
	await table.getByRole('link', { name: /Chi tiết bài/ }).click();
	await expect(page.getByTestId('dispute-events').locator('tbody tr')).toHaveCount(30);
	await expect(page.getByTestId('dispute-score')).toHaveText('20/30');

	await page.getByRole('link', { name: 'Thống kê' }).click();
	for (const id of ['chart-distribution', 'chart-days', 'chart-units', 'chart-questions']) {
		await expect(page.getByTestId(id).locator('svg').first()).toBeVisible();
		const heights = await page
			.getByTestId(id)
			.locator('svg rect')
			.evaluateAll((rs) => rs.map((r) => r.getBoundingClientRect().height));
		expect(
			heights.some((h) => h > 0),
			id
		).toBe(true);
	}
	await expect(page.getByTestId('stat-participants')).toHaveText('3');
	await expect(page.getByTestId('chart-distribution').getByRole('img')).toHaveAttribute(
		'aria-label',
		/0 đến 30/
	);

	await page.getByRole('link', { name: 'Cá nhân' }).click();
	const [xlsx] = await Promise.all([
		page.waitForEvent('download'),
		page.getByRole('link', { name: 'Kết quả cá nhân (.xlsx)' }).click()
	]);
	const wb = new ExcelJS.Workbook();
	await wb.xlsx.load(fs.readFileSync(await xlsx.path()) as unknown as ArrayBuffer);
	const sheet = wb.worksheets[0];
	const headers = (sheet.getRow(1).values as unknown[]).slice(1);
	expect(headers.slice(0, 7)).toEqual([
		'Hạng',
		'Họ và tên',
		'Ngày sinh',
		'Số CCCD',
		'Đơn vị',
		'Số điện thoại',
		'Địa chỉ'
	]);
	const col = (name: string) => headers.indexOf(name) + 1;
	expect([2, 3, 4].map((r) => sheet.getRow(r).getCell(col('Họ và tên')).value)).toEqual(
		entrants.map((e) => e.name)
	);
	// The organiser checks identity against the CCCD and writes to the address: both as
	// registered, the CCCD as text with its leading 0.
	expect([2, 3, 4].map((r) => sheet.getRow(r).getCell(col('Số CCCD')).value)).toEqual(
		entrants.map((e) => e.nationalId)
	);
	expect([2, 3, 4].map((r) => sheet.getRow(r).getCell(col('Địa chỉ')).value)).toEqual(
		entrants.map(() => 'Mỹ Tho')
	);
	expect([2, 3, 4].map((r) => sheet.getRow(r).getCell(col('Điểm')).value)).toEqual([28, 25, 20]);

	const [csv] = await Promise.all([
		page.waitForEvent('download'),
		page.getByRole('link', { name: 'Kết quả cá nhân (.csv)' }).click()
	]);
	const bytes = fs.readFileSync(await csv.path());
	expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
	const text = bytes.toString('utf8');
	expect(text).toContain('Nguyễn Thị Kết Quả');
	expect(text.split('\r\n')[1].split(',').slice(0, 2)).toEqual(['1', 'Nguyễn Thị Kết Quả']);

	const [units] = await Promise.all([
		page.waitForEvent('download'),
		page.getByRole('link', { name: 'Bảng đơn vị (.xlsx)' }).click()
	]);
	const uwb = new ExcelJS.Workbook();
	await uwb.xlsx.load(fs.readFileSync(await units.path()) as unknown as ArrayBuffer);
	const rows: unknown[] = [];
	uwb.worksheets[0].eachRow((row) => rows.push(row.getCell(2).value));
	expect(rows).toContain('Thành phố Mỹ Tho');
});

test('the charts fit a phone screen', async ({ page }) => {
	await page.setViewportSize({ width: 390, height: 844 });
	await signInOrganiser(page);
	await page.goto(`/admin/results/${roundId}/stats`);
	await expect(page.getByTestId('chart-units').locator('svg').first()).toBeVisible();
	const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
	expect(overflow).toBeLessThanOrEqual(0);
	const box = await page.getByTestId('chart-distribution').locator('svg').boundingBox();
	expect(box!.width).toBeLessThanOrEqual(390);
	expect(box!.width).toBeGreaterThan(250);
});

test('finalised and published, the public page shows no private data and no name without consent', async ({
	page,
	browser
}) => {
	await signInOrganiser(page);
	await page.goto(`/admin/results/${roundId}`);
	// Open: the button cannot be pressed, and says why (issue 13.12).
	const finalise = page.getByRole('button', { name: 'Chốt điểm vòng thi' });
	await expect(finalise).toBeDisabled();
	await expect(page.getByTestId('finalise-blocked')).toContainText('Chưa thể chốt điểm');
	await expect(page.getByTestId('finalise-blocked')).toContainText('Vòng thi vẫn đang mở (đóng lúc');
	await expect(finalise).toHaveAccessibleDescription(/Vòng thi vẫn đang mở/);
	// The server refuses a request made anyway, with the same sentence.
	const forced = await page.request.post(`/admin/results/${roundId}?/finalise`, {
		form: { confirm: 'yes' },
		headers: { origin: new URL(page.url()).origin, 'x-sveltekit-action': 'true' }
	});
	const answer = await forced.json();
	expect(answer).toMatchObject({ type: 'failure', status: 409 });
	expect(answer.data).toContain('Vòng thi vẫn đang mở');
	await closeRound(roundId);
	await page.reload();
	await expect(page.getByTestId('finalise-blocked')).toHaveCount(0);
	await expect(finalise).toBeEnabled();
	await page.getByLabel('Tôi hiểu rằng việc chốt điểm không thể hoàn tác').check();
	await page.getByRole('button', { name: 'Chốt điểm vòng thi' }).click();
	await expect(page.getByText(/Đã chốt điểm lúc/)).toBeVisible();
	await page.getByRole('button', { name: 'Công bố kết quả' }).click();
	await expect(page.getByRole('link', { name: 'Xem trang kết quả công khai' })).toBeVisible();
	// Published, the prizes stand: the settings say so before a save is tried, not after.
	await page.goto(`/admin/results/${roundId}/settings`);
	const save = page.getByRole('button', { name: 'Lưu' });
	await expect(save).toBeDisabled();
	await expect(save).toHaveAccessibleDescription(/hãy thôi công bố trước khi đổi giải thưởng/);
	await expect(page.getByRole('spinbutton').first()).toBeDisabled();

	const visitor = await browser.newContext();
	const pub = await visitor.newPage();
	const response = await pub.goto(`/results/${roundId}`);
	expect(response!.status()).toBe(200);
	await expect(pub.getByTestId('public-results').locator('tbody tr')).toHaveCount(3);
	await expect(pub.getByTestId('public-results')).toContainText('T. V. B. M.');
	for (const text of [await response!.text(), await pub.content()]) {
		for (const who of entrants) {
			expect(text).not.toContain(who.nationalId);
			expect(text).not.toContain(who.phone);
			expect(text).not.toContain(who.birthDate);
			expect(text.includes(who.name)).toBe(who.publishName);
		}
		expect(text).not.toContain('Bí Mật');
	}
	// A name published without consent cannot be found by searching for it, nor a phone.
	for (const q of ['Trần Văn Bí Mật', 'tran van bi mat', entrants[0].phone]) {
		await pub.goto(`/results/${roundId}?q=${encodeURIComponent(q)}`);
		await expect(pub.getByText('Tìm thấy 0 thí sinh')).toBeVisible();
		await expect(pub.getByTestId('public-results')).toHaveCount(0);
	}
	await visitor.close();
});

test('published: a phone sees rank, score and prize on cards, the unit ranking, and a candidate looks up only their own result', async ({
	browser
}) => {
	const visitor = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'vi-VN' });
	const pub = await visitor.newPage();
	await pub.goto('/');
	// A tap on the menu before hydration does nothing (as foundation.spec's showInMenu knows).
	await hydrated(pub);
	await pub.getByRole('button', { name: /Danh mục/ }).click();
	await pub
		.getByRole('navigation', { name: 'Điều hướng chính' })
		.getByRole('link', { name: 'Kết quả' })
		.click();
	await pub.getByRole('link', { name: `Vòng loại kết quả ${stamp}` }).click();
	const cards = pub.getByTestId('public-cards').locator('li');
	await expect(cards).toHaveCount(3);
	// The winner (28 right: hand count above) is first, with the first prize in view on the phone.
	await expect(cards.first()).toContainText('Nguyễn Thị Kết Quả');
	const prize = cards.first().getByText('Giải Nhất', { exact: true });
	await prize.scrollIntoViewIfNeeded();
	await expect(prize).toBeInViewport({ ratio: 1 });
	const width = await pub.evaluate(() => document.documentElement.scrollWidth);
	expect(width).toBeLessThanOrEqual(390);
	// The collective ranking is published with the round: all three entrants are from Mỹ Tho.
	const units = pub.getByTestId('public-units');
	await expect(units.locator('tbody tr')).toHaveCount(1);
	await expect(units).toContainText('Mỹ Tho');
	await expect(units).toContainText('Giải Nhất tập thể');
	await pub.screenshot({ path: '.e2e-data/shots/results-phone.png', fullPage: true });

	// Look-up by phone and year of birth: the candidate's own rank and score, nobody else's.
	await pub.goto('/results/tra-cuu');
	const me = entrants[1];
	await pub.getByLabel('Số báo danh hoặc số điện thoại').fill(me.phone);
	await pub.getByLabel('Năm sinh').fill(me.birthDate.slice(0, 4));
	await pub.getByRole('button', { name: 'Tra cứu' }).click();
	const found = pub.getByTestId('lookup-result');
	await expect(found).toContainText(`Điểm: ${me.right}/30`);
	await expect(found).toContainText('Xếp hạng: 2/3');
	const html = await pub.content();
	for (const other of [entrants[0], entrants[2]]) {
		expect(html).not.toContain(other.name);
		expect(html).not.toContain(`${other.right}/30`);
	}
	// A wrong year of birth finds nothing; repeated tries are refused.
	await pub.getByLabel('Năm sinh').fill('1980');
	await pub.getByRole('button', { name: 'Tra cứu' }).click();
	await expect(pub.getByRole('alert')).toHaveText('Không tìm thấy kết quả khớp với thông tin đã nhập.');
	for (let i = 0; i < 4; i++) {
		await Promise.all([
			pub.waitForResponse((r) => r.url().includes('/results/tra-cuu') && r.request().method() === 'POST'),
			pub.getByRole('button', { name: 'Tra cứu' }).click()
		]);
	}
	// The wait is counted from the first of the five tries, under ten minutes ago.
	await expect(pub.getByRole('alert')).toHaveText(
		/^Bạn đã tra cứu quá nhiều lần\. Vui lòng thử lại sau (10|[1-9]) phút\.$/
	);
	await visitor.close();
});
