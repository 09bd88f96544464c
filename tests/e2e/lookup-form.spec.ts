// The public result look-up refuses an incomplete form in the catalogue's words, field by field,
// and takes the focus to the first field to fix (as registration does), not the browser's bubble.
import { expect, test } from '@playwright/test';
import { hydrated } from './support/fixtures';

test('an empty or malformed look-up is refused by field, the first bad one focused', async ({ page }) => {
	await page.setViewportSize({ width: 390, height: 844 });
	await page.goto('/results/tra-cuu');
	await hydrated(page);
	const key = page.getByLabel('Số báo danh hoặc số điện thoại');
	const year = page.getByLabel('Năm sinh');
	await page.getByRole('button', { name: 'Tra cứu' }).click();
	await expect(key).toHaveAttribute('aria-invalid', 'true');
	await expect(year).toHaveAttribute('aria-invalid', 'true');
	await expect(key).toHaveAccessibleDescription('Vui lòng nhập thông tin này.');
	await expect(year).toHaveAccessibleDescription('Vui lòng nhập thông tin này.');
	await expect(key).toBeFocused();
	await page.screenshot({ path: '.e2e-data/shots/lookup-empty-phone.png' });

	await key.fill('0912000001');
	await year.fill('19');
	await page.getByRole('button', { name: 'Tra cứu' }).click();
	await expect(year).toHaveAccessibleDescription('Năm sinh gồm 4 chữ số, ví dụ 1990.');
	await expect(key).not.toHaveAttribute('aria-invalid', 'true');
	await expect(year).toBeFocused();
});
