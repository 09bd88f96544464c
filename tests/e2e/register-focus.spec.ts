// Registration refused: the focus goes to the first field to fix in the form's order, the gender
// radios and the guardian's consent included, each marked aria-invalid (the radios as their
// group); every refusal sits at its own field (a birth date too far back at the birth date, a
// missing guardian phone at the guardian's phone, asking for it). Nothing here is stored: each
// form is refused on its fields.
import { expect, test, type Page } from '@playwright/test';
import { hydrated } from './support/fixtures';

const FIX = 'Vui lòng sửa các ô được đánh dấu.';

/** A date `years` years and a month before today, YYYY-MM-DD (a 13-year-old is 13 whatever the day). */
function yearsAgo(years: number): string {
	const d = new Date();
	d.setMonth(d.getMonth() - 1);
	d.setFullYear(d.getFullYear() - years);
	return d.toISOString().slice(0, 10);
}

interface Form {
	birthDate: string;
	gender: 'Nam' | 'Nữ' | null;
	nationalId: string;
	address: string;
	guardian?: { name: string; phone: string; consent: boolean };
}

const adult: Form = {
	birthDate: '1990-05-05',
	gender: 'Nam',
	// 082 (Tiền Giang), 0 (a man born in the 1900s), 90: matches the birth date and gender.
	nationalId: '082090007731',
	address: 'Phường 5, Mỹ Tho'
};

/** Opens the form, fills it as `form` says (a field given empty is left empty) and sends it. */
async function send(page: Page, form: Form) {
	await page.goto('/register');
	// The form answers through script: a tap before hydration would send it the old way.
	await hydrated(page);
	await page.getByLabel('Họ và tên').fill('Võ Văn Tiêu Điểm');
	await page.getByLabel('Ngày sinh').fill(form.birthDate);
	if (form.gender) await page.getByLabel(form.gender, { exact: true }).check();
	await page.getByLabel('Số định danh cá nhân').fill(form.nationalId);
	await page.getByLabel('Số điện thoại di động').fill('0966007731');
	await page.getByLabel('Địa chỉ', { exact: true }).fill(form.address);
	await page.getByLabel('Đơn vị').selectOption('my-tho');
	await page.getByLabel(/^Mật khẩu/).fill('TieuDiem2026');
	if (form.guardian) {
		await page.getByLabel('Họ tên người giám hộ').fill(form.guardian.name);
		await page.getByLabel('Số điện thoại người giám hộ').fill(form.guardian.phone);
		if (form.guardian.consent) await page.getByLabel(/Người giám hộ đồng ý/).check();
	}
	const submit = page.getByRole('button', { name: 'Đăng ký', exact: true });
	await submit.scrollIntoViewIfNeeded();
	await submit.click();
	await expect(page.getByRole('alert').first()).toHaveText(FIX);
}

/** The gender's radios, marked as their group: ARIA puts aria-invalid on the radiogroup, not on a radio. */
const genderGroup = (page: Page) => page.getByRole('radiogroup', { name: 'Giới tính' });

test('only the gender missing: the focus is on its first radio, the group marked', async ({ page }) => {
	await send(page, { ...adult, gender: null });
	const group = genderGroup(page);
	await expect(group).toHaveAttribute('aria-invalid', 'true');
	await expect(group).toHaveAccessibleDescription('Vui lòng chọn giới tính.');
	await expect(group.getByRole('radio')).toHaveCount(3);
	await expect(page.getByLabel('Nam', { exact: true })).toBeFocused();
	await expect(page.getByRole('alert').first()).not.toBeFocused();
	// Nothing else is marked.
	await expect(page.locator('[aria-invalid="true"]')).toHaveCount(1);
});

test('gender and address missing: the focus is on the gender, which comes first', async ({ page }) => {
	await send(page, { ...adult, gender: null, address: '' });
	await expect(page.getByLabel('Địa chỉ', { exact: true })).toHaveAttribute('aria-invalid', 'true');
	await expect(genderGroup(page)).toHaveAttribute('aria-invalid', 'true');
	await expect(page.getByLabel('Nam', { exact: true })).toBeFocused();
	await expect(page.getByLabel('Địa chỉ', { exact: true })).not.toBeFocused();
});

test("a young candidate without the guardian's consent: the focus is on the consent box", async ({
	page
}) => {
	const birthDate = yearsAgo(13);
	// 2 is a man born in the 2000s; then the year's last two digits.
	const nationalId = `0822${birthDate.slice(2, 4)}007732`;
	await send(page, {
		...adult,
		birthDate,
		nationalId,
		guardian: { name: 'Võ Thị Mẹ', phone: '0966007739', consent: false }
	});
	const consent = page.getByLabel(/Người giám hộ đồng ý/);
	await expect(consent).toHaveAttribute('aria-invalid', 'true');
	await expect(consent).toHaveAccessibleDescription('Cần sự đồng ý của người giám hộ.');
	await expect(consent).toBeFocused();
	await expect(page.locator('[aria-invalid="true"]')).toHaveCount(1);
});

test("a young candidate without the guardian's phone is asked for it, at that field", async ({ page }) => {
	const birthDate = yearsAgo(13);
	await send(page, {
		...adult,
		birthDate,
		nationalId: `0822${birthDate.slice(2, 4)}007733`,
		guardian: { name: 'Võ Thị Mẹ', phone: '', consent: true }
	});
	const phone = page.getByLabel('Số điện thoại người giám hộ');
	await expect(phone).toHaveAttribute('aria-invalid', 'true');
	await expect(phone).toHaveAccessibleDescription('Vui lòng nhập số điện thoại của người giám hộ.');
	await expect(phone).toBeFocused();
	await expect(page.getByText('Thí sinh dưới 16 tuổi cần thông tin người giám hộ.')).toHaveCount(0);
});

test('born in 1899: the refusal is at the birth date, not at the national id', async ({ page }) => {
	await send(page, { ...adult, birthDate: '1899-05-05', nationalId: '082099007734' });
	const birth = page.getByLabel('Ngày sinh');
	await expect(birth).toHaveAttribute('aria-invalid', 'true');
	await expect(birth).toHaveAccessibleDescription(
		'Theo ngày sinh này, thí sinh đã hơn 100 tuổi. Vui lòng kiểm tra lại ngày sinh.'
	);
	await expect(birth).toBeFocused();
	await expect(page.getByLabel('Số định danh cá nhân')).not.toHaveAttribute('aria-invalid', 'true');
});
