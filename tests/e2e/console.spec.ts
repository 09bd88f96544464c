// The proctor's console at tablet size must never mislead (issue 13, points 1, 2, 3 and 5).
// Tablets are simulated through the venue's HTTP API (enrol, heartbeat, events), as the
// sync engine uses it; the console is the real page in Chromium at 1024×768.
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { hydrated, phoneContext, registerCandidate, signIn, SHARED_DB, withDb } from './support/fixtures';
import { ORGANISER, PROCTOR, seatFinalists, showEnrolCode, signInStaff } from './support/hall';
import { chainEvent, type AnswerEvent } from '../../src/lib/exam/events';
import type { Paper } from '../../src/lib/exam/paper';

test.describe.configure({ mode: 'serial', timeout: 180_000 });
test.use({ viewport: { width: 1024, height: 768 } });

const ROOM = 'room-console';
const SEATS = ['Ghế 1', 'Ghế 2', 'Ghế 3', 'Ghế 4'];
const READY = { appCached: true, papersCached: 4, clockOffsetMs: 12, persisted: true, freeBytes: 2e9 };

interface Finalist {
	id: string;
	sbd: string;
	seat: string;
	attemptId: string;
	paper: Paper;
}

/** A tablet as the venue's HTTP API sees it: enrolled, heartbeating, sending its answer log. */
class SimTablet {
	token = '';
	deviceId = '';
	events: AnswerEvent[] = [];
	sent = 0;
	beating = false;
	report: Record<string, unknown> = {};
	#loop: Promise<void> | null = null;
	constructor(
		readonly request: APIRequestContext,
		readonly label: string
	) {}
	async enrol(code: string) {
		const res = await this.request.post('/api/venue/enrol', {
			data: {
				code,
				deviceId: `sim-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`,
				label: this.label
			}
		});
		expect(res.status(), await res.text()).toBe(201);
		const body = (await res.json()) as { deviceId: string; token: string };
		[this.deviceId, this.token] = [body.deviceId, body.token];
	}
	async beat(extra: Record<string, unknown> = {}) {
		const res = await this.request.post('/api/venue/heartbeat', {
			headers: { authorization: `Bearer ${this.token}` },
			data: { ...this.report, ...extra }
		});
		expect(res.status(), await res.text()).toBe(200);
	}
	/** Heartbeats every half second, as a tablet in the hall does, until stopped. */
	start() {
		this.beating = true;
		this.#loop = (async () => {
			while (this.beating) {
				await this.beat();
				await new Promise((r) => setTimeout(r, 500));
			}
		})();
	}
	async stop() {
		this.beating = false;
		await this.#loop;
	}
	async answer(f: Finalist, q: number, option: number, elapsedMs: number) {
		const prev = this.events.at(-1)?.hash ?? f.attemptId;
		const question = f.paper.questions[q];
		this.events.push(
			await chainEvent(prev, {
				seq: this.events.length + 1,
				questionId: question.id,
				choice: question.options[option % question.options.length].id,
				at: Date.now(),
				elapsedMs
			})
		);
	}
	/** Sends what is unsent; returns the server's acknowledgement. */
	async flush(f: Finalist) {
		const res = await this.request.post(`/api/attempts/${f.attemptId}/events`, {
			headers: { authorization: `Bearer ${this.token}` },
			data: { deviceId: this.deviceId, events: this.events.slice(this.sent) }
		});
		expect(res.status(), await res.text()).toBe(200);
		this.sent = this.events.length;
	}
	reportFor(f: Finalist) {
		this.report = {
			readiness: READY,
			unsent: this.events.length - this.sent,
			lastSeqs: { [f.attemptId]: this.events.length }
		};
	}
}

const row = (page: Page, seat: string) => page.locator(`tr[data-seat="${seat}"]`);

test('Bắt đầu asks and lists who is not ready; refused outside the window; absent, offline, answered, codes, lock, safe to wipe', async ({
	page: proctor,
	request,
	baseURL,
	browser
}, testInfo) => {
	const people: Awaited<ReturnType<typeof registerCandidate>>[] = [];
	for (let i = 0; i < 4; i++) people.push(await registerCandidate(request));
	// A room of four seats; the final's window two months away, as the demo seeds it.
	const finalists = (
		await seatFinalists({
			room: ROOM,
			name: 'Phòng bảng điều khiển',
			people,
			durationS: 600,
			opensAt: Date.now() + 60 * 86_400_000,
			closesAt: Date.now() + 61 * 86_400_000,
			seatLabels: SEATS
		})
	).map((f, i) => ({ id: f.id, sbd: f.sbd, seat: SEATS[i] }));

	await signInStaff(proctor, PROCTOR);
	const code = await showEnrolCode(proctor, ROOM);
	// Attempts exist once the console has prepared the room.
	const withPapers: Finalist[] = await withDb(SHARED_DB, async (db) =>
		Promise.all(
			finalists.map(async (f) => {
				const r = await db
					.selectFrom('finalist')
					.innerJoin('attempt_paper', 'attempt_paper.attempt_id', 'finalist.attempt_id')
					.select(['attempt_paper.attempt_id as id', 'attempt_paper.paper'])
					.where('finalist.id', '=', f.id)
					.executeTakeFirstOrThrow();
				return { ...f, attemptId: r.id, paper: JSON.parse(r.paper) as Paper };
			})
		)
	);
	const [f1, f2, , f4] = withPapers;

	// Ghế 1 and Ghế 4: ready tablets, finalists signed in. Ghế 3: a tablet that is not ready, and
	// its finalist never comes. Ghế 2: no tablet at all.
	const t1 = new SimTablet(request, 'Máy A');
	const t3 = new SimTablet(request, 'Máy C');
	const t4 = new SimTablet(request, 'Máy D');
	for (const [t, seat] of [
		[t1, `${ROOM}-s1`],
		[t3, `${ROOM}-s3`],
		[t4, `${ROOM}-s4`]
	] as const) {
		await t.enrol(code);
		const item = proctor.locator('.pending li').filter({ hasText: t.label });
		await item.getByRole('combobox').selectOption(seat);
		await item.getByRole('button', { name: 'Duyệt và xếp vào' }).click();
		await expect(item).toHaveCount(0);
	}
	t1.reportFor(f1);
	t4.reportFor(f4);
	t3.report = { readiness: { ...READY, appCached: false }, unsent: 0, lastSeqs: {} };
	await t1.beat({ signedIn: { finalistId: f1.id, at: Date.now() } });
	await t4.beat({ signedIn: { finalistId: f4.id, at: Date.now() } });
	for (const t of [t1, t3, t4]) t.start();
	await expect(row(proctor, 'Ghế 1').getByTestId('net')).toHaveAttribute('data-online', 'true');
	await expect(row(proctor, 'Ghế 3').getByTestId('net')).toHaveAttribute('data-online', 'true');
	// The legend says what the readiness marks mean.
	await expect(proctor.getByText('✔ sẵn sàng: ứng dụng và đề thi đã lưu trên máy')).toBeVisible();
	await expect(proctor.getByText('⚠ trình duyệt chưa cam kết giữ dữ liệu')).toBeVisible();
	// The marks say it in words too, to a screen reader (which would read out "check mark").
	const words = (seat: string) => row(proctor, seat).getByTestId('ready-marks').locator('.visually-hidden');
	await expect(words('Ghế 1')).toHaveText('sẵn sàng');
	await expect(words('Ghế 3')).toHaveText('chưa sẵn sàng');

	// 3. Bắt đầu asks first and lists who is not ready; Hủy starts nothing.
	await proctor.getByRole('button', { name: 'Bắt đầu', exact: true }).click();
	const dialog = proctor.getByRole('dialog', { name: 'Bắt đầu bài thi?' });
	await expect(dialog).toBeVisible();
	const notReady = dialog.getByTestId('not-ready').getByRole('listitem');
	await expect(notReady).toHaveText([`Ghế 2 — ${f2.sbd}: chưa có máy`, `Ghế 3 — máy C: chưa sẵn sàng`]);
	await expect(dialog.getByTestId('outside-window')).toContainText('Ngoài thời gian của vòng thi');
	await proctor.screenshot({ path: testInfo.outputPath('start-dialog-1024.png') });
	await dialog.getByRole('button', { name: 'Hủy' }).click();
	await expect(dialog).toBeHidden();
	await expect(proctor.getByTestId('room-status')).toHaveText('Chuẩn bị');
	// Confirmed outside the round's window: the server refuses, and says the organiser can move it.
	await proctor.getByRole('button', { name: 'Bắt đầu', exact: true }).click();
	await dialog.getByRole('button', { name: 'Bắt đầu ngay' }).click();
	await expect(proctor.getByTestId('refused')).toContainText('Ngoài thời gian của vòng thi');
	await expect(proctor.getByTestId('refused')).toContainText('Ban tổ chức có thể đổi thời gian');
	await expect(proctor.getByTestId('room-status')).toHaveText('Chuẩn bị');
	expect(
		await withDb(SHARED_DB, (db) =>
			db.selectFrom('venue_room').select('started_at').where('room_id', '=', ROOM).executeTakeFirstOrThrow()
		)
	).toEqual({ started_at: null });

	// The organiser moves the window (as on the round's page); now the start goes through.
	await withDb(SHARED_DB, (db) =>
		db
			.updateTable('round')
			.set({ opens_at: Date.now() - 3_600_000, closes_at: Date.now() + 86_400_000 })
			.where('id', '=', 'final')
			.execute()
	);
	await proctor.getByRole('button', { name: 'Bắt đầu', exact: true }).click();
	await expect(dialog.getByTestId('outside-window')).toHaveCount(0);
	await dialog.getByRole('button', { name: 'Bắt đầu ngay' }).click();
	await expect(proctor.getByTestId('start-code')).toBeVisible();
	await expect(proctor.getByTestId('room-status')).toHaveText('Đang thi');

	// 2. Ghế 3's finalist never signed in: absent, in the list and on the map; not "Đang làm bài".
	await expect(row(proctor, 'Ghế 3').getByTestId('state')).toHaveText('Vắng mặt');
	await expect(row(proctor, 'Ghế 2').getByTestId('state')).toHaveText('Vắng mặt');
	await expect(row(proctor, 'Ghế 1').getByTestId('state')).toHaveText('Đang làm bài');
	const map = proctor.getByRole('region', { name: 'Sơ đồ phòng' });
	await expect(map.locator('[data-seat="Ghế 3"]')).toHaveAttribute('data-tone', 'absent');
	await expect(map.locator('[data-seat="Ghế 1"]')).toHaveAttribute('data-tone', 'online');
	await expect(map).toContainText('2 hàng × 2 cột');

	// 5. Answered counts questions: five events on three questions (two answers changed).
	await t1.answer(f1, 0, 0, 5_000);
	await t1.answer(f1, 1, 0, 6_000);
	await t1.answer(f1, 0, 1, 7_000);
	await t1.answer(f1, 2, 0, 8_000);
	await t1.answer(f1, 1, 1, 9_000);
	await t1.flush(f1);
	t1.reportFor(f1);
	await expect(row(proctor, 'Ghế 1').getByTestId('answered')).toHaveText('3/30');
	await t4.answer(f4, 0, 0, 5_000);
	await t4.flush(f4);
	t4.reportFor(f4);
	await expect(proctor.getByTestId('offline-summary')).toHaveText('Mọi máy đều trực tuyến');

	// Ghế 1's tablet loses the network with 3 answers unsent (it said so in its last heartbeat).
	await t1.answer(f1, 3, 0, 20_000);
	await t1.answer(f1, 4, 0, 21_000);
	await t1.answer(f1, 5, 0, 22_000);
	t1.reportFor(f1);
	await t1.stop();
	await t1.beat();
	// Shown offline in colour by the server's 3-second rule, with the count of answers waiting.
	await expect(row(proctor, 'Ghế 1').getByTestId('net')).toHaveAttribute('data-online', 'false');
	await expect(row(proctor, 'Ghế 1').getByTestId('net')).toContainText('Mất kết nối từ');
	await expect(proctor.getByTestId('offline-summary')).toHaveText(
		'Máy mất kết nối: 1 · câu trả lời chờ gửi trên các máy đó (theo lần báo cuối): 3'
	);
	await expect(map.locator('[data-seat="Ghế 1"]')).toHaveAttribute('data-tone', 'offline');
	await expect(row(proctor, 'Ghế 1')).toContainText('3 câu trả lời chưa gửi');

	// Pause, then resume: both codes stay listed with their time; no I, L, O or U in any.
	await proctor.getByRole('button', { name: 'Tạm dừng phòng' }).click();
	await expect(proctor.getByTestId('last-code')).toHaveAttribute('data-action', 'pause');
	const pauseCode = (await proctor.getByTestId('last-code').innerText()).trim();
	await proctor.getByRole('button', { name: 'Tiếp tục phòng' }).click();
	await expect(proctor.getByTestId('last-code')).toHaveAttribute('data-action', 'resume');
	const resumeCode = (await proctor.getByTestId('last-code').innerText()).trim();
	const codes = proctor.getByTestId('codes');
	await expect(codes.locator('tr[data-action="pause"]')).toContainText(pauseCode);
	await expect(codes.locator('tr[data-action="resume"]')).toContainText(resumeCode);
	await expect(codes.locator('tr[data-action="pause"] td').first()).toHaveText(/^\d{1,2}:\d{2}:\d{2}$/);
	for (const c of [pauseCode, resumeCode])
		expect(c).toMatch(/^[PR][0-9A-HJKMNP-TV-Z]+-[0-9A-HJKMNP-TV-Z]{7}$/);
	await proctor.screenshot({ path: testInfo.outputPath('console-running-1024.png'), fullPage: true });
	await proctor.setViewportSize({ width: 1280, height: 800 });
	await proctor.screenshot({ path: testInfo.outputPath('console-running-1280.png'), fullPage: true });
	await proctor.setViewportSize({ width: 1024, height: 768 });

	// 1. Nothing is "safe to wipe" while attempts run, whatever the tablets report.
	await expect(proctor.getByRole('table', { name: 'Thiết bị' }).getByTestId('all-sent')).toHaveCount(0);

	// The lock.
	await proctor.getByRole('button', { name: 'Khóa phòng (thu bài)' }).click();
	await proctor
		.getByRole('dialog', { name: 'Khóa phòng và thu bài?' })
		.getByRole('button', { name: 'Khóa phòng ngay' })
		.click();
	await expect(proctor.getByTestId('room-status')).toHaveText('Đã khóa');
	await expect(codes.locator('tr[data-action="lock"]')).toContainText(/^.*K[0-9A-HJKMNP-TV-Z]+-/);
	// 5. After the lock no extension, no move; "lost" only for the tablet still holding answers.
	for (const seat of SEATS) {
		await expect(row(proctor, seat).getByRole('button', { name: 'Gia hạn' })).toHaveCount(0);
		await expect(row(proctor, seat).getByRole('button', { name: 'Chuyển sang máy' })).toHaveCount(0);
	}
	await expect(row(proctor, 'Ghế 1').getByRole('button', { name: 'Khai báo mất' })).toHaveCount(1);
	await expect(row(proctor, 'Ghế 4').getByRole('button', { name: 'Khai báo mất' })).toHaveCount(0);
	const refused = await proctor.request.post(`/api/proctor/rooms/${ROOM}/actions`, {
		headers: { origin: baseURL! },
		data: { action: 'extend', seatId: `${ROOM}-s4`, minutes: 5 }
	});
	expect(refused.status()).toBe(409);
	expect(((await refused.json()) as { error: { message: string } }).error.message).toBe(
		'Phòng đã khóa: không thể gia hạn.'
	);
	// 2. Still absent after the lock, not "Đã thu bài" with a score of 0.
	await expect(row(proctor, 'Ghế 3').getByTestId('state')).toHaveText('Vắng mặt');
	await expect(row(proctor, 'Ghế 4').getByTestId('state')).toHaveText('Đã thu bài');

	// 1. Tablets that reported after the lock with nothing unsent are safe to wipe; Ghế 1's, offline
	// with 3 answers unsent, is not, however long it stays away.
	await expect(row(proctor, 'Ghế 4')).toContainText('Đã gửi hết — có thể xóa máy');
	await expect(row(proctor, 'Ghế 3')).toContainText('Đã gửi hết — có thể xóa máy');
	await expect(row(proctor, 'Ghế 1')).not.toContainText('Đã gửi hết');
	await expect(row(proctor, 'Ghế 1')).toContainText('3 câu trả lời chưa gửi');
	await proctor.screenshot({ path: testInfo.outputPath('console-locked-1024.png'), fullPage: true });
	// Its network returns: it reports, sends the 3 answers, reports nothing unsent; now it is safe.
	await t1.beat();
	await t1.flush(f1);
	t1.reportFor(f1);
	await expect(row(proctor, 'Ghế 1')).not.toContainText('Đã gửi hết');
	await t1.beat();
	await expect(row(proctor, 'Ghế 1')).toContainText('Đã gửi hết — có thể xóa máy');
	await t3.stop();
	await t4.stop();

	// 2. Absent in their own history too: no score, no rank, no prize (a review saw 0/30 in 0:00,
	// ranked, with a prize).
	const phone = await phoneContext(browser, baseURL);
	const away = await phone.newPage();
	await signIn(away, people[2].login, people[2].password);
	const card = away.locator('[data-round="final"]');
	await expect(async () => {
		await away.reload();
		await card.getByText('Các lần thi (1)').click();
		await expect(card.locator('.attempts li')).toContainText('Vắng mặt', { timeout: 1000 });
	}).toPass();
	await expect(card.locator('.attempts li')).not.toContainText('Điểm');
	await expect(card.getByTestId('history-rank')).toHaveCount(0);
	await expect(card).not.toContainText('Điểm cao nhất');
	await away.screenshot({ path: testInfo.outputPath('absent-history-390.png'), fullPage: true });
	await phone.close();
});

test('6: the organiser lays the room out as rows × columns, and the console’s map follows', async ({
	browser,
	page: organiser,
	baseURL
}, testInfo) => {
	await signInStaff(organiser, ORGANISER);
	await organiser.goto('/admin/venue');
	await hydrated(organiser);
	const card = organiser.locator('.card').filter({ hasText: 'Phòng bảng điều khiển' });
	await expect(card.getByRole('form', { name: 'Bố trí ghế' })).toContainText(
		'Chưa đặt — mặc định 2 hàng × 2 cột (4 ghế)'
	);
	await card.getByLabel('Số hàng').fill('1');
	await card.getByLabel('Số cột').fill('3');
	await card.getByRole('button', { name: 'Lưu bố trí' }).click();
	await expect(organiser.getByRole('alert')).toContainText('Bố trí 1 × 3 có 3 chỗ, ít hơn 4 ghế của phòng.');
	await card.getByLabel('Số cột').fill('5');
	await card.getByRole('button', { name: 'Lưu bố trí' }).click();
	await expect(organiser.locator('.notice')).toContainText('Đã lưu bố trí: 1 hàng × 5 cột.');
	await expect(card.getByRole('form', { name: 'Bố trí ghế' })).toContainText(
		'Hiện tại: 1 hàng × 5 cột (4 ghế)'
	);

	const context = await browser.newContext({ baseURL, viewport: { width: 1280, height: 800 } });
	const proctor = await context.newPage();
	await signInStaff(proctor, PROCTOR);
	await proctor.goto(`/proctor/rooms/${ROOM}`);
	const map = proctor.getByRole('region', { name: 'Sơ đồ phòng' });
	await expect(map).toContainText('1 hàng × 5 cột');
	// Four seats in one row from the front, and one empty place.
	await expect(map.getByTestId('map-seat')).toHaveCount(4);
	const tops = await map
		.getByTestId('map-seat')
		.evaluateAll((els) => els.map((e) => e.getBoundingClientRect().top));
	expect(new Set(tops).size).toBe(1);
	await expect(map.getByRole('listitem', { name: 'Chỗ trống' })).toHaveCount(1);
	await proctor.screenshot({ path: testInfo.outputPath('console-layout-1280.png'), fullPage: true });

	// The network gone, the console says so in Vietnamese (it once showed the word "offline"), and
	// clears it once a poll is answered again.
	const noServer = proctor.getByRole('alert').filter({
		hasText: 'Không liên lạc được với máy chủ. Bảng điều khiển sẽ tự cập nhật khi có kết nối lại.'
	});
	await context.setOffline(true);
	await expect(noServer).toBeVisible();
	await expect(proctor.getByText('offline', { exact: true })).toHaveCount(0);
	await context.setOffline(false);
	await expect(noServer).toHaveCount(0);
	await context.close();
});
