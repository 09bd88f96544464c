// Set-up the venue tests share: staff signed in, a room of the demo final with seated
// finalists, the proctor's enrolment code, tablets enrolled and approved into seats,
// finalists signed in; and the two things a finalist does on the exam screen.
import {
	expect,
	type APIRequestContext,
	type Browser,
	type BrowserContext,
	type Page
} from '@playwright/test';
import { SHARED_DB, hydrated, registerCandidate, withDb } from './fixtures';
import { addFinalist } from '../../../src/lib/server/venue/finalists';

/** The demo's organiser and proctor accounts (SEED_DEMO). */
export const ORGANISER = { login: '0900000001', password: 'BanToChuc2026' };
export const PROCTOR = { login: '0900000002', password: 'GiamThi2026' };
type Staff = typeof ORGANISER;

/** Signs an organiser or a proctor in through the sign-in form. */
export async function signInStaff(page: Page, who: Staff) {
	await page.goto('/login');
	await hydrated(page);
	await page.getByLabel('Số định danh cá nhân hoặc số điện thoại').fill(who.login);
	await page.getByLabel('Mật khẩu').fill(who.password);
	await page.getByRole('button', { name: 'Đăng nhập' }).click();
	await page.waitForURL(/\/(admin|proctor)$/);
}

/** A browser of the staff's own, signed in. */
export async function staffPage(browser: Browser, baseURL: string, who: Staff): Promise<Page> {
	const context = await browser.newContext({ baseURL, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
	const page = await context.newPage();
	await signInStaff(page, who);
	return page;
}

export interface SeatedFinalist {
	id: string;
	sbd: string;
	pin: string;
	seat_id: string | null;
}

/**
 * A room of the demo final, the demo proctor assigned to it, seat i (id `${room}-s${i+1}`,
 * labelled `seatLabels[i]` or "Ghế i+1") for each candidate in turn, each made a finalist and
 * seated. The final's duration and window are set as given. Returns the finalists by seat.
 */
export async function seatFinalists(opts: {
	room: string;
	name: string;
	people: readonly { nationalId: string }[];
	durationS: number;
	opensAt?: number;
	closesAt?: number;
	seatLabels?: readonly string[];
	/** The server's database file (a TestServer's own); the shared one by default. */
	file?: string;
}): Promise<SeatedFinalist[]> {
	return withDb(opts.file ?? SHARED_DB, async (db) => {
		const userId = async (where: 'role' | 'phone', value: string) =>
			(await db.selectFrom('app_user').select('id').where(where, '=', value).executeTakeFirstOrThrow()).id;
		const organiser = await userId('role', 'organiser');
		const proctor = await userId('phone', PROCTOR.login);
		await db
			.updateTable('round')
			.set({
				duration_s: opts.durationS,
				...(opts.opensAt === undefined ? {} : { opens_at: opts.opensAt }),
				...(opts.closesAt === undefined ? {} : { closes_at: opts.closesAt })
			})
			.where('id', '=', 'final')
			.execute();
		await db
			.insertInto('room')
			.values({ id: opts.room, round_id: 'final', name: opts.name, settings: '{"maxLateStartS":600}' })
			.execute();
		await db.insertInto('room_proctor').values({ room_id: opts.room, user_id: proctor }).execute();
		for (const [i, person] of opts.people.entries()) {
			const seat = `${opts.room}-s${i + 1}`;
			await db
				.insertInto('seat')
				.values({ id: seat, room_id: opts.room, label: opts.seatLabels?.[i] ?? `Ghế ${i + 1}` })
				.execute();
			const f = await addFinalist(db, {
				finalRoundId: 'final',
				login: person.nationalId,
				actorId: organiser
			});
			if (!f.ok) throw new Error(f.code);
			await db
				.updateTable('finalist')
				.set({ room_id: opts.room, seat_id: seat })
				.where('sbd', '=', f.sbd)
				.execute();
		}
		return db
			.selectFrom('finalist')
			.select(['id', 'sbd', 'pin', 'seat_id'])
			.where('room_id', '=', opts.room)
			.orderBy('seat_id')
			.execute();
	});
}

/**
 * Makes a registered candidate (by phone) a finalist of the demo final in its Phòng 1, with
 * no seat yet: what an admission ticket shows. The demo's room is shared with the venue
 * tests, so callers remove the row again (`removeFinalist`).
 */
export async function admitToFinal(opts: { login: string; sbd: string; pin: string }) {
	await withDb(SHARED_DB, async (db) => {
		const user = await db
			.selectFrom('app_user')
			.select('id')
			.where('phone', '=', opts.login)
			.executeTakeFirstOrThrow();
		await db
			.insertInto('finalist')
			.values({
				id: `f-${opts.sbd}`,
				round_id: 'final',
				user_id: user.id,
				sbd: opts.sbd,
				pin: opts.pin,
				source: 'manual',
				room_id: 'room-1',
				seat_id: null,
				attempt_id: null,
				device_id: null,
				signed_in_at: null,
				lost: 0,
				created_at: Date.now()
			})
			.execute();
	});
}

export async function removeFinalist(sbd: string) {
	await withDb(SHARED_DB, (db) => db.deleteFrom('finalist').where('id', '=', `f-${sbd}`).execute());
}

/** The proctor's console for the room, with a fresh enrolment code shown; returns the code. */
export async function showEnrolCode(proctor: Page, room: string): Promise<string> {
	await proctor.goto(`/proctor/rooms/${room}`);
	await proctor.getByRole('button', { name: 'Tạo mã đăng ký mới' }).click();
	return (await proctor.getByTestId('enrol-code').innerText()).trim();
}

export interface Tablet {
	context: BrowserContext;
	page: Page;
	label: string;
	/** Each time the tablet opened its room's push stream (`/api/venue/stream`). */
	streams: string[];
	/** Each heartbeat the tablet sent (`/api/venue/heartbeat`). */
	heartbeats: string[];
}

/** A tablet of its own (a browser context), enrolled with the code and waiting for approval. */
export async function enrolTablet(
	browser: Browser,
	baseURL: string,
	code: string,
	label: string,
	viewport?: { width: number; height: number }
): Promise<Tablet> {
	const context = await browser.newContext({
		baseURL,
		locale: 'vi-VN',
		timezoneId: 'Asia/Ho_Chi_Minh',
		...(viewport ? { viewport } : {})
	});
	const page = await context.newPage();
	page.on('pageerror', (e) => console.log(`[${label}] pageerror ${e.message}`));
	page.on(
		'console',
		(m) => m.type() === 'error' && !m.text().includes('net::') && console.log(`[${label}] ${m.text()}`)
	);
	const streams: string[] = [];
	const heartbeats: string[] = [];
	page.on('request', (r) => {
		const path = new URL(r.url()).pathname;
		if (path === '/api/venue/stream') streams.push(r.url());
		if (path === '/api/venue/heartbeat') heartbeats.push(r.url());
	});
	await page.goto(`/venue?code=${code}`);
	await page.getByLabel('Tên thiết bị').fill(label);
	await page.getByRole('button', { name: 'Đăng ký thiết bị' }).click();
	await expect(page.getByRole('heading', { name: /Đang chờ giám thị duyệt/ })).toBeVisible();
	return { context, page, label, streams, heartbeats };
}

/**
 * The proctor approves a waiting tablet from the console, into a seat or as a spare. Into a seat
 * that has a tablet (`replaces`, as the dialog names it after "máy": "A" for a label "Máy A"),
 * the console asks first: the dialog names that tablet, and the proctor confirms.
 */
export async function approveTablet(
	proctor: Page,
	label: string,
	seatId?: string,
	{ replaces }: { replaces?: string } = {}
) {
	const item = proctor.getByRole('listitem').filter({ hasText: label });
	if (seatId) await item.getByRole('combobox').selectOption(seatId);
	await item.getByRole('button', { name: 'Duyệt và xếp vào' }).click();
	if (replaces !== undefined) {
		const dialog = proctor.getByRole('dialog');
		await expect(dialog).toContainText(`thay máy ${replaces}?`);
		await dialog.getByRole('button', { name: `Duyệt, thay máy ${replaces}`, exact: true }).click();
		await expect(dialog).toBeHidden();
	}
	await expect(item).toHaveCount(0, { timeout: 15_000 });
}

/** The tablet holds the room's `papers` sealed papers and says it is ready. */
export async function expectTabletReady(page: Page, papers: number) {
	await expect(page.getByTestId('tablet-ready')).toHaveAttribute('data-papers', String(papers), {
		timeout: 20_000
	});
	await expect(page.getByTestId('tablet-ready')).toHaveAttribute('data-ready', 'true', { timeout: 30_000 });
}

/** A finalist signs in on a tablet with the ticket's SBD and PIN, and waits for the start. */
export async function signInFinalist(page: Page, sbd: string, pin: string) {
	await page.getByLabel('Số báo danh').fill(sbd);
	await page.getByLabel('Mã PIN').fill(pin);
	await page.getByRole('button', { name: 'Đăng nhập' }).click();
	await expect(page.getByRole('heading', { name: 'Chờ giám thị bắt đầu' })).toBeVisible();
}

/**
 * A new room whose one seat (`${room}-s1`) a new candidate takes as its finalist, open all day,
 * the demo proctor's console open on it, and a tablet enrolled, approved to the seat and ready,
 * the finalist signed in on it and waiting for the start.
 */
export async function oneSeatRoom(o: {
	browser: Browser;
	request: APIRequestContext;
	baseURL: string;
	room: string;
	name: string;
	label: string;
	durationS: number;
}): Promise<{ proctor: Page; tablet: Tablet; sbd: string }> {
	const who = await registerCandidate(o.request);
	const [{ sbd, pin }] = await seatFinalists({
		room: o.room,
		name: o.name,
		people: [who],
		durationS: o.durationS,
		opensAt: Date.now() - 3_600_000,
		closesAt: Date.now() + 86_400_000
	});
	const proctor = await staffPage(o.browser, o.baseURL, PROCTOR);
	const code = await showEnrolCode(proctor, o.room);
	const tablet = await enrolTablet(o.browser, o.baseURL, code, o.label);
	await approveTablet(proctor, o.label, `${o.room}-s1`);
	await expectTabletReady(tablet.page, 1);
	await signInFinalist(tablet.page, sbd, pin);
	return { proctor, tablet, sbd };
}

/** Answers question n with its k-th option (wrapping around: questions have 2–6 options). */
export async function answer(page: Page, n: number, k: number) {
	await page.getByRole('button', { name: new RegExp(`^Câu ${n}/30:`) }).click();
	await expect(page.getByRole('radio').first()).toBeVisible();
	const option = page.getByRole('radio').nth(k % (await page.getByRole('radio').count()));
	await option.click();
	// The dot appears only once IndexedDB holds the answer.
	await expect(option).toBeChecked();
}

/** A proctor's code read out, typed in the exam bar's code dialog, which closes once it is taken. */
export async function typeCode(page: Page, code: string, { refused = false } = {}) {
	await page.getByRole('button', { name: 'Nhập mã giám thị' }).click();
	const dialog = page.getByRole('dialog', { name: 'Nhập mã giám thị' });
	await dialog.getByLabel('Mã giám thị').fill(code);
	await dialog.getByRole('button', { name: 'Áp dụng mã' }).click();
	if (!refused) await expect(dialog).toBeHidden();
}

/** Confirms the console's open dialog: a seat row's move, extension, loss and wipe ask first. */
export async function confirmDialog(page: Page, name: string | RegExp) {
	const dialog = page.getByRole('dialog');
	await dialog.getByRole('button', { name }).click();
	await expect(dialog).toBeHidden();
}
