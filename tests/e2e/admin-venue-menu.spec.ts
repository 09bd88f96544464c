// On a phone, the site's menu (☰ Danh mục) folds with Escape, as a disclosure does, and focus goes
// back to its button: it stayed open (aria-expanded true). Met on the final's page.
import { expect, test } from '@playwright/test';
import { hydrated } from './support/fixtures';
import { ORGANISER, signInStaff } from './support/hall';

test.use({ viewport: { width: 390, height: 844 } });

test('Escape folds the phone menu and gives focus back to its button', async ({ page }) => {
	await signInStaff(page, ORGANISER);
	await page.goto('/admin/venue');
	await hydrated(page);
	const toggle = page.getByRole('button', { name: /Danh mục/ });
	const menu = page.locator('#site-menu');
	await toggle.click();
	await expect(toggle).toHaveAttribute('aria-expanded', 'true');
	await expect(menu.getByRole('link', { name: 'Ban tổ chức' })).toBeVisible();

	// From a link inside the menu.
	await menu.getByRole('link', { name: 'Ban tổ chức' }).focus();
	await page.keyboard.press('Escape');
	await expect(toggle).toHaveAttribute('aria-expanded', 'false');
	await expect(menu).toBeHidden();
	await expect(toggle).toBeFocused();

	// From the button itself, opened with the keyboard.
	await page.keyboard.press('Enter');
	await expect(toggle).toHaveAttribute('aria-expanded', 'true');
	await page.keyboard.press('Escape');
	await expect(toggle).toHaveAttribute('aria-expanded', 'false');
	await expect(toggle).toBeFocused();
	await page.screenshot({ path: '.e2e-data/shots/admin-venue-menu-390.png' });
});
