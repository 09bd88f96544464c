// The finalist's tablet at tablet size (issue 13, points 1 and 7–10): the waiting screen shows
// the finalist, the seat, the start and the rules, and no maintenance; maintenance is behind
// the proctor's code; the exam bar names the finalist and holds the one code entry; after the
// lock the tablet stays on a locked screen until the proctor releases it; leaving full screen
// is an incident on the server; and the tablet refuses a wipe while anything is unsent, even
// when the console allowed it. The proctor acts through the console's JSON API.
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { registerCandidate, SHARED_DB, withDb } from './support/fixtures';
import { answer, enrolTablet, PROCTOR, seatFinalists, signInFinalist, type Tablet } from './support/hall';

test.describe.configure({ timeout: 240_000 });

const ROOM = 'room-tab';
const SEATS = [`${ROOM}-s1`, `${ROOM}-s2`];
const SIZES = [
	{ name: '1024x768', viewport: { width: 1024, height: 768 } },
	{ name: '820x1180', viewport: { width: 820, height: 1180 } }
];

async function act(api: APIRequestContext, body: Record<string, unknown>): Promise<{ code?: string }> {
	const res = await api.post(`/api/proctor/rooms/${ROOM}/actions`, { data: body });
	expect(res.status(), await res.text()).toBe(200);
	return res.json();
}

const shot = (page: Page, name: string) =>
	page.screenshot({ path: `test-results/tablet-${name}.png`, fullPage: true });

/** A tablet's two codes, as the console shows them beside the tablet. */
async function codesOf(
	api: APIRequestContext,
	label: string
): Promise<{ unlockCode: string; proctorCode: string }> {
	const res = await api.get(`/api/proctor/rooms/${ROOM}`);
	expect(res.status()).toBe(200);
	const grid = (await res.json()) as {
		devices: { label: string; unlockCode: string; proctorCode: string }[];
	};
	const d = grid.devices.find((x) => x.label === label)!;
	expect(d.proctorCode).toMatch(/^[0-9A-Z]{5}-[0-9A-Z]{5}$/);
	return { unlockCode: d.unlockCode, proctorCode: d.proctorCode };
}

async function outboxCount(page: Page): Promise<number> {
	return page.evaluate(async () => {
		const open = indexedDB.open('phongthi');
		const db: IDBDatabase = await new Promise((res, rej) => {
			open.onsuccess = () => res(open.result);
			open.onerror = () => rej(open.error);
		});
		const n: number = await new Promise((res) => {
			const r = db.transaction('outbox', 'readonly').objectStore('outbox').count();
			r.onsuccess = () => res(r.result);
		});
		db.close();
		return n;
	});
}

test('the finalist’s tablet: waiting, proctor mode, the exam bar, full screen, the locked screen, no wipe while unsent', async ({
	browser,
	request,
	playwright,
	baseURL
}) => {
	const who = [await registerCandidate(request), await registerCandidate(request)];
	// The final's window, put back at the end.
	const window = await withDb(SHARED_DB, (db) =>
		db
			.selectFrom('round')
			.select(['opens_at', 'closes_at'])
			.where('id', '=', 'final')
			.executeTakeFirstOrThrow()
	);
	const seated = await seatFinalists({
		room: ROOM,
		name: 'Phòng máy tính bảng',
		people: who,
		durationS: 600
	});
	// The round opens in 2 hours: the waiting screen counts down to it.
	const plannedStart = Date.now() + 2 * 3600_000;
	await withDb(SHARED_DB, (db) =>
		db.updateTable('round').set({ opens_at: plannedStart }).where('id', '=', 'final').execute()
	);

	const proctor = await playwright.request.newContext({ baseURL });
	expect((await proctor.post('/api/session', { data: PROCTOR })).status()).toBe(200);
	const enrolCode = (await act(proctor, { action: 'enrolCode' })).code!;

	// Two tablets, one of each size, enrolled and approved into seats 1 and 2.
	const tablets: Tablet[] = [];
	for (let i = 0; i < 2; i++)
		tablets.push(await enrolTablet(browser, baseURL!, enrolCode, `Máy bảng ${i + 1}`, SIZES[i].viewport));
	for (let i = 0; i < 2; i++) {
		const id = await withDb(
			SHARED_DB,
			async (db) =>
				(
					await db
						.selectFrom('device')
						.select('id')
						.where('label', '=', `Máy bảng ${i + 1}`)
						.executeTakeFirstOrThrow()
				).id
		);
		await act(proctor, { action: 'approve', deviceId: id, seatId: SEATS[i] });
	}
	const [A, B] = tablets.map((t) => t.page);
	const codes = { A: await codesOf(proctor, 'Máy bảng 1'), B: await codesOf(proctor, 'Máy bảng 2') };
	expect(codes.A.unlockCode).not.toBe(codes.A.proctorCode);

	// Three wrong PINs lock sign-in; the PIN-unlock code (the one a proctor may read out) lets the
	// finalist try again. It opens nothing else (proctor mode, below).
	await expect(A.getByTestId('tablet-ready')).toHaveAttribute('data-ready', 'true', { timeout: 30_000 });
	const wrongPin = String((Number(seated[0].pin) + 1) % 1_000_000).padStart(6, '0');
	for (let k = 0; k < 3; k++) {
		await A.getByLabel('Số báo danh').fill(seated[0].sbd);
		await A.getByLabel('Mã PIN').fill(wrongPin);
		await A.getByRole('button', { name: 'Đăng nhập' }).click();
		if (k < 2) await expect(A.getByLabel('Mã PIN')).toHaveValue('', { timeout: 15_000 });
	}
	const unlockField = A.getByLabel('Mã mở khóa PIN (giám thị cho biết)');
	await expect(unlockField).toBeVisible({ timeout: 15_000 });
	await unlockField.fill(codes.A.unlockCode);
	await A.getByRole('button', { name: 'Mở khóa', exact: true }).click();
	await expect(A.getByLabel('Số báo danh')).toBeVisible({ timeout: 15_000 });

	// 7. Sign-in, then the waiting screen: the finalist, the seat, the start, the rules. The
	// finalist's tap asks for full screen.
	for (let i = 0; i < 2; i++) {
		const page = tablets[i].page;
		await expect(page.getByTestId('tablet-ready')).toHaveAttribute('data-ready', 'true', { timeout: 30_000 });
		await expect(page.getByText('Kiểm tra sẵn sàng')).toHaveCount(0);
		await signInFinalist(page, seated[i].sbd, seated[i].pin);
		await expect(page.getByTestId('finalist-name')).toHaveText(who[i].name);
		await expect(page.getByTestId('finalist-sbd')).toHaveText(seated[i].sbd);
		await expect(page.getByTestId('finalist-seat')).toHaveText(`Ghế ${i + 1}`);
		await expect(page.getByTestId('starts-in')).toHaveText(/^Còn 1:5\d:\d\d đến giờ bắt đầu$/);
		await expect(page.getByRole('heading', { name: 'Quy định phòng thi' })).toBeVisible();
		await expect(page.getByText('Thời gian làm bài: 10 phút')).toBeVisible();
		// No maintenance and no jargon in the finalist's sight.
		await expect(page.getByRole('button', { name: 'Xóa dữ liệu trên máy' })).toHaveCount(0);
		await expect(page.getByText(/có thể xóa|Chưa thể xóa|Kiểm tra sẵn sàng|Lệch đồng hồ/)).toHaveCount(0);
		await expect.poll(() => page.evaluate(() => document.fullscreenElement !== null)).toBe(true);
		await shot(page, `waiting-${SIZES[i].name}`);
	}

	// Proctor mode: a wrong code is refused, and so is the PIN-unlock code a finalist may have
	// heard; the tablet's proctor-mode code opens it. One true sentence on the wipe, and a wipe
	// pressed anyway is refused by the tablet.
	await A.getByRole('button', { name: 'Giám thị', exact: true }).click();
	const gate = A.getByLabel('Mã chế độ giám thị của máy');
	const refused = A.getByText('Mã không đúng cho máy này.');
	for (const wrong of ['AAAAA-BBBBB', codes.A.unlockCode]) {
		await gate.fill(wrong);
		await expect(refused).toHaveCount(0);
		await A.getByRole('button', { name: 'Mở chế độ giám thị' }).click();
		await expect(refused).toBeVisible({ timeout: 15_000 });
	}
	await expect(A.getByRole('heading', { name: 'Chế độ giám thị', level: 1 })).toHaveCount(0);
	await gate.fill(codes.A.proctorCode);
	await A.getByRole('button', { name: 'Mở chế độ giám thị' }).click();
	await expect(A.getByRole('heading', { name: 'Chế độ giám thị', level: 1 })).toBeVisible({
		timeout: 15_000
	});
	await expect(A.getByText('Ứng dụng đã lưu trên máy: ✔ Có')).toBeVisible();
	await expect(A.getByTestId('wipe-status')).toHaveText(
		'Chưa thể xóa: thí sinh vẫn đăng nhập trên máy. Hãy nhường máy trước.'
	);
	await expect(A.getByText(/có thể xóa máy/)).toHaveCount(0);
	await A.getByRole('button', { name: 'Xóa dữ liệu trên máy' }).click();
	await expect(A.getByRole('alert')).toHaveText(
		'Chưa thể xóa: thí sinh vẫn đăng nhập trên máy. Hãy nhường máy trước.'
	);
	await shot(A, 'proctor-mode-1024x768');
	await A.getByRole('button', { name: 'Đóng chế độ giám thị' }).click();
	await expect(A.getByRole('heading', { name: 'Chờ giám thị bắt đầu' })).toBeVisible();

	// Start (the round is open now). B loses the network first and will be run by codes.
	await withDb(SHARED_DB, (db) =>
		db
			.updateTable('round')
			.set({ opens_at: Date.now() - 60_000, closes_at: Date.now() + 86_400_000 })
			.where('id', '=', 'final')
			.execute()
	);
	await tablets[1].context.setOffline(true);
	const startCode = (await act(proctor, { action: 'start' })).code!;
	await expect(A.getByRole('heading', { name: /^Câu 1\/30$/ })).toBeVisible({ timeout: 10_000 });
	await B.getByLabel('Mã bắt đầu').fill(startCode);
	await B.getByRole('button', { name: 'Bắt đầu bằng mã' }).click();
	await expect(B.getByRole('heading', { name: /^Câu 1\/30$/ })).toBeVisible({ timeout: 30_000 });

	// 9. The exam bar names the finalist, the SBD and the seat.
	await expect(A.getByTestId('identity')).toHaveText(
		`Thí sinh ${who[0].name} · SBD ${seated[0].sbd} · Ghế 1`
	);
	await expect(B.getByTestId('identity')).toHaveText(
		`Thí sinh ${who[1].name} · SBD ${seated[1].sbd} · Ghế 2`
	);
	await answer(A, 1, 0);
	await answer(B, 1, 1);
	for (let i = 0; i < 2; i++) await shot(tablets[i].page, `exam-${SIZES[i].name}`);

	// 10. Full screen holds into the exam; leaving it is an incident on the server.
	await expect.poll(() => A.evaluate(() => document.fullscreenElement !== null)).toBe(true);
	await A.evaluate(() => document.exitFullscreen());
	await expect(A.getByRole('button', { name: /Toàn màn hình/ })).toBeVisible();
	await expect
		.poll(
			() =>
				withDb(SHARED_DB, (db) =>
					db
						.selectFrom('incident')
						.select(['kind', 'seat_id'])
						.where('room_id', '=', ROOM)
						.where('kind', '=', 'fullscreen_exit')
						.execute()
				),
			{ timeout: 15_000 }
		)
		.toEqual([{ kind: 'fullscreen_exit', seat_id: SEATS[0] }]);
	await A.getByRole('button', { name: /Toàn màn hình/ }).click();
	await expect.poll(() => A.evaluate(() => document.fullscreenElement !== null)).toBe(true);

	// 8. Offline, B is told about the code entry; the code goes in a labelled dialog, and
	// "Đã áp dụng mã." goes at the next action.
	await expect(B.getByText('Máy đang mất mạng: khi giám thị đọc mã, bấm «Nhập mã giám thị».')).toBeVisible();
	// A online holds its room's push stream, which tells it of the pause at once (the heartbeat
	// every second stays, for presence).
	await expect.poll(() => tablets[0].streams.length).toBeGreaterThan(0);
	const pauseCode = (await act(proctor, { action: 'pause' })).code!;
	await expect(A.getByText('Giám thị đã tạm dừng bài thi.')).toBeVisible({ timeout: 10_000 });
	await B.getByRole('button', { name: 'Nhập mã giám thị' }).click();
	const dialog = B.getByRole('dialog', { name: 'Nhập mã giám thị' });
	await dialog.getByLabel('Mã giám thị').fill('P12-ABCDEFG');
	await dialog.getByRole('button', { name: 'Áp dụng mã' }).click();
	await expect(dialog.getByText('Mã không hợp lệ cho phòng/ghế này.')).toBeVisible();
	await shot(B, 'code-dialog-820x1180');
	await dialog.getByLabel('Mã giám thị').fill(pauseCode);
	await dialog.getByRole('button', { name: 'Áp dụng mã' }).click();
	await expect(dialog).toBeHidden();
	await expect(B.getByText('Đã áp dụng mã.')).toBeVisible();
	await expect(B.getByText('Giám thị đã tạm dừng bài thi.')).toBeVisible();
	await B.getByRole('button', { name: /^Câu 2\/30:/ }).click();
	await expect(B.getByText('Đã áp dụng mã.')).toHaveCount(0);
	const resumeCode = (await act(proctor, { action: 'resume' })).code!;
	await B.getByRole('button', { name: 'Nhập mã giám thị' }).click();
	await dialog.getByLabel('Mã giám thị').fill(resumeCode);
	await dialog.getByRole('button', { name: 'Áp dụng mã' }).click();
	await expect(B.getByText('Giám thị đã tạm dừng bài thi.')).toHaveCount(0);
	await answer(B, 2, 0);

	// 9. The lock: A (online) and B (by code) stay on the locked screen; no way to the
	// candidate's pages.
	const lockCode = (await act(proctor, { action: 'lock' })).code!;
	await expect(A.getByRole('heading', { name: 'Bài đã được thu' })).toBeVisible({ timeout: 10_000 });
	await expect(A.getByTestId('collected-state')).toHaveText('Máy chủ đã nhận bài làm.', { timeout: 15_000 });
	await expect(A.getByRole('region', { name: 'Biên nhận bài thi' })).toBeVisible();
	// The score on the tablet is the lock's, before the committee finalises: it says so.
	await expect(A.getByTestId('provisional')).toHaveText('Điểm tạm thời, chờ Ban Tổ chức chốt kết quả.');
	await B.getByRole('button', { name: 'Nhập mã giám thị' }).click();
	await dialog.getByLabel('Mã giám thị').fill(lockCode);
	await dialog.getByRole('button', { name: 'Áp dụng mã' }).click();
	await expect(B.getByRole('heading', { name: 'Bài đã được thu' })).toBeVisible();
	await expect(B.getByTestId('collected-state')).toHaveText(
		'Bài làm đã được lưu trên thiết bị và đang chờ gửi.'
	);
	for (const p of [A, B]) await expect(p.getByRole('link', { name: /Về trang bài thi/ })).toHaveCount(0);
	for (let i = 0; i < 2; i++) await shot(tablets[i].page, `locked-${SIZES[i].name}`);
	// A reload keeps the lock.
	await A.reload();
	await expect(A.getByRole('heading', { name: 'Bài đã được thu' })).toBeVisible({ timeout: 15_000 });

	// The proctor releases A for the next finalist with the tablet's code.
	await A.getByLabel('Mã chế độ giám thị của máy').fill(codes.A.proctorCode);
	await A.getByRole('button', { name: 'Mở chế độ giám thị' }).click();
	await expect(A.getByRole('heading', { name: 'Chế độ giám thị', level: 1 })).toBeVisible({
		timeout: 15_000
	});
	await expect(A.getByTestId('wipe-status')).toHaveText(
		'Chưa thể xóa: thí sinh vẫn đăng nhập trên máy. Hãy nhường máy trước.'
	);
	await A.getByRole('button', { name: 'Nhường máy cho thí sinh tiếp theo' }).click();
	await expect(A.getByRole('heading', { name: 'Thí sinh đăng nhập' })).toBeVisible();
	// Everything of A is on the server and nobody is signed in: one sentence says it may be wiped.
	await A.getByRole('button', { name: 'Giám thị', exact: true }).click();
	await A.getByLabel('Mã chế độ giám thị của máy').fill(codes.A.proctorCode);
	await A.getByRole('button', { name: 'Mở chế độ giám thị' }).click();
	await expect(A.getByTestId('wipe-status')).toHaveText(
		'Máy chủ đã nhận hết dữ liệu của máy này: có thể xóa máy.',
		{
			timeout: 15_000
		}
	);
	await expect(A.getByText(/Chưa thể xóa/)).toHaveCount(0);

	// 1. B's network returns but its answers cannot get through. The console does not allow B's wipe
	// while the server lacks its answers; once the proctor declares them lost (a broken tablet) it
	// does. The tablet refuses it while anything is unsent, and says why.
	await tablets[1].context.route('**/api/attempts/**', (r) => r.abort());
	await tablets[1].context.setOffline(false);
	const bId = await withDb(
		SHARED_DB,
		async (db) =>
			(await db.selectFrom('device').select('id').where('label', '=', 'Máy bảng 2').executeTakeFirstOrThrow())
				.id
	);
	const notSent = await proctor.post(`/api/proctor/rooms/${ROOM}/actions`, {
		data: { action: 'wipe', deviceId: bId }
	});
	expect(notSent.status()).toBe(409);
	expect(((await notSent.json()) as { error: { code: string } }).error.code).toBe('wipeNotSent');
	await act(proctor, { action: 'declareLost', finalistId: seated[1].id });
	await act(proctor, { action: 'wipe', deviceId: bId });
	// The server tells B (its heartbeat: deviceWiped), and B says so on its own screen; it went on
	// as if in service before.
	await expect(
		B.getByRole('heading', { name: 'Giám thị đã cho phép xóa dữ liệu máy này.', level: 1 })
	).toBeVisible({ timeout: 15_000 });
	await expect(B.getByTestId('wipe-status')).toHaveText(/^Chưa thể xóa: còn \d+ mục chưa gửi đến máy chủ\./);
	await expect(B.getByText(/có thể xóa máy/)).toHaveCount(0);
	const held = await outboxCount(B);
	expect(held).toBeGreaterThan(0);
	await B.getByRole('button', { name: 'Xóa dữ liệu trên máy' }).click();
	await expect(B.getByRole('alert')).toHaveText(/^Chưa thể xóa: còn \d+ mục chưa gửi/);
	expect(await outboxCount(B)).toBe(held);
	await shot(B, 'wiped-820x1180');
	await withDb(SHARED_DB, (db) => db.updateTable('round').set(window).where('id', '=', 'final').execute());
	for (const t of tablets) await t.context.close();
	await proctor.dispose();
});
