// Tablets waiting for approval, on a real built server in Chromium: anyone who has seen the
// enrolment code can enrol, so the room takes at most two per seat and 20 more waiting at once
// (here, a room without seats: 20), and the proctor rejects one, or all still waiting; a
// rejected tablet goes back to its enrolment screen and says why. A wrong code is called a
// wrong code, and a waiting tablet does not claim to be a spare.
import { expect, test } from '@playwright/test';
import { PROCTOR, enrolTablet, seatFinalists, showEnrolCode, staffPage } from './support/hall';

test.describe.configure({ timeout: 120_000 });

const ROOM = 'room-reject';

test('the proctor rejects waiting tablets; over the bound an enrolment is refused', async ({
	browser,
	baseURL,
	request
}) => {
	await seatFinalists({ room: ROOM, name: 'Phòng từ chối', people: [], durationS: 600 });
	const proctor = await staffPage(browser, baseURL!, PROCTOR);
	const code = await showEnrolCode(proctor, ROOM);

	// A wrong code is refused as one.
	const stray = await browser.newContext({ baseURL, locale: 'vi-VN' });
	const strayPage = await stray.newPage();
	await strayPage.goto('/venue');
	await strayPage.getByLabel('Mã đăng ký').fill('T1');
	await strayPage.getByRole('button', { name: 'Đăng ký thiết bị' }).click();
	await expect(strayPage.getByRole('alert')).toHaveText('Mã đăng ký thiết bị không đúng hoặc đã hết hạn.');
	// The keyboard is back on the code to correct, which the refusal describes.
	await expect(strayPage.getByLabel('Mã đăng ký')).toBeFocused();
	await expect(strayPage.getByLabel('Mã đăng ký')).toHaveAccessibleDescription(
		'Mã đăng ký thiết bị không đúng hoặc đã hết hạn.'
	);
	await stray.close();

	const real = await enrolTablet(browser, baseURL!, code, 'Máy thật');
	await expect(real.page.getByTestId('seat')).toHaveText('chưa xếp (chờ giám thị duyệt)');
	const intruder = await enrolTablet(browser, baseURL!, code, 'Máy lạ');

	// Each waiting tablet's controls are named with it; the keyboard rejects one and lands on the next.
	await expect(
		proctor.getByRole('button', { name: 'Duyệt và xếp vào: Máy thật', exact: true })
	).toBeVisible();
	await proctor.getByRole('button', { name: 'Từ chối: Máy lạ' }).focus();
	await proctor.keyboard.press('Enter');
	await expect(proctor.getByRole('listitem').filter({ hasText: 'Máy lạ' })).toHaveCount(0);
	await expect(proctor.getByRole('combobox', { name: 'Ghế: Máy thật', exact: true })).toBeFocused();
	await expect(intruder.page.getByRole('heading', { name: 'Đăng ký thiết bị vào phòng thi' })).toBeVisible();
	await expect(intruder.page.getByRole('alert')).toContainText('Giám thị đã từ chối thiết bị này');
	await expect(real.page.getByRole('heading', { name: /Đang chờ giám thị duyệt/ })).toBeVisible();

	// Someone with the code enrols as many as the room takes (20 waiting, the real one among
	// them), then one more.
	for (let i = 0; i < 19; i++) {
		const res = await request.post('/api/venue/enrol', {
			data: { code, deviceId: `flood-${i}`, label: `Ghế ${i + 1} — máy chính thức` }
		});
		expect(res.status(), await res.text()).toBe(201);
	}
	const over = await request.post('/api/venue/enrol', {
		data: { code, deviceId: 'flood-over', label: 'x' }
	});
	expect(over.status()).toBe(429);
	expect((await over.json()).error.message).toBe(
		'Phòng thi đang có quá nhiều thiết bị chờ duyệt. Nhờ giám thị duyệt hoặc từ chối bớt rồi thử lại.'
	);

	// The proctor rejects every tablet still waiting, the real one too, which enrols again.
	await expect(proctor.getByRole('button', { name: 'Từ chối tất cả (20)' })).toBeVisible();
	await proctor.getByRole('button', { name: 'Từ chối tất cả (20)' }).click();
	await proctor
		.getByRole('dialog', { name: 'Từ chối cả 20 thiết bị đang chờ duyệt?' })
		.getByRole('button', { name: 'Từ chối cả 20 thiết bị' })
		.click();
	await expect(proctor.getByRole('heading', { name: 'Thiết bị chờ duyệt' })).toHaveCount(0);
	await expect(real.page.getByRole('alert')).toContainText('Giám thị đã từ chối thiết bị này');
	await real.page.getByLabel('Mã đăng ký').fill(code);
	await real.page.getByRole('button', { name: 'Đăng ký thiết bị' }).click();
	await expect(real.page.getByRole('heading', { name: /Đang chờ giám thị duyệt/ })).toBeVisible();
	await expect(proctor.getByRole('listitem').filter({ hasText: 'Máy thật' })).toHaveCount(1);

	await real.context.close();
	await intruder.context.close();
	await proctor.context().close();
});
