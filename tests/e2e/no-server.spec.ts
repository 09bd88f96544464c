// A server that answers without its JSON error body (a proxy's 502 page, a server being
// restarted) is said in Vietnamese from the catalogue on every screen that meets it, never as
// "HTTP 502". The proxy is played by page.route; the service worker is kept out so every
// request of the page goes through the route.
import { expect, test, type Page } from '@playwright/test';
import { createRound, hydrated, registerCandidate, SHARED_DB, signIn } from './support/fixtures';
import { ORGANISER, signInStaff } from './support/hall';

test.use({ serviceWorkers: 'block', viewport: { width: 390, height: 844 } });

const NO_SERVER = 'Không nhận được phản hồi hợp lệ từ máy chủ. Vui lòng thử lại.';
const PROXY_PAGE =
	'<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1></body></html>';

/** Answers `url` (for `method` only) as a proxy does when the server behind it is down. */
async function badGateway(page: Page, url: string, method: string) {
	await page.route(url, (route) =>
		route.request().method() === method
			? route.fulfill({ status: 502, contentType: 'text/html', body: PROXY_PAGE })
			: route.fallback()
	);
}

async function signInCandidate(page: Page) {
	const who = await registerCandidate(page.request);
	await signIn(page, who.login, who.password);
	await hydrated(page);
}

test('starting an attempt through a proxy 502 says the server gave no valid answer', async ({
	page
}, info) => {
	const roundId = await createRound(SHARED_DB, { durationS: 900, name: 'Vòng máy chủ không trả lời' });
	await signInCandidate(page);
	await badGateway(page, `**/api/rounds/${roundId}/attempts`, 'POST');
	await page.locator(`button[data-round="${roundId}"]`).click();
	await page.getByRole('dialog').getByRole('button', { name: 'Tôi đồng ý, bắt đầu' }).click();

	await expect(page.getByRole('alert').filter({ hasText: NO_SERVER })).toBeVisible();
	await expect(page.getByText('HTTP 502')).toHaveCount(0);
	await expect(page).toHaveURL(/\/dashboard$/);
	await page
		.getByRole('alert')
		.filter({ hasText: NO_SERVER })
		.evaluate((e) => e.scrollIntoView({ block: 'center' }));
	await page.screenshot({ path: info.outputPath('start-no-server-390.png') });
});

test('the practice page without a bank on the device says so when the proxy answers 502', async ({
	page
}) => {
	await signInCandidate(page);
	await badGateway(page, '**/api/rounds/practice/bank', 'GET');
	await page.goto('/practice/practice');
	await hydrated(page);

	await expect(page.getByRole('alert')).toHaveText(NO_SERVER);
	await expect(page.getByText('HTTP 502')).toHaveCount(0);
});

test('a practice exam whose recording meets a proxy 502 says the answers stay on the device', async ({
	page
}, info) => {
	await signInCandidate(page);
	await page.goto('/practice/practice');
	await hydrated(page);
	await expect(page.getByText(/Đã lưu 40 câu hỏi ôn tập trên thiết bị/)).toBeVisible();
	// The paper drawn on the device is recorded with the server before its answers are sent.
	await badGateway(page, '**/api/rounds/practice/attempts', 'POST');
	await page.getByRole('button', { name: 'Bắt đầu một lượt thi thử' }).click();
	await expect(page.getByRole('heading', { name: /^Câu 1\/30$/ })).toBeVisible();
	const option = page.getByRole('radio').first();
	await option.click();
	await expect(option).toBeChecked();

	const sync = page.locator('[data-sync]');
	await expect(sync).toHaveAttribute('data-sync', 'problem');
	await expect(sync).toHaveText(
		'Chưa gửi được câu trả lời vì không nhận được phản hồi hợp lệ từ máy chủ. Các câu trả lời vẫn được lưu trên máy này.'
	);
	await expect(page.getByText('HTTP 502')).toHaveCount(0);
	await page.screenshot({ path: info.outputPath('exam-sync-no-server-390.png') });
});

test('a tablet enrolling through a proxy 502 says the server gave no valid answer', async ({ page }) => {
	await badGateway(page, '**/api/venue/enrol', 'POST');
	await page.goto('/venue');
	await hydrated(page);
	await page.getByLabel('Mã đăng ký (giám thị cung cấp)').fill('ABC123');
	await page.getByLabel('Tên thiết bị (ví dụ: 05)').fill('05');
	await page.getByRole('button', { name: 'Đăng ký thiết bị' }).click();

	await expect(page.getByRole('alert')).toHaveText(NO_SERVER);
	await expect(page.getByText('HTTP 502')).toHaveCount(0);
	await expect(page.getByRole('heading', { name: 'Đăng ký thiết bị vào phòng thi' })).toBeVisible();
});

test('an organiser importing questions through a proxy 502 is told the server gave no valid answer', async ({
	page
}) => {
	await signInStaff(page, ORGANISER);
	await page.goto('/admin/bank/import');
	await hydrated(page);
	await badGateway(page, '**/api/admin/bank/imports', 'POST');
	await page.getByLabel('Tệp câu hỏi').setInputFiles({
		name: 'cau-hoi.gift',
		mimeType: 'text/plain',
		buffer: Buffer.from('::Q1:: Thủ đô của Việt Nam? {=Hà Nội ~Huế ~Đà Nẵng}\n')
	});
	await page.getByRole('button', { name: 'Kiểm tra tệp' }).click();

	await expect(page.getByRole('alert').filter({ hasText: NO_SERVER })).toBeVisible();
	await expect(page.getByText('HTTP 502')).toHaveCount(0);
});
