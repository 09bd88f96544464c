// The contest as a candidate meets it on a phone (390×844): resuming on a second browser,
// the dashboard's history after a round closes, the finalist's ticket, the exam's phone
// layout, the start confirmation, the weekly limit, the receipt, and the public pages.
import { expect, test, type Browser, type Page } from '@playwright/test';
import {
	attemptIdFrom,
	createRound,
	deviceLog,
	hydrated,
	registerCandidate,
	SHARED_DB,
	signIn,
	startRound as start,
	storedEvents,
	withDb
} from './support/fixtures';
import { admitToFinal, ORGANISER, removeFinalist, signInStaff } from './support/hall';
import { TIEBREAK_ID } from '../../src/lib/exam/events';

test.use({ viewport: { width: 390, height: 844 } });

async function phone(browser: Browser): Promise<Page> {
	const context = await browser.newContext({
		viewport: { width: 390, height: 844 },
		locale: 'vi-VN',
		timezoneId: 'Asia/Ho_Chi_Minh'
	});
	return context.newPage();
}

async function answer(page: Page, n: number, k: number) {
	await page.getByRole('button', { name: new RegExp(`^Câu ${n}/30:`) }).click();
	await expect(page.getByRole('heading', { name: new RegExp(`^Câu ${n}/30$`) })).toBeVisible();
	const count = await page.getByRole('radio').count();
	const option = page.getByRole('radio').nth(k % count);
	await option.click();
	await expect(option).toBeChecked();
}

async function openNavigatorSubmit(page: Page) {
	await page
		.getByRole('navigation', { name: 'Danh sách câu hỏi' })
		.getByRole('button', { name: 'Nộp bài' })
		.click();
}

test('resuming on a fresh browser shows every answer the server holds before answering', async ({
	page,
	browser,
	request
}) => {
	const who = await registerCandidate(request);
	const roundId = await createRound(SHARED_DB, { durationS: 900 });
	await signIn(page, who.login, who.password);
	const attemptId = await start(page, roundId);
	const chosen = new Map<number, string>();
	for (let n = 1; n <= 30; n++) {
		await answer(page, n, n % 3);
		chosen.set(n, (await page.locator('.option.chosen').innerText()).trim());
	}
	await expect(page.locator('[data-sync]')).toHaveAttribute('data-sync', 'saved');
	await expect(page.getByTestId('answered')).toHaveText('Đã trả lời 30/30');
	expect((await storedEvents(SHARED_DB, attemptId)).events).toHaveLength(30);

	// Another browser: no IndexedDB, no outbox — only the account.
	const other = await phone(browser);
	await signIn(other, who.login, who.password);
	await other.locator(`button[data-round="${roundId}"]`).click(); // "Tiếp tục làm bài": no confirmation
	await other.waitForURL(new RegExp(`/exam/${attemptId}$`));
	await expect(other.getByRole('heading', { name: /^Câu 1\/30$/ })).toBeVisible();
	await expect(other.getByTestId('answered')).toHaveText('Đã trả lời 30/30');
	for (const n of [1, 2, 15, 30]) {
		await other.getByRole('button', { name: new RegExp(`^Câu ${n}/30:`) }).click();
		await expect(other.locator('.option.chosen')).toHaveText(chosen.get(n)!);
	}
	await expect(other.getByRole('button', { name: /^Câu 7\/30: đã trả lời/ })).toBeVisible();
	await openNavigatorSubmit(other);
	await expect(other.getByRole('dialog')).toContainText('Bạn đã trả lời tất cả các câu.');
	await expect(other.getByRole('dialog')).not.toContainText('chưa trả lời');
	await other.context().close();
});

test('an attempt submitted on one device closes on the other, which says its later answers do not count', async ({
	page,
	browser,
	request
}) => {
	const who = await registerCandidate(request);
	const roundId = await createRound(SHARED_DB, { durationS: 900 });
	await signIn(page, who.login, who.password);
	const attemptId = await start(page, roundId);
	await answer(page, 1, 0);
	await expect(page.locator('[data-sync]')).toHaveAttribute('data-sync', 'saved');

	const other = await phone(browser);
	await signIn(other, who.login, who.password);
	await other.locator(`button[data-round="${roundId}"]`).click();
	await other.waitForURL(new RegExp(`/exam/${attemptId}$`));
	await expect(other.getByTestId('answered')).toHaveText('Đã trả lời 1/30');

	// The first phone submits; the second hears it at its next heartbeat and stops taking answers.
	await openNavigatorSubmit(page);
	await page.getByRole('dialog').getByRole('button', { name: 'Nộp bài' }).click();
	await expect(page.getByRole('heading', { name: 'Đã nộp bài' })).toBeVisible();
	// A heartbeat every 5 s (exam.svelte.ts HEARTBEAT_MS): wait for the one after the submit.
	await expect(other.getByRole('heading', { name: 'Đã nộp bài' })).toBeVisible({ timeout: 30_000 });
	await expect(other.getByText('Bài thi đã được nộp từ thiết bị khác')).toBeVisible();
	await expect(other.getByTestId('score')).toContainText('/30');
	expect(await other.getByRole('radio').count()).toBe(0);
	await other.context().close();
});

test('the answers endpoint gives the bearer only their own attempt, and no key', async ({
	page,
	browser,
	request
}) => {
	const who = await registerCandidate(request);
	const roundId = await createRound(SHARED_DB, { durationS: 900 });
	await signIn(page, who.login, who.password);
	const attemptId = await start(page, roundId);
	await answer(page, 1, 1);
	await expect(page.locator('[data-sync]')).toHaveAttribute('data-sync', 'saved');
	const token = await page.evaluate(async (id) => {
		const open = indexedDB.open('phongthi');
		const db: IDBDatabase = await new Promise((res) => (open.onsuccess = () => res(open.result)));
		const r = db.transaction('attempts').objectStore('attempts').get(id);
		return new Promise<string>((res) => (r.onsuccess = () => res(r.result.token)));
	}, attemptId);
	const ok = await request.get(`/api/attempts/${attemptId}/answers`, {
		headers: { authorization: `Bearer ${token}` }
	});
	expect(ok.status()).toBe(200);
	const body = await ok.json();
	expect(body.events).toHaveLength(1);
	expect(JSON.stringify(body)).not.toMatch(/"correct"|"paper"|"explanation"/);
	expect((await request.get(`/api/attempts/${attemptId}/answers`)).status()).toBe(401);
	const otherWho = await registerCandidate(request);
	const otherRound = await createRound(SHARED_DB, { durationS: 900 });
	const otherPage = await phone(browser);
	await signIn(otherPage, otherWho.login, otherWho.password);
	const otherAttempt = await start(otherPage, otherRound);
	// A token for one attempt does not open another.
	const cross = await request.get(`/api/attempts/${otherAttempt}/answers`, {
		headers: { authorization: `Bearer ${token}` }
	});
	expect(cross.status()).toBe(403);
	await otherPage.context().close();
});

test('phone exam: pinned pager, answered count, text size remembered, tie-break form focused', async ({
	page,
	request
}) => {
	const who = await registerCandidate(request);
	const roundId = await createRound(SHARED_DB, { durationS: 900, tiebreak: true });
	await signIn(page, who.login, who.password);
	await start(page, roundId);
	const next = page.getByRole('button', { name: 'Câu sau →' });
	const box = await next.boundingBox();
	expect(box!.y + box!.height).toBeGreaterThan(844 - 80); // at the bottom of the screen
	await expect(page.getByTestId('answered')).toHaveText('Đã trả lời 0/30');
	await answer(page, 1, 0);
	await expect(page.getByTestId('answered')).toHaveText('Đã trả lời 1/30');
	await page.getByRole('button', { name: 'Câu 1/30: đã trả lời, đang xem' }).click();
	await page.screenshot({ path: '.e2e-data/shots/candidate-exam-phone.png' });

	const before = await page.evaluate(() => getComputedStyle(document.documentElement).fontSize);
	await page.getByTestId('text-larger').click();
	await expect
		.poll(() => page.evaluate(() => getComputedStyle(document.documentElement).fontSize))
		.not.toBe(before);
	const larger = await page.evaluate(() => getComputedStyle(document.documentElement).fontSize);
	await page.reload();
	await expect(page.getByRole('heading', { name: /^Câu 1\/30$/ })).toBeVisible();
	await expect
		.poll(() => page.evaluate(() => getComputedStyle(document.documentElement).fontSize))
		.toBe(larger);

	await openNavigatorSubmit(page);
	const field = page.getByLabel(/Dự đoán/);
	await expect(field).toBeFocused();
	await expect(field).toBeInViewport();
	await expect(page.getByTestId('tiebreak-read')).toHaveText('');

	// "Nộp bài" tapped again with the field still empty: the form says the answer is required,
	// in a live region the field is described by, and takes the candidate back to the field.
	await page.getByRole('heading', { name: /^Câu 1\/30$/ }).focus();
	await openNavigatorSubmit(page);
	await expect(page.getByTestId('tiebreak-read')).toHaveText('Cần trả lời câu hỏi phụ trước khi nộp bài.');
	await expect(page.getByTestId('tiebreak-read')).toHaveAttribute('aria-live', 'polite');
	await expect(field).toBeFocused();
	await expect(field).toHaveAttribute('aria-invalid', 'true');
	await expect(page.getByRole('dialog')).toBeHidden();
	await page.screenshot({ path: '.e2e-data/shots/candidate-tiebreak-required-phone.png' });

	// Not a number: said so, and nothing is saved or asked.
	await field.fill('abc');
	await page.getByRole('button', { name: 'Lưu câu trả lời phụ' }).click();
	await expect(page.getByTestId('tiebreak-read')).toHaveText('Chưa đọc được số này.');
	await expect(field).toHaveAttribute('aria-invalid', 'true');
	await expect(field).toBeFocused();
	await expect(page.getByRole('dialog')).toBeHidden();
	// Written the Vietnamese way, and shown as read while typing: a dot groups thousands, a comma marks decimals.
	await field.fill('20,000');
	await expect(page.getByTestId('tiebreak-read')).toHaveText('Số bạn nhập: 20');
	await field.fill('20.000');
	await expect(page.getByTestId('tiebreak-read')).toHaveText('Số bạn nhập: 20.000');
	await expect(field).toHaveAttribute('aria-invalid', 'false');
	await page.screenshot({ path: '.e2e-data/shots/candidate-tiebreak-phone.png' });
	await page.getByRole('button', { name: 'Lưu câu trả lời phụ' }).click();
	await expect(page.getByRole('dialog')).toBeVisible();
	const saved = (await deviceLog(page, attemptIdFrom(page))).filter((e) => e.questionId === TIEBREAK_ID);
	expect(saved.map((e) => e.choice)).toEqual([20000]);
});

test('start asks first: rules, duration, attempts left', async ({ page, request }) => {
	const who = await registerCandidate(request);
	// 25:30, not whole minutes: said so, not rounded to "26 phút" (a review saw 10:30 as 11).
	const roundId = await createRound(SHARED_DB, { durationS: 1530 });
	await withDb(SHARED_DB, (db) =>
		db.updateTable('round').set({ max_attempts: 3 }).where('id', '=', roundId).execute()
	);
	await signIn(page, who.login, who.password);
	const card = page.locator('li', { has: page.locator(`button[data-round="${roundId}"]`) });
	await expect(card).toContainText('30 câu hỏi · 25 phút 30 giây');
	await page.locator(`button[data-round="${roundId}"]`).click();
	const dialog = page.getByRole('dialog');
	await expect(dialog).toContainText('30 câu hỏi');
	await expect(dialog).toContainText('làm trong tối đa 25 phút 30 giây.');
	// The round's grace (fixtures: 120 s): answers made offline must reach the server by then.
	await expect(dialog).toContainText('trong vòng 2 phút sau khi hết giờ');
	await expect(dialog).toContainText('Sau lượt này, bạn còn 2 lượt.');
	await page.screenshot({ path: '.e2e-data/shots/candidate-start-confirm.png' });
	await dialog.getByRole('button', { name: 'Để sau' }).click();
	await expect(dialog).toBeHidden();
	expect(page.url()).toMatch(/\/dashboard$/);
	const count = await withDb(SHARED_DB, (db) =>
		db.selectFrom('attempt').select('id').where('round_id', '=', roundId).execute()
	);
	expect(count).toHaveLength(0);
});

test('when only this week is used up, the dashboard says when the next attempt opens', async ({
	page,
	request
}) => {
	const who = await registerCandidate(request);
	const roundId = await createRound(SHARED_DB, { durationS: 60 });
	await withDb(SHARED_DB, (db) =>
		db
			.updateTable('round')
			.set({ max_attempts_per_week: 1, max_attempts: 5, closes_at: Date.now() + 30 * 24 * 3600_000 })
			.where('id', '=', roundId)
			.execute()
	);
	await signIn(page, who.login, who.password);
	// Asked first: this is the week's last attempt, not the round's (4 more remain after it).
	await hydrated(page);
	await page.locator(`button[data-round="${roundId}"]`).click();
	await expect(page.getByRole('dialog')).toContainText(
		'Đây là lượt thi cuối cùng của bạn trong tuần này; từ tuần sau bạn có thể thi tiếp.'
	);
	await page.getByRole('dialog').getByRole('button', { name: 'Để sau' }).click();
	await start(page, roundId);
	await openNavigatorSubmit(page);
	await page.getByRole('dialog').getByRole('button', { name: 'Nộp bài' }).click();
	await expect(page.getByTestId('score')).toBeVisible();
	await page.goto('/dashboard');
	// Oracle: next Monday 00:00 in Vietnam (UTC+7), computed here by hand.
	const vn = new Date(Date.now() + 7 * 3600_000);
	const daysToMonday = (8 - vn.getUTCDay()) % 7 || 7;
	const monday = new Date(Date.UTC(vn.getUTCFullYear(), vn.getUTCMonth(), vn.getUTCDate() + daysToMonday));
	const dd = String(monday.getUTCDate()).padStart(2, '0');
	const mm = String(monday.getUTCMonth() + 1).padStart(2, '0');
	await expect(page.getByTestId('next-attempt')).toHaveText(
		`Bạn đã dùng hết lượt của tuần này. Lượt tiếp theo mở lúc ${dd}/${mm}/${monday.getUTCFullYear()} 00:00.`
	);
});

/** Crockford base32 of the first 80 bits, written independently of src/lib/receipt.ts. */
function readable(hex: string): string {
	const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
	let value = BigInt(`0x${hex.slice(0, 20)}`);
	let out = '';
	for (let i = 0; i < 16; i++) {
		out = alphabet[Number(value & 31n)] + out;
		value >>= 5n;
	}
	return `${out.slice(0, 4)}-${out.slice(4, 8)}-${out.slice(8, 12)}-${out.slice(12)}`;
}

test('qualifying result: time used, rank, a readable receipt; kept on the dashboard after the round closes', async ({
	page,
	request
}) => {
	const who = await registerCandidate(request);
	const roundId = await createRound(SHARED_DB, { durationS: 900 });
	await signIn(page, who.login, who.password);
	const attemptId = await start(page, roundId);
	for (let n = 1; n <= 5; n++) await answer(page, n, n);
	await expect(page.locator('[data-sync]')).toHaveAttribute('data-sync', 'saved');
	await openNavigatorSubmit(page);
	await page.getByRole('dialog').getByRole('button', { name: 'Nộp bài' }).click();
	await expect(page.getByTestId('receipt-code')).toBeVisible(); // graded on the server
	const { attempt } = await storedEvents(SHARED_DB, attemptId);
	await expect(page.getByTestId('score')).toHaveText(`Điểm: ${attempt.score}/30`);
	const used = attempt.time_used_ms!;
	const clock = `${Math.floor(used / 60000)}:${String(Math.floor(used / 1000) % 60).padStart(2, '0')}`;
	await expect(page.getByTestId('time-used')).toHaveText(`Thời gian làm bài: ${clock}`);
	await expect(page.getByTestId('rank')).toHaveText('Xếp hạng hiện tại: 1/1');
	const full = (await page.getByTestId('receipt').textContent())!.trim();
	expect(full).toMatch(/^[0-9a-f]{64}$/);
	await expect(page.getByTestId('receipt-code')).toHaveText(readable(full));
	await expect(page.getByText(/chứng minh máy chủ đã nhận đúng bài làm/)).toBeVisible();
	await expect(page.getByRole('img', { name: 'Mã QR của biên nhận đầy đủ' })).toBeVisible();
	const download = page.waitForEvent('download');
	await page.getByRole('link', { name: 'Tải biên nhận đầy đủ (.txt)' }).click();
	const file = await (await download).path();
	const text = (await import('node:fs')).readFileSync(file, 'utf8');
	expect(text).toContain(full);
	await page.screenshot({ path: '.e2e-data/shots/candidate-result-phone.png', fullPage: true });

	// The round closes: the result stays.
	await withDb(SHARED_DB, (db) =>
		db
			.updateTable('round')
			.set({ closes_at: Date.now() - 1000 })
			.where('id', '=', roundId)
			.execute()
	);
	await page.goto('/dashboard');
	const card = page.locator(`[data-testid="history"] [data-round="${roundId}"]`);
	await expect(card).toContainText(`Điểm cao nhất: ${attempt.score}/30`);
	await expect(card).toContainText(`Thời gian: ${clock}`);
	await expect(card).toContainText('Đã đóng, chưa chốt');
	await expect(card.getByTestId('history-rank')).toContainText('chờ công bố');
	await card.getByText('Các lần thi (1)').click();
	await expect(card.locator('code')).toHaveText(readable(full));
	await page.screenshot({ path: '.e2e-data/shots/candidate-dashboard-phone.png', fullPage: true });
});

test('a finalist sees they are one, with an admission ticket and its QR code', async ({ page, request }) => {
	const who = await registerCandidate(request);
	const sbd = `TS${Math.floor(Math.random() * 90000 + 10000)}`;
	await admitToFinal({ login: who.login, sbd, pin: '123456' });
	// The demo final's room is shared with the venue tests, which seat its finalists: this one
	// leaves again whatever the outcome.
	try {
		const final = await withDb(SHARED_DB, (db) =>
			db.selectFrom('round').select('opens_at').where('id', '=', 'final').executeTakeFirstOrThrow()
		);
		await signIn(page, who.login, who.password);
		await expect(page.getByRole('heading', { name: 'Bạn vào vòng chung kết!' })).toBeVisible();
		const ticket = page.getByTestId('ticket');
		await expect(ticket.getByTestId('ticket-sbd')).toHaveText(sbd);
		await expect(ticket.getByTestId('ticket-room')).toContainText('Phòng 1');
		const vn = new Date(final.opens_at + 7 * 3600_000);
		const two = (n: number) => String(n).padStart(2, '0');
		await expect(ticket.getByTestId('ticket-date')).toHaveText(
			`${two(vn.getUTCDate())}/${two(vn.getUTCMonth() + 1)}/${vn.getUTCFullYear()}`
		);
		await expect(ticket.getByTestId('ticket-time')).toHaveText(
			`${two(vn.getUTCHours())}:${two(vn.getUTCMinutes())}`
		);
		await expect(ticket).toContainText('Căn cước công dân');
		await expect(ticket.getByRole('img', { name: new RegExp(sbd) })).toBeVisible();
		await expect(ticket).not.toContainText('123456'); // the PIN is handed out in the room
		await page.screenshot({ path: '.e2e-data/shots/candidate-ticket-phone.png', fullPage: true });
	} finally {
		await removeFinalist(sbd);
	}
});

test('the organiser edits the rules; the public page and the home page show it and the open rounds', async ({
	page,
	browser
}) => {
	await signInStaff(page, ORGANISER);
	await page.goto('/admin/pages');
	// Typed before hydration, the text area is drawn again with the stored text and the save
	// stores that (as in prizes.spec; the contact page read "chưa đăng" once in a full run).
	await hydrated(page);
	const hotline = `Đường dây nóng: 0273 ${Math.floor(Math.random() * 900000 + 100000)}`;
	const contact = page.getByRole('region', { name: 'Liên hệ và đường dây nóng' });
	await contact.getByLabel('Nội dung').fill(`## Ban Tổ chức\n\n${hotline}\n\n- Giờ hành chính\n- Cả thứ Bảy`);
	await contact.getByRole('button', { name: 'Lưu và công bố' }).click();
	await expect(contact.getByText('Đã lưu. Trang công khai đã được cập nhật.')).toBeVisible();

	const visitor = await phone(browser);
	const roundName = `Vòng mở ${Date.now()}`;
	const roundId = await createRound(SHARED_DB, { durationS: 600, name: roundName });
	const round = await withDb(SHARED_DB, (db) =>
		db
			.selectFrom('round')
			.select(['opens_at', 'closes_at'])
			.where('id', '=', roundId)
			.executeTakeFirstOrThrow()
	);
	await visitor.goto('/');
	await expect(visitor).toHaveTitle('Cuộc thi trực tuyến — Phòng Thi');
	const card = visitor.locator('li.card', { hasText: roundName });
	await expect(card).toContainText('Đang mở');
	const vn = (ms: number) => {
		const d = new Date(ms + 7 * 3600_000);
		const two = (n: number) => String(n).padStart(2, '0');
		return `${two(d.getUTCDate())}/${two(d.getUTCMonth() + 1)}/${d.getUTCFullYear()} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}`;
	};
	await expect(card).toContainText(`Mở: ${vn(round.opens_at)} · Đóng: ${vn(round.closes_at)}`);
	await expect(visitor.getByText('Thi thử (Thi thử)')).toHaveCount(0);
	await visitor.screenshot({ path: '.e2e-data/shots/candidate-home-phone.png', fullPage: true });
	await visitor.getByRole('main').getByRole('link', { name: 'Liên hệ' }).click();
	await expect(visitor.getByRole('heading', { level: 1 })).toHaveText('Liên hệ và đường dây nóng');
	await expect(visitor.getByRole('heading', { level: 2, name: 'Ban Tổ chức' })).toBeVisible();
	await expect(visitor.getByText(hotline)).toBeVisible();
	await expect(visitor.getByRole('listitem').filter({ hasText: 'Cả thứ Bảy' })).toBeVisible();
	await visitor.screenshot({ path: '.e2e-data/shots/candidate-contact-phone.png', fullPage: true });
	await visitor.context().close();
});

test('practice on a phone: score first, one provisional sentence, retry only the wrong ones', async ({
	page,
	request
}) => {
	const who = await registerCandidate(request);
	await signIn(page, who.login, who.password);
	await page.goto('/practice/practice');
	await expect(page.getByText(/Đã lưu 40 câu hỏi ôn tập trên thiết bị/)).toBeVisible();
	await page.getByRole('button', { name: 'Bắt đầu một lượt thi thử' }).click();
	await expect(page.getByRole('heading', { name: /^Câu 1\/30$/ })).toBeVisible();
	for (let n = 1; n <= 3; n++) await answer(page, n, 0);
	await openNavigatorSubmit(page);
	await page.getByRole('dialog').getByRole('button', { name: 'Nộp bài' }).click();
	const score = page.getByTestId('score');
	await expect(score).toBeInViewport();
	await expect.poll(async () => (await score.boundingBox())?.y ?? 9999).toBeLessThan(300);
	await expect(page.getByText('Điểm sẽ hiện khi có kết nối')).toHaveCount(0);
	await page.screenshot({ path: '.e2e-data/shots/candidate-practice-phone.png' });
	const right = await page.locator('.review .ok').count();
	const wrong = 30 - right;
	await expect(score).toHaveText(`Điểm: ${right}/30`);
	await page
		// "… câu sai", "… câu chưa trả lời" or "… câu sai hoặc chưa trả lời", as the paper went.
		.getByRole('button', { name: new RegExp(`^Chỉ làm lại ${wrong} câu `) })
		.first()
		.click();
	await expect(page.getByRole('heading', { name: new RegExp(`^Câu 1/${wrong}$`) })).toBeVisible();
	await expect(page.getByTestId('answered')).toHaveText(`Đã trả lời 0/${wrong}`);
	// The new paper is registered with the server and its answers are taken, not refused: its
	// option ids are the new paper's own, as the server derives them.
	const option = page.getByRole('radio').first();
	await option.click();
	await expect(option).toBeChecked();
	await expect(page.locator('[data-sync]')).toHaveAttribute('data-sync', 'saved');
	await expect(page.getByText(/Máy chủ từ chối/)).toHaveCount(0);
});
