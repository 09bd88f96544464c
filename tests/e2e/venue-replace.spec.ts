// A seat's tablet replaced, through real tablets (each its own browser context) and the real
// console at 1024×768:
// 1. The finalist signed in on tablet T1 before the start; the proctor approves a new tablet T2
//    into the same seat and the finalist signs in on it: T2 takes the seat's finalist over, the
//    exam opens on T2 and its answers are accepted and counted; T1 is told the finalist left it.
// 2. Two spares both labelled "T2": the seat's "move to" list tells them apart by the short id
//    each shows on its own screen, so the proctor moves the finalist to the one in their hand;
//    a tablet approved to the seat afterwards refuses the finalist's sign-in (they are on the
//    spare; answers made there would not count), with a message saying so.
import { expect, test, type Page } from '@playwright/test';
import { registerCandidate, SHARED_DB, withDb } from './support/fixtures';
import {
	confirmDialog,
	PROCTOR,
	answer,
	approveTablet,
	enrolTablet,
	expectTabletReady,
	seatFinalists,
	showEnrolCode,
	signInFinalist,
	signInStaff,
	type Tablet
} from './support/hall';

test.describe.configure({ timeout: 180_000 });
test.use({ viewport: { width: 1024, height: 768 } });

const TABLET = { width: 1024, height: 768 };
const row = (page: Page, seat: string) => page.locator(`tr[data-seat="${seat}"]`);

/** The short id a waiting tablet shows on its own screen ("Mã thiết bị"). */
const shownId = async (t: Tablet) => (await t.page.locator('p.muted code').innerText()).trim();

async function startRoom(proctor: Page) {
	await proctor.getByRole('button', { name: 'Bắt đầu', exact: true }).click();
	await proctor.getByRole('dialog').getByRole('button', { name: 'Bắt đầu ngay' }).click();
	await expect(proctor.getByTestId('start-code')).toHaveText(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/);
}

/** The answers the server holds from a tablet for a finalist's attempt: [seq, counts]. */
function heldFrom(deviceShortId: string, finalistId: string) {
	return withDb(SHARED_DB, async (db) =>
		(
			await db
				.selectFrom('answer_event')
				.innerJoin('finalist', 'finalist.attempt_id', 'answer_event.attempt_id')
				.select(['answer_event.seq', 'answer_event.counts'])
				.where('finalist.id', '=', finalistId)
				.where('answer_event.device_id', 'like', `${deviceShortId}%`)
				.orderBy('answer_event.seq')
				.execute()
		).map((r) => [r.seq, r.counts])
	);
}

test('a tablet approved into a seat whose finalist signed in on the old one serves them, and its answers count', async ({
	page: proctor,
	browser,
	request,
	baseURL
}, testInfo) => {
	const ROOM = 'room-replace';
	const [f] = await seatFinalists({
		room: ROOM,
		name: 'Phòng thay máy',
		people: [await registerCandidate(request)],
		durationS: 900,
		opensAt: Date.now() - 3_600_000,
		closesAt: Date.now() + 86_400_000,
		seatLabels: ['Ghế 1']
	});
	await signInStaff(proctor, PROCTOR);
	const code = await showEnrolCode(proctor, ROOM);
	const t1 = await enrolTablet(browser, baseURL!, code, 'T1', TABLET);
	await approveTablet(proctor, 'T1', `${ROOM}-s1`);
	await expectTabletReady(t1.page, 1);
	await signInFinalist(t1.page, f.sbd, f.pin);

	// T1 "dies": the proctor approves a new tablet into Ghế 1 and the finalist signs in there.
	const t2 = await enrolTablet(browser, baseURL!, code, 'T2', TABLET);
	const t2Id = await shownId(t2);
	await approveTablet(proctor, 'T2', `${ROOM}-s1`, { replaces: 'T1' });
	await expectTabletReady(t2.page, 1);
	await signInFinalist(t2.page, f.sbd, f.pin);

	await startRoom(proctor);
	await expect(t2.page.getByRole('heading', { name: /^Câu 1\/30$/ })).toBeVisible({ timeout: 15_000 });
	await answer(t2.page, 1, 0);
	await answer(t2.page, 2, 1);
	await expect(t2.page.locator('[data-sync]')).toHaveAttribute('data-sync', 'saved', { timeout: 15_000 });
	await expect(t2.page.getByText('Máy chủ từ chối')).toHaveCount(0);
	await t2.page.screenshot({ path: testInfo.outputPath('replaced-tablet-exam-1024.png') });
	// The server holds both answers from T2, and counts them.
	await expect
		.poll(() => heldFrom(t2Id, f.id))
		.toEqual([
			[1, 1],
			[2, 1]
		]);
	// T1, which the finalist left, opens no exam of theirs that would count: it says they moved.
	await expect(t1.page.getByRole('heading', { name: 'Thí sinh đã chuyển sang máy khác' })).toBeVisible({
		timeout: 15_000
	});
	await t1.context.close();
	await t2.context.close();
});

test('two spares with the same label are told apart in the move list; the seat then refuses the moved finalist', async ({
	page: proctor,
	browser,
	request,
	baseURL
}, testInfo) => {
	const ROOM = 'room-same-label';
	const [f] = await seatFinalists({
		room: ROOM,
		name: 'Phòng trùng tên',
		people: [await registerCandidate(request)],
		durationS: 900,
		opensAt: Date.now() - 3_600_000,
		closesAt: Date.now() + 86_400_000,
		seatLabels: ['Ghế 1']
	});
	await signInStaff(proctor, PROCTOR);
	const code = await showEnrolCode(proctor, ROOM);
	const a = await enrolTablet(browser, baseURL!, code, 'Máy A', TABLET);
	await approveTablet(proctor, 'Máy A', `${ROOM}-s1`);
	// Two spares, both named "T2" (approved one after the other: the pending list names each).
	const spares: { t: Tablet; id: string }[] = [];
	for (let i = 0; i < 2; i++) {
		const t = await enrolTablet(browser, baseURL!, code, 'T2', TABLET);
		spares.push({ t, id: await shownId(t) });
		await approveTablet(proctor, 'T2');
	}
	await expectTabletReady(a.page, 1);
	await signInFinalist(a.page, f.sbd, f.pin);
	await startRoom(proctor);
	await expect(a.page.getByRole('heading', { name: /^Câu 1\/30$/ })).toBeVisible({ timeout: 15_000 });
	await answer(a.page, 1, 0);
	await expect(a.page.locator('[data-sync]')).toHaveAttribute('data-sync', 'saved', { timeout: 15_000 });

	// The list names each spare by its label and the id it shows on its screen.
	const select = row(proctor, 'Ghế 1').getByRole('combobox', { name: 'Chọn máy dự phòng' });
	const names = spares.map((s) => `T2 · ${s.id}`);
	await expect
		.poll(async () => (await select.locator('option:not([value=""])').allInnerTexts()).sort())
		.toEqual([...names].sort());
	await select.selectOption({ label: names[1] });
	await row(proctor, 'Ghế 1').scrollIntoViewIfNeeded();
	await proctor.screenshot({ path: testInfo.outputPath('spares-same-label-1024.png') });
	await row(proctor, 'Ghế 1').getByRole('button', { name: 'Chuyển sang máy' }).click();
	await confirmDialog(proctor, /^Chuyển sang máy /);
	const chosen = spares[1].t.page;
	await chosen.getByLabel('Số báo danh').fill(f.sbd);
	await chosen.getByLabel('Mã PIN').fill(f.pin);
	await chosen.getByRole('button', { name: 'Đăng nhập' }).click();
	await expect(chosen.getByRole('heading', { name: /^Câu 1\/30$/ })).toBeVisible({ timeout: 15_000 });

	// A new tablet approved into Ghế 1 now: the finalist is on the spare, so it refuses them.
	const n = await enrolTablet(browser, baseURL!, code, 'Máy mới', TABLET);
	await approveTablet(proctor, 'Máy mới', `${ROOM}-s1`, { replaces: 'A' });
	await expectTabletReady(n.page, 1);
	await n.page.getByLabel('Số báo danh').fill(f.sbd);
	await n.page.getByLabel('Mã PIN').fill(f.pin);
	await n.page.getByRole('button', { name: 'Đăng nhập' }).click();
	await expect(n.page.getByRole('alert')).toHaveText(
		'Máy này không phục vụ thí sinh này: câu trả lời làm trên máy này sẽ không được tính. Vui lòng báo giám thị để được làm bài trên đúng máy.'
	);
	await expect(n.page.getByRole('heading', { name: 'Thí sinh đăng nhập' })).toBeVisible();
	await n.page.screenshot({ path: testInfo.outputPath('sign-in-refused-1024.png') });
	for (const t of [a, n, ...spares.map((s) => s.t)]) await t.context.close();
});
