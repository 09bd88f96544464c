// The tablet's "Xuất nhật ký" button says what came of every press, in a live region a screen
// reader reads out: not yet (no papers, no key), nothing to export, the file and what it
// holds, a failure. It used to do nothing visible in all but the one case that made a file.
import fs from 'node:fs';
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { registerCandidate, SHARED_DB, withDb } from './support/fixtures';
import {
	answer,
	enrolTablet,
	expectTabletReady,
	PROCTOR,
	seatFinalists,
	signInFinalist
} from './support/hall';
import { proctorModeCode } from '../../src/lib/server/venue/pins';

test.describe.configure({ timeout: 180_000 });

const ROOM = 'room-export';
const SIZES = [
	{ name: '1024x768', viewport: { width: 1024, height: 768 } },
	{ name: '390x844', viewport: { width: 390, height: 844 } }
];

async function act(api: APIRequestContext, body: Record<string, unknown>): Promise<{ code?: string }> {
	const res = await api.post(`/api/proctor/rooms/${ROOM}/actions`, { data: body });
	expect(res.status(), await res.text()).toBe(200);
	return res.json();
}

const deviceIdOf = (label: string) =>
	withDb(
		SHARED_DB,
		async (db) =>
			(await db.selectFrom('device').select('id').where('label', '=', label).executeTakeFirstOrThrow()).id
	);

const VI = {
	gate: 'Giám thị',
	code: 'Mã chế độ giám thị của máy',
	open: 'Mở chế độ giám thị',
	title: 'Chế độ giám thị',
	close: 'Đóng chế độ giám thị',
	export: 'Xuất nhật ký (khi không có mạng)'
};
const EN = {
	gate: 'Proctor',
	code: 'proctor-mode code',
	open: 'Open proctor mode',
	title: 'Proctor mode',
	close: 'Close proctor mode',
	export: 'Export the log (when offline)'
};

/** Opens proctor mode with the tablet's proctor-mode code, as the console shows it beside the tablet. */
async function openProctorMode(page: Page, label: string, t = VI) {
	const code = await withDb(SHARED_DB, async (db) => {
		const venue = await db
			.selectFrom('venue_room')
			.select('code_key')
			.where('room_id', '=', ROOM)
			.executeTakeFirstOrThrow();
		return proctorModeCode(venue, await deviceIdOf(label));
	});
	// Behind a button on the sign-in and waiting screens; shown at once on the locked screen.
	const gate = page.getByRole('button', { name: t.gate, exact: true });
	const field = page.getByLabel(t.code);
	await expect(gate.or(field)).toBeVisible({ timeout: 15_000 });
	if (await gate.isVisible()) await gate.click();
	await field.fill(code);
	await page.getByRole('button', { name: t.open }).click();
	await expect(page.getByRole('heading', { name: t.title, level: 1 })).toBeVisible({
		timeout: 15_000
	});
}

/** Presses the export button and waits for the sentence in the live region. */
async function pressExport(page: Page, sentence: string, t = VI) {
	const status = page.getByTestId('export-status');
	await page.getByRole('button', { name: t.export }).click();
	await expect(status).toHaveText(sentence);
	await expect(status).toHaveAttribute('role', 'status');
	await expect(status).toBeVisible();
}

/** The screen at both tablet sizes, for a person to look at. */
async function shots(page: Page, name: string) {
	for (const s of SIZES) {
		await page.setViewportSize(s.viewport);
		await page.screenshot({ path: `test-results/tablet-export-${name}-${s.name}.png`, fullPage: true });
	}
	await page.setViewportSize(SIZES[0].viewport);
}

test('the export button tells the proctor what it did, or why not, every time', async ({
	browser,
	request,
	playwright,
	baseURL
}) => {
	const who = await registerCandidate(request);
	const window = await withDb(SHARED_DB, (db) =>
		db
			.selectFrom('round')
			.select(['opens_at', 'closes_at'])
			.where('id', '=', 'final')
			.executeTakeFirstOrThrow()
	);
	const [finalist] = await seatFinalists({
		room: ROOM,
		name: 'Phòng xuất nhật ký',
		people: [who],
		durationS: 600,
		opensAt: Date.now() - 3_600_000,
		closesAt: Date.now() + 86_400_000
	});
	const proctor = await playwright.request.newContext({ baseURL });
	expect((await proctor.post('/api/session', { data: PROCTOR })).status()).toBe(200);
	const enrolCode = (await act(proctor, { action: 'enrolCode' })).code!;

	// The seat's tablet A and a spare S.
	const A = await enrolTablet(browser, baseURL!, enrolCode, 'Máy xuất 1', SIZES[0].viewport);
	const S = await enrolTablet(browser, baseURL!, enrolCode, 'Máy xuất 2', SIZES[0].viewport);
	await act(proctor, { action: 'approve', deviceId: await deviceIdOf('Máy xuất 1'), seatId: `${ROOM}-s1` });
	await act(proctor, { action: 'approve', deviceId: await deviceIdOf('Máy xuất 2'), seatId: null });
	await expectTabletReady(A.page, 1);
	await expectTabletReady(S.page, 1);
	await signInFinalist(A.page, finalist.sbd, finalist.pin);

	// 2. Before the start the tablet has no key to seal a log with: it says so.
	await openProctorMode(A.page, 'Máy xuất 1');
	await pressExport(
		A.page,
		'Chưa thể xuất nhật ký: máy nhận khóa của phòng khi phòng thi bắt đầu; trước đó chưa có câu trả lời nào.'
	);
	await shots(A.page, 'no-key');
	await A.page.getByRole('button', { name: VI.close }).click();
	// The same, in English, on the spare (no finalist on it yet).
	await S.context.addCookies([{ name: 'lang', value: 'en', url: baseURL! }]);
	await S.page.reload();
	await openProctorMode(S.page, 'Máy xuất 2', EN);
	await pressExport(
		S.page,
		"Cannot export the log yet: the tablet receives the room's key when the room starts; until then it holds no answers.",
		EN
	);
	await S.context.clearCookies({ name: 'lang' });
	await S.page.reload();
	await expect(S.page.getByRole('heading', { name: 'Thí sinh đăng nhập' })).toBeVisible();

	// 3. Started, then moved to the spare before any answer: A has nothing of the finalist's.
	await act(proctor, { action: 'start' });
	await expect(A.page.getByRole('heading', { name: /^Câu 1\/30$/ })).toBeVisible({ timeout: 15_000 });
	await act(proctor, { action: 'move', finalistId: finalist.id, deviceId: await deviceIdOf('Máy xuất 2') });
	await expect(A.page.getByRole('heading', { name: 'Thí sinh đã chuyển sang máy khác' })).toBeVisible({
		timeout: 15_000
	});
	await openProctorMode(A.page, 'Máy xuất 1');
	await pressExport(A.page, 'Không có gì để xuất: máy này chưa lưu câu trả lời hay bài nộp nào.');
	await shots(A.page, 'empty');

	// 4. The spare: two answers, the lock, and a file, with what it holds said on screen.
	await S.page.getByLabel('Số báo danh').fill(finalist.sbd);
	await S.page.getByLabel('Mã PIN').fill(finalist.pin);
	await S.page.getByRole('button', { name: 'Đăng nhập' }).click();
	await expect(S.page.getByRole('heading', { name: /^Câu 1\/30$/ })).toBeVisible({ timeout: 15_000 });
	await answer(S.page, 1, 0);
	await answer(S.page, 2, 1);
	await act(proctor, { action: 'lock' });
	await expect(S.page.getByRole('heading', { name: 'Bài đã được thu' })).toBeVisible({ timeout: 15_000 });
	await openProctorMode(S.page, 'Máy xuất 2');
	const download = S.page.waitForEvent('download');
	const spareId = await deviceIdOf('Máy xuất 2');
	const file = `nhat-ky-${spareId.slice(0, 10)}.json`;
	await pressExport(
		S.page,
		`Đã xuất nhật ký: 2 câu trả lời của 1 bài thi, vào tệp ${file}. Nạp tệp này ở mục «Nạp nhật ký từ máy mất mạng» trên bảng điều khiển giám thị.`
	);
	const saved = await download;
	expect(saved.suggestedFilename()).toBe(file);
	// The file is the upload contract's, unchanged.
	const log = JSON.parse(fs.readFileSync(await saved.path(), 'utf8'));
	expect(Object.keys(log).sort()).toEqual(['deviceId', 'kind', 'roomId', 'sealed', 'token']);
	expect([log.kind, log.roomId, log.deviceId]).toEqual(['phongthi-venue-log', ROOM, spareId]);
	await shots(S.page, 'done');

	// 5. The file cannot be handed to the browser: a failure, said as such.
	await S.page.evaluate(() => {
		URL.createObjectURL = () => {
			throw new Error('no room for the file');
		};
	});
	await pressExport(
		S.page,
		'Xuất nhật ký không thành công. Hãy bấm lại; nếu vẫn lỗi, hãy kết nối mạng để máy tự gửi, và báo ban tổ chức.'
	);
	await shots(S.page, 'failed');

	await withDb(SHARED_DB, (db) => db.updateTable('round').set(window).where('id', '=', 'final').execute());
	await A.context.close();
	await S.context.close();
	await proctor.dispose();
});
