// Prizes, tickets and the stats chart in Chromium against the built server (issue 13, points
// 9, 11, 12): an empty round ranks no unit; the organiser's minimum of participants moves the
// collective prize, and the rule is written on the page; admission tickets carry who, when and
// where; the per-day chart's axis counts in whole numbers; a held final is not "Chưa mở".
import { expect, test, type Page } from '@playwright/test';
import { createRound, hydrated, registerCandidate, signIn, SHARED_DB, withDb } from './support/fixtures';
import { admitToFinal, removeFinalist } from './support/hall';
import { closeRound, signInOrganiser, takeRound, type Entrant } from './support/results-round';

const stamp = String(Date.now()).slice(-5);
// Hand count: Mỹ Tho sends two (22 and 20 right: average 21), Cái Bè one (28 right).
const entrants: Entrant[] = [
	{
		name: 'Đặng Văn Giải',
		nationalId: `082090${stamp}4`,
		phone: `03874${stamp}`.slice(0, 10),
		birthDate: '1990-01-02',
		publishName: true,
		right: 22,
		unitId: 'my-tho'
	},
	{
		name: 'Huỳnh Thị Giải',
		nationalId: `082191${stamp}5`,
		phone: `03875${stamp}`.slice(0, 10),
		birthDate: '1991-03-04',
		publishName: true,
		right: 20,
		unitId: 'my-tho'
	},
	{
		name: 'Mai Văn Giải',
		nationalId: `082092${stamp}6`,
		phone: `03876${stamp}`.slice(0, 10),
		birthDate: '1992-05-06',
		publishName: true,
		right: 28,
		unitId: 'cai-be'
	}
];
const TOP_UNITS = 22; // the demo province's districts, towns, city and departments

let roundId = '';
let emptyId = '';

test.beforeAll(async ({ playwright, baseURL }) => {
	roundId = await createRound(SHARED_DB, { durationS: 900, name: `Vòng giải thưởng ${stamp}` });
	emptyId = await createRound(SHARED_DB, { durationS: 900, name: `Vòng không ai thi ${stamp}` });
	for (const who of entrants) {
		const request = await playwright.request.newContext({ baseURL });
		await takeRound(request, roundId, who);
		await request.dispose();
	}
});

const unitRows = (page: Page) => page.getByTestId('unit-results').locator('tbody tr');
const rowOf = (page: Page, unit: string) => unitRows(page).filter({ hasText: unit });

test('a round nobody took part in ranks no unit and gives no collective prize', async ({ page }) => {
	await closeRound(emptyId);
	await signInOrganiser(page);
	await page.goto(`/admin/results/${emptyId}`);
	await page.getByLabel('Tôi hiểu rằng việc chốt điểm không thể hoàn tác').check();
	await page.getByRole('button', { name: 'Chốt điểm vòng thi' }).click();
	await expect(page.getByText(/Đã chốt điểm lúc/)).toBeVisible();
	await page.getByRole('link', { name: 'Đơn vị', exact: true }).click();
	await expect(unitRows(page)).toHaveCount(TOP_UNITS);
	await expect(unitRows(page).filter({ hasText: 'Không xếp hạng' })).toHaveCount(TOP_UNITS);
	await expect(page.getByTestId('unit-results')).not.toContainText('tập thể');
	await expect(page.getByTestId('unit-min-rule')).toHaveText(
		/Đơn vị không có người tham gia không được xếp hạng và không được xét giải tập thể; các đơn vị này ở cuối bảng/
	);
});

test('the minimum of participants decides who is ranked, and the page says so', async ({ page }) => {
	await page.setViewportSize({ width: 1024, height: 768 });
	await signInOrganiser(page);
	// Rank by average score, and keep it for the prizes.
	await page.goto(`/admin/results/${roundId}/units?rule=average`);
	await page.getByRole('button', { name: 'Dùng cách xếp hạng này cho giải tập thể' }).click();
	await expect(page.locator('.notice')).toHaveText('Đã lưu cách xếp hạng đơn vị.');

	// One participant is enough (the default): Cái Bè's 28 beats Mỹ Tho's average of 21.
	await expect(rowOf(page, 'Huyện Cái Bè')).toContainText('Giải Nhất tập thể');
	await expect(rowOf(page, 'Huyện Cái Bè').locator('td').first()).toHaveText('1');
	await expect(rowOf(page, 'Thành phố Mỹ Tho')).toContainText('Giải Nhì tập thể');
	await expect(unitRows(page).filter({ hasText: 'Không xếp hạng' })).toHaveCount(TOP_UNITS - 2);

	// The organiser asks for at least two participants.
	await page.getByRole('link', { name: 'Đổi số người tối thiểu' }).click();
	const min = page.getByLabel('Số người tham gia tối thiểu để đơn vị được xếp hạng và xét giải tập thể');
	await expect(min).toHaveValue('1');
	await min.fill('2');
	await page.getByRole('button', { name: 'Lưu', exact: true }).click();
	await expect(page.locator('.notice')).toHaveText('Đã lưu số giải.');
	await expect(min).toHaveValue('2');

	await page.getByRole('link', { name: 'Đơn vị', exact: true }).click();
	await expect(page.getByTestId('unit-min-rule')).toContainText(
		'Đơn vị có dưới 2 người tham gia không được xếp hạng và không được xét giải tập thể'
	);
	await expect(rowOf(page, 'Thành phố Mỹ Tho')).toContainText('Giải Nhất tập thể');
	await expect(rowOf(page, 'Thành phố Mỹ Tho').locator('td').first()).toHaveText('1');
	await expect(rowOf(page, 'Huyện Cái Bè')).toContainText('Không xếp hạng');
	await expect(rowOf(page, 'Huyện Cái Bè')).not.toContainText('tập thể');
	await expect(unitRows(page).filter({ hasText: 'tập thể' })).toHaveCount(1);
	await page.screenshot({ path: '.e2e-data/shots/prizes-units-tablet.png', fullPage: true });
	await page.setViewportSize({ width: 390, height: 844 });
	await page.screenshot({ path: '.e2e-data/shots/prizes-units-phone.png', fullPage: true });
});

test('the per-day chart counts in whole numbers and one day is one column', async ({ page }) => {
	await signInOrganiser(page);
	await page.goto(`/admin/results/${roundId}/stats`);
	const days = page.getByTestId('chart-days');
	await expect(days.locator('svg').first()).toBeVisible();
	// Three participants today (hand count): grid lines 0, 1, 2, 3, each once.
	await expect(days.locator('svg text.tick')).toHaveText(['0', '1', '2', '3']);
	const svg = (await days.locator('svg').first().boundingBox())!;
	const bar = (await days.locator('svg rect.bar').boundingBox())!;
	expect(bar.width).toBeLessThan(svg.width / 5);
	expect(bar.height).toBeGreaterThan(0);
	// Scores 20, 22 and 28, once each: the distribution's axis is 0, 1 (it read 0, 1, 1 at 0.5 steps).
	await expect(page.getByTestId('chart-distribution').locator('svg text.tick')).toHaveText(['0', '1']);
	await days.scrollIntoViewIfNeeded();
	await page.screenshot({ path: '.e2e-data/shots/prizes-chart.png', fullPage: true });
});

test('admission tickets: the organiser prints and the finalist sees date, time, address and birth date', async ({
	page,
	browser,
	request
}) => {
	const who = await registerCandidate(request);
	const sbd = `TV${stamp}`;
	const address = `Hội trường UBND tỉnh, số ${stamp} đường Hùng Vương, Mỹ Tho`;
	await admitToFinal({ login: who.login, sbd, pin: '735190' });
	const final = await withDb(SHARED_DB, (db) =>
		db.selectFrom('round').select('opens_at').where('id', '=', 'final').executeTakeFirstOrThrow()
	);
	const vn = new Date(final.opens_at + 7 * 3600_000);
	const two = (n: number) => String(n).padStart(2, '0');
	const date = `${two(vn.getUTCDate())}/${two(vn.getUTCMonth() + 1)}/${vn.getUTCFullYear()}`;
	const time = `${two(vn.getUTCHours())}:${two(vn.getUTCMinutes())}`;
	// registerCandidate's birth date, 1991-05-05, as the identity card writes it.
	const birth = '05/05/1991';
	try {
		await signInOrganiser(page);
		// The venue's address, as the organiser writes it on the public pages' editor.
		await page.goto('/admin/pages');
		// Typed before hydration, the text area is drawn again with the stored text, and the
		// save stores that (the ticket then read "Sẽ thông báo" once in a full run).
		await hydrated(page);
		const venue = page.locator('section').filter({ has: page.locator('#b-dia-diem') });
		await venue.locator('#b-dia-diem').fill(address);
		await venue.getByRole('button').click();
		await expect(venue.getByRole('status')).toBeVisible();
		await expect(venue.locator('#b-dia-diem')).toHaveValue(address);

		await page.setViewportSize({ width: 1024, height: 768 });
		await page.goto('/admin/venue/tickets');
		const printed = page.locator(`[data-testid="ticket"][data-sbd="${sbd}"]`);
		await expect(printed.getByTestId('ticket-sbd')).toHaveText(sbd);
		await expect(printed.getByTestId('ticket-name')).toHaveText(who.name);
		await expect(printed.getByTestId('ticket-birth')).toHaveText(birth);
		await expect(printed.getByTestId('ticket-date')).toHaveText(date);
		await expect(printed.getByTestId('ticket-time')).toHaveText(time);
		await expect(printed.getByTestId('ticket-address')).toHaveText(address);
		await expect(printed.getByTestId('ticket-pin')).toHaveText('735190');
		await printed.scrollIntoViewIfNeeded();
		await page.screenshot({ path: '.e2e-data/shots/prizes-tickets-desktop.png' });
		await page.emulateMedia({ media: 'print' });
		await page.setViewportSize({ width: 794, height: 1123 }); // A4 at 96 dpi
		await printed.scrollIntoViewIfNeeded();
		const box = (await printed.boundingBox())!;
		expect(box.width).toBeLessThan(794 / 2); // two tickets across the sheet
		await page.screenshot({ path: '.e2e-data/shots/prizes-tickets-print.png' });

		const phone = await browser.newContext({ viewport: { width: 390, height: 844 } });
		const mine = await phone.newPage();
		await signIn(mine, who.login, who.password);
		const ticket = mine.getByTestId('ticket');
		await expect(ticket.getByTestId('ticket-name')).toHaveText(who.name);
		await expect(ticket.getByTestId('ticket-birth')).toHaveText(birth);
		await expect(ticket.getByTestId('ticket-date')).toHaveText(date);
		await expect(ticket.getByTestId('ticket-time')).toHaveText(time);
		await expect(ticket.getByTestId('ticket-address')).toHaveText(address);
		await expect(ticket).toContainText('đối chiếu họ tên và ngày sinh');
		await expect(ticket).not.toContainText('735190');
		const overflow = await mine.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
		expect(overflow).toBeLessThanOrEqual(0);
		await ticket.scrollIntoViewIfNeeded();
		await ticket.screenshot({ path: '.e2e-data/shots/prizes-ticket-phone.png' });
		await phone.close();
	} finally {
		await removeFinalist(sbd);
	}
});

test('a final held before its window reads as held, not "Chưa mở"', async ({ page }) => {
	const roomId = `room-held-${stamp}`;
	await withDb(SHARED_DB, async (db) => {
		await db
			.insertInto('room')
			.values({ id: roomId, round_id: 'final', name: 'Phòng đã thi', settings: '{}' })
			.execute();
		await db
			.insertInto('venue_room')
			.values({
				room_id: roomId,
				status: 'locked',
				enrol_code: null,
				enrol_expires_at: null,
				start_code: 'x',
				paper_key: 'x',
				code_key: 'x',
				wrapped_key: '{}',
				max_late_ms: 600_000,
				prepared_at: Date.now() - 7200_000,
				started_at: Date.now() - 3600_000,
				locked_at: Date.now() - 600_000,
				finalised_at: null
			})
			.execute();
	});
	try {
		await signInOrganiser(page);
		await page.goto('/admin/results');
		const final = page
			.getByRole('listitem')
			.filter({ has: page.getByRole('heading', { name: 'Vòng chung kết', exact: true }) });
		await expect(final).toContainText('Đã đóng, chưa chốt');
		await expect(final).not.toContainText('Chưa mở');
	} finally {
		await withDb(SHARED_DB, async (db) => {
			await db.deleteFrom('venue_room').where('room_id', '=', roomId).execute();
			await db.deleteFrom('room').where('id', '=', roomId).execute();
		});
	}
});
