// A waiting tablet approved into a seat that has a tablet takes that one out of service: the
// finalist there goes on on the new one, and what the old one answers after does not count. A
// slip in the seat list must not do that on one tap: the console asks first, naming the seat, the
// tablet there and its finalist; Hủy and Escape leave everything as it was. Into a free seat the
// tablet is approved at once. Real tablets (each its own browser context), the real console.
import { expect, test, type Page, type Request } from '@playwright/test';
import { registerCandidate } from './support/fixtures';
import {
	PROCTOR,
	enrolTablet,
	expectTabletReady,
	seatFinalists,
	showEnrolCode,
	signInFinalist,
	signInStaff
} from './support/hall';

test.describe.configure({ timeout: 180_000 });
test.use({ viewport: { width: 1024, height: 768 } });

const ROOM = 'room-approve-occupied';
const TABLET = { width: 1024, height: 768 };
const row = (page: Page, seat: string) => page.locator(`tr[data-seat="${seat}"]`);
/** The seat row's tablet cell. */
const seatTablet = (page: Page, seat: string) => row(page, seat).locator('td').nth(1);

test('approving into an occupied seat asks first; Hủy and Escape keep the seat, confirming replaces its tablet', async ({
	page: proctor,
	browser,
	request,
	baseURL
}, testInfo) => {
	const [f1] = await seatFinalists({
		room: ROOM,
		name: 'Phòng duyệt vào ghế có máy',
		people: [await registerCandidate(request), await registerCandidate(request)],
		durationS: 900,
		opensAt: Date.now() - 3_600_000,
		closesAt: Date.now() + 86_400_000,
		seatLabels: ['Ghế 1', 'Ghế 2']
	});
	await signInStaff(proctor, PROCTOR);
	const code = await showEnrolCode(proctor, ROOM);
	const pending = proctor.locator('.pending li');

	// Ghế 1 has no tablet: T1 is approved into it on one tap, no dialog.
	const t1 = await enrolTablet(browser, baseURL!, code, 'T1', TABLET);
	const item1 = pending.filter({ hasText: 'T1' });
	await item1.getByRole('combobox', { name: 'Ghế: T1', exact: true }).selectOption(`${ROOM}-s1`);
	await item1.getByRole('button', { name: 'Duyệt và xếp vào: T1', exact: true }).click();
	await expect(item1).toHaveCount(0);
	await expect(proctor.locator('dialog[open]')).toHaveCount(0);
	await expect(seatTablet(proctor, 'Ghế 1')).toContainText('T1');
	await expectTabletReady(t1.page, 2);
	await signInFinalist(t1.page, f1.sbd, f1.pin);

	// From here on, every approval the console sends.
	const approvals: string[] = [];
	const isApproval = (r: Request) =>
		r.method() === 'POST' &&
		new URL(r.url()).pathname === `/api/proctor/rooms/${ROOM}/actions` &&
		(r.postDataJSON() as { action?: string } | null)?.action === 'approve';
	proctor.on('request', (r) => {
		if (isApproval(r)) approvals.push(r.postData() ?? '');
	});
	/** The console's next poll of the grid has answered: the seat rows show the server's state. */
	const nextPoll = () =>
		proctor.waitForResponse(
			(r) => new URL(r.url()).pathname === `/api/proctor/rooms/${ROOM}` && r.request().method() === 'GET'
		);

	// T2 waits; the proctor picks Ghế 1 for it, where T1 serves the signed-in finalist.
	const t2 = await enrolTablet(browser, baseURL!, code, 'T2', TABLET);
	const item2 = pending.filter({ hasText: 'T2' });
	const select2 = item2.getByRole('combobox', { name: 'Ghế: T2', exact: true });
	const approve2 = item2.getByRole('button', { name: 'Duyệt và xếp vào: T2', exact: true });
	await select2.selectOption(`${ROOM}-s1`);
	await approve2.click();
	const dialog = proctor.getByRole('dialog', { name: 'Xếp máy T2 vào Ghế 1 thay máy T1?' });
	await expect(dialog).toBeVisible();
	await expect(dialog.getByRole('paragraph')).toHaveText(
		`Máy T1 đang phục vụ thí sinh SBD ${f1.sbd} ở Ghế 1. Sau khi duyệt, máy T1 rời ghế: câu trả lời làm trên máy đó từ lúc này sẽ không được tính. Thí sinh làm bài tiếp trên máy T2 với các câu trả lời máy chủ đã nhận. Không thể hoàn tác.`
	);
	await expect(dialog).toHaveAccessibleDescription(/^Máy T1 đang phục vụ thí sinh SBD/);
	// What cannot be undone is not what Enter does first.
	await expect(dialog.getByRole('button', { name: 'Hủy' })).toBeFocused();
	await expect(dialog.getByRole('button', { name: 'Duyệt, thay máy T1', exact: true })).toBeVisible();
	await proctor.screenshot({ path: testInfo.outputPath('approve-occupied-dialog-1024.png') });

	// Hủy: nothing sent, T2 still waits with Ghế 1 chosen, T1 still at Ghế 1.
	let poll = nextPoll();
	await dialog.getByRole('button', { name: 'Hủy' }).click();
	await expect(dialog).toBeHidden();
	await expect(approve2).toBeFocused();
	await poll;
	await expect(item2).toHaveCount(1);
	await expect(select2).toHaveValue(`${ROOM}-s1`);
	await expect(seatTablet(proctor, 'Ghế 1')).toContainText('T1');
	await expect(seatTablet(proctor, 'Ghế 1')).not.toContainText('T2');
	expect(approvals).toEqual([]);

	// Escape: the same.
	await approve2.press('Enter');
	await expect(dialog).toBeVisible();
	poll = nextPoll();
	await proctor.keyboard.press('Escape');
	await expect(dialog).toBeHidden();
	await expect(approve2).toBeFocused();
	await poll;
	await expect(item2).toHaveCount(1);
	await expect(seatTablet(proctor, 'Ghế 1')).toContainText('T1');
	expect(approvals).toEqual([]);

	// On a phone the dialog fits and its buttons stay large.
	await proctor.setViewportSize({ width: 390, height: 844 });
	await approve2.click();
	await expect(dialog).toBeVisible();
	for (const name of ['Hủy', 'Duyệt, thay máy T1']) {
		const box = await dialog.getByRole('button', { name, exact: true }).boundingBox();
		expect(box!.height).toBeGreaterThanOrEqual(44);
		expect(box!.x).toBeGreaterThanOrEqual(0);
		expect(box!.x + box!.width).toBeLessThanOrEqual(390);
	}
	await proctor.screenshot({ path: testInfo.outputPath('approve-occupied-dialog-390.png') });
	await proctor.keyboard.press('Escape');
	await expect(dialog).toBeHidden();
	await proctor.setViewportSize(TABLET);

	// Confirmed: T2 takes Ghế 1 and its finalist; T1 leaves the seat (a spare now).
	await approve2.click();
	await dialog.getByRole('button', { name: 'Duyệt, thay máy T1', exact: true }).click();
	await expect(dialog).toBeHidden();
	await expect(item2).toHaveCount(0);
	expect(approvals).toHaveLength(1);
	expect(JSON.parse(approvals[0])).toMatchObject({ action: 'approve', seatId: `${ROOM}-s1` });
	await expect(seatTablet(proctor, 'Ghế 1')).toContainText('T2');
	await expect(seatTablet(proctor, 'Ghế 1')).not.toContainText('T1');
	const t1Row = proctor
		.getByRole('row')
		.filter({ has: proctor.getByRole('rowheader', { name: 'T1', exact: true }) });
	await expect(t1Row.getByRole('cell').first()).toHaveText('Máy dự phòng');
	// No tablet is left waiting: the focus goes to the enrolment section's heading, as after any approval.
	await expect(proctor.getByRole('heading', { name: 'Mã đăng ký thiết bị' })).toBeFocused();
	// The finalist signs in on T2, which serves them now.
	await expectTabletReady(t2.page, 2);
	await signInFinalist(t2.page, f1.sbd, f1.pin);
	for (const t of [t1, t2]) await t.context.close();
});
