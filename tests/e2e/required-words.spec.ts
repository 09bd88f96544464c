// A required field left empty is named in the page's language, not the browser's: this Chromium
// speaks English ("Please fill out this field."), the sign-in page Vietnamese. The words expected
// are the catalogue's as a reader sees them, typed here. Once the field is filled the form goes.
import { expect, test, type Page } from '@playwright/test';
import { hydrated } from './support/fixtures';

const said = (page: Page, name: string) =>
	page.locator(`input[name="${name}"]`).evaluate((el) => (el as HTMLInputElement).validationMessage);

test('an empty required field is named in Vietnamese on a Vietnamese page, in English on an English one', async ({
	browser,
	baseURL
}) => {
	const context = await browser.newContext({ baseURL, locale: 'en-US' });
	const page = await context.newPage();
	await page.goto('/login');
	await hydrated(page);
	await page.getByRole('button', { name: 'Đăng nhập', exact: true }).click();
	expect(await said(page, 'login')).toBe('Vui lòng nhập thông tin này.');
	// Typed in, the field is no longer held; the one still empty is.
	await page.locator('input[name="login"]').fill('0912000001');
	expect(await said(page, 'login')).toBe('');
	await page.getByRole('button', { name: 'Đăng nhập', exact: true }).click();
	expect(await said(page, 'password')).toBe('Vui lòng nhập thông tin này.');
	await page.locator('input[name="password"]').fill('x');
	expect(await page.locator('form.narrow').evaluate((f) => (f as HTMLFormElement).checkValidity())).toBe(
		true
	);

	await context.addCookies([{ name: 'lang', value: 'en', url: baseURL! }]);
	await page.goto('/login');
	await hydrated(page);
	await page.getByRole('button', { name: 'Sign in', exact: true }).click();
	expect(await said(page, 'login')).toBe('Please fill this in.');
	await context.close();
});
