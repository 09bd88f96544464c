// The organiser's dashboard reads as sentences from the catalogue: the contest's labelled line,
// each round named once, and the recent log saying who did what, never a raw action key.
import { expect, test } from '@playwright/test';
import { registerCandidate } from './support/fixtures';
import { ORGANISER, signInStaff } from './support/hall';

test('the recent log says who did what, in Vietnamese and English; the contest and rounds are labelled', async ({
	page,
	request
}) => {
	const who = await registerCandidate(request);
	await page.setViewportSize({ width: 1280, height: 900 });
	await signInStaff(page, ORGANISER);

	const log = page
		.locator('section, ul')
		.filter({ has: page.locator('time') })
		.last();
	const entry = log.locator('li', { hasText: who.name });
	await expect(entry).toContainText(`${who.name} (Thí sinh): đăng ký tài khoản dự thi`);
	await expect(page.getByText('candidate.register')).toHaveCount(0);
	// The demo contest starts on a date and has a minimum age: both said, with their labels.
	await expect(page.getByText(/Ngày bắt đầu: \d{2}\/\d{2}\/\d{4} · Tuổi tối thiểu: \d+/)).toBeVisible();
	// A round whose name is its kind is not named twice.
	await expect(page.getByRole('cell', { name: 'Thi thử (Thi thử)' })).toHaveCount(0);
	await expect(page.getByRole('cell', { name: 'Thi thử', exact: true })).toBeVisible();
	await page.screenshot({ path: '.e2e-data/shots/admin-dashboard-vi.png', fullPage: true });

	await page.getByRole('link', { name: 'Switch to English' }).click();
	await expect(entry).toContainText(`${who.name} (Candidate): registered a candidate account`);
	await expect(page.getByText(/Starts on: \d{2}\/\d{2}\/\d{4} · Minimum age: \d+/)).toBeVisible();
	await expect(page.getByRole('cell', { name: 'Thi thử (Practice)' })).toBeVisible();
	await page.getByRole('link', { name: 'Chuyển sang tiếng Việt' }).click();
	await expect(page.locator('html')).toHaveAttribute('lang', 'vi');
});
