// The exclusion list in the browser: the organiser reaches it from the admin navigation, pastes a
// committee's list (a bad line refuses it whole, named in Vietnamese), corrects and sends it, sees
// who is listed with their account; a listed candidate's start of the qualifying round is then
// refused with the catalogue's sentence, and nothing is started.
import { expect, test } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { hydrated, registerCandidate, signIn } from './support/fixtures';
import { ORGANISER, signInStaff } from './support/hall';

test('the organiser pastes a list, and a listed candidate cannot start the qualifying round', async ({
	browser,
	request
}) => {
	const judge = await registerCandidate(request);
	const spaced = judge.nationalId.replace(/(\d{3})(\d{3})(\d{3})(\d{3})/, '$1 $2 $3 $4');

	const organiser = await browser.newContext({ locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
	const page = await organiser.newPage();
	await signInStaff(page, ORGANISER);
	await page.goto('/admin/pages');
	await page
		.getByRole('navigation', { name: 'Quản lý' })
		.getByRole('link', { name: 'Danh sách không được dự thi' })
		.click();
	await expect(page).toHaveURL(/\/admin\/exclusions$/);
	await hydrated(page);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Danh sách không được dự thi');

	const many = page.locator('section', { has: page.getByRole('heading', { name: 'Thêm nhiều người' }) });
	const list = many.getByLabel('Danh sách, mỗi dòng một người');
	const send = many.getByRole('button', { name: 'Thêm cả danh sách' });
	await list.fill(`${spaced}\tThành viên Ban Giám khảo\n08208800012, Tổ giúp việc\n082088000123 Tổ thư ký`);
	await send.click();
	const refused = many.getByRole('alert');
	await expect(refused).toContainText('Chưa thêm ai: 2 dòng chưa đúng.');
	await expect(refused).toContainText('Dòng 2: Số định danh «08208800012» chỉ có 11 chữ số');
	await expect(refused).toContainText('Dòng 3: Thiếu dấu phẩy (hoặc Tab) giữa số định danh và lý do.');
	await expect(list).toHaveAttribute('aria-invalid', 'true');
	const table = page.getByRole('table');
	await expect(table).not.toContainText(judge.nationalId);
	const axe = await new AxeBuilder({ page }).analyze();
	expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')).toEqual([]);

	await list.fill(`${spaced}\tThành viên Ban Giám khảo\n082088000120, Tổ giúp việc\n082088000123, Tổ thư ký`);
	await send.click();
	await expect(many.getByRole('status')).toHaveText('Đã thêm 3 người vào danh sách.');
	const row = table.getByRole('row', { name: new RegExp(judge.nationalId) });
	await expect(row).toContainText('Thành viên Ban Giám khảo');
	await expect(row).toContainText(judge.name);
	await expect(row).toContainText(judge.login); // the phone, to call them
	await expect(table.getByRole('row', { name: /082088000120/ })).toContainText('Chưa đăng ký');
	await organiser.close();

	const candidate = await browser.newContext({ locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
	const home = await candidate.newPage();
	await signIn(home, judge.login, judge.password);
	await hydrated(home);
	await home.locator('button[data-round="qualifying"]').click();
	await home.getByRole('dialog').getByRole('button', { name: 'Tôi đồng ý, bắt đầu' }).click();
	await expect(home.getByRole('alert')).toHaveText(
		/^Tài khoản này thuộc danh sách không được dự thi .*phần thi thử vẫn mở\./
	);
	await expect(home).toHaveURL(/\/dashboard$/);
	await candidate.close();
});
