// A finalist moved to a spare while their seat's tablet is offline with answers unsent (a hall
// walk): when the old tablet's network returns, those answers count on the server, and the
// spare now shows them too. Before, the spare kept what the server held at the move: questions
// the finalist had answered looked blank, and a new choice there silently replaced the counted one.
import { expect, test } from '@playwright/test';
import { registerCandidate } from './support/fixtures';
import {
	answer,
	approveTablet,
	confirmDialog,
	enrolTablet,
	expectTabletReady,
	PROCTOR,
	seatFinalists,
	showEnrolCode,
	signInFinalist,
	staffPage
} from './support/hall';

test.describe.configure({ timeout: 180_000 });

const ROOM = 'room-move-late';
const TABLET = { width: 1024, height: 768 };

test('answers the old tablet delivers after the move show on the spare', async ({
	browser,
	request,
	baseURL
}) => {
	const who = await registerCandidate(request);
	const [{ sbd, pin }] = await seatFinalists({
		room: ROOM,
		name: 'Phòng chuyển máy',
		people: [who],
		durationS: 600,
		opensAt: Date.now() - 3_600_000,
		closesAt: Date.now() + 86_400_000
	});
	const proctor = await staffPage(browser, baseURL!, PROCTOR);
	const code = await showEnrolCode(proctor, ROOM);
	const seat = await enrolTablet(browser, baseURL!, code, 'Máy ghế', TABLET);
	const spareTablet = await enrolTablet(browser, baseURL!, code, 'Máy thay', TABLET);
	await approveTablet(proctor, 'Máy ghế', `${ROOM}-s1`);
	await approveTablet(proctor, 'Máy thay');
	await expectTabletReady(seat.page, 1);
	await expectTabletReady(spareTablet.page, 1);
	const [old, spare] = [seat.page, spareTablet.page];
	await signInFinalist(old, sbd, pin);
	await proctor.getByRole('button', { name: 'Bắt đầu', exact: true }).click();
	await proctor.getByRole('dialog').getByRole('button', { name: 'Bắt đầu ngay' }).click();
	await expect(old.getByRole('heading', { name: /^Câu 1\/30$/ })).toBeVisible({ timeout: 30_000 });
	await answer(old, 1, 1);
	await expect(old.locator('[data-sync]')).toHaveAttribute('data-sync', 'saved', { timeout: 20_000 });

	// The seat's tablet loses the network with two answers unsent; the finalist moves to the spare.
	await seat.context.setOffline(true);
	await answer(old, 2, 0);
	await answer(old, 3, 1);
	const row = proctor.locator('tr[data-seat="Ghế 1"]');
	await row.getByRole('combobox', { name: 'Chọn máy dự phòng' }).selectOption({ label: 'Máy thay' });
	await row.getByRole('button', { name: 'Chuyển sang máy' }).click();
	await confirmDialog(proctor, /^Chuyển sang máy /);
	await spare.getByLabel('Số báo danh').fill(sbd);
	await spare.getByLabel('Mã PIN').fill(pin);
	await spare.getByRole('button', { name: 'Đăng nhập' }).click();
	await expect(spare.getByRole('heading', { name: /^Câu 1\/30$/ })).toBeVisible({ timeout: 15_000 });
	await expect(spare.getByText('Đã trả lời 1/30')).toBeVisible();
	await answer(spare, 4, 2);
	await expect(spare.getByText('Đã trả lời 2/30')).toBeVisible();

	// The old tablet's network returns: its two answers reach the server, and the spare shows them.
	await seat.context.setOffline(false);
	await expect(spare.getByText('Đã trả lời 4/30')).toBeVisible({ timeout: 45_000 });
	await spare.getByRole('button', { name: /^Câu 2\/30:/ }).click();
	await expect(spare.getByRole('radio').nth(0)).toBeChecked();
	await spare.getByRole('button', { name: /^Câu 4\/30:/ }).click();
	await expect(spare.getByRole('radio').nth(2 % (await spare.getByRole('radio').count()))).toBeChecked();
	for (const t of [seat, spareTablet]) await t.context.close();
	await proctor.context().close();
});
