// Test set-up that reaches the server's database directly: rounds of a few seconds and
// candidates. Behaviour is always exercised through the server and the browser.
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { APIRequestContext, Browser, Page } from '@playwright/test';
import { expect } from '@playwright/test';
import { openDb } from '../../../src/lib/server/db';
import { demoBlueprint } from '../../../src/lib/server/demo/blueprint';
import { attemptWithPaper } from '../../db/venue-fixture';

/** The database of the server Playwright starts for all browser tests (playwright.config.ts). */
export const SHARED_DB = path.resolve('.e2e-data', process.env.E2E_PORT ?? '4173', 'phongthi.sqlite');

let counter = Math.floor(Math.random() * 9000);

/** A fresh eligible adult, registered through the API; returns their login. */
export async function registerCandidate(request: APIRequestContext, baseURL = '') {
	counter += 1;
	const suffix = String(counter).padStart(4, '0');
	const person = {
		fullName: `Thí Sinh Kiểm Thử ${suffix}`,
		birthDate: '1991-05-05',
		gender: 'female',
		nationalId: `08219100${suffix}`,
		phone: `09450${String(counter).padStart(5, '0')}`,
		address: 'Mỹ Tho, Tiền Giang',
		unitId: 'my-tho',
		password: 'MatKhau2026',
		publishName: true
	};
	const res = await request.post(`${baseURL}/api/candidates`, { data: person });
	expect(res.status(), await res.text()).toBe(201);
	return {
		login: person.phone,
		password: person.password,
		nationalId: person.nationalId,
		name: person.fullName
	};
}

/**
 * Waits until the page in the tab has hydrated (the root layout marks <html>). Text typed into a
 * server-rendered field before that is drawn again empty, and the form sends nothing.
 */
export async function hydrated(page: Page) {
	await page.locator('html[data-hydrated]').waitFor({ state: 'attached' });
}

export async function signIn(page: Page, login: string, password: string, baseURL = '') {
	await page.goto(`${baseURL}/login`);
	await hydrated(page);
	await page.getByLabel('Số định danh cá nhân hoặc số điện thoại').fill(login);
	await page.getByLabel('Mật khẩu').fill(password);
	await page.getByRole('button', { name: 'Đăng nhập' }).click();
	await page.waitForURL(/\/dashboard$/);
}

/** A browser context as a candidate's phone: Vietnamese, 390 × 844. */
export function phoneContext(browser: Browser, baseURL: string | undefined) {
	return browser.newContext({ baseURL, locale: 'vi-VN', viewport: { width: 390, height: 844 } });
}

/** A qualifying-style round open now, drawing 30 secret questions, with its own timing. */
export async function createRound(
	file: string,
	opts: {
		durationS: number;
		graceS?: number;
		kind?: 'qualifying' | 'practice';
		name?: string;
		tiebreak?: boolean;
	}
): Promise<string> {
	const handle = await openDb({ dataDir: path.dirname(file), sqliteFile: path.basename(file) });
	try {
		const id = `r-${randomUUID().slice(0, 8)}`;
		const topics = (await handle.db.selectFrom('topic').select('id').orderBy('id').execute()).map(
			(t) => t.id
		);
		const now = Date.now();
		await handle.db
			.insertInto('round')
			.values({
				id,
				contest_id: 'demo',
				kind: opts.kind ?? 'qualifying',
				name: opts.name ?? `Vòng kiểm thử ${id}`,
				opens_at: now - 1000,
				closes_at: now + 3600_000,
				question_count: 30,
				duration_s: opts.durationS,
				grace_s: opts.graceS ?? 120,
				min_age: 12,
				max_attempts: null,
				max_attempts_per_week: null,
				review_after: opts.kind === 'practice' ? 1 : 0,
				settings: JSON.stringify({
					blueprint: demoBlueprint(topics),
					poolIds: [opts.kind === 'practice' ? 'public' : 'secret'],
					tiebreak: opts.tiebreak ? { prompt: 'Dự đoán số người tham gia?', truth: 100 } : null
				}),
				finalised_at: null
			})
			.execute();
		return id;
	} finally {
		await handle.close();
	}
}

/** Starts `roundId` from the signed-in candidate's dashboard: the exam's first question shown, its attempt's id. */
export async function startRound(page: Page, roundId: string) {
	await page.goto('/dashboard');
	// The start button opens its dialog from script: a tap before hydration does nothing.
	await hydrated(page);
	await page.locator(`button[data-round="${roundId}"]`).click();
	await page.getByRole('dialog').getByRole('button', { name: 'Tôi đồng ý, bắt đầu' }).click();
	await page.waitForURL(/\/exam\//);
	await expect(page.getByRole('heading', { name: /^Câu 1\/30$/ })).toBeVisible();
	return attemptIdFrom(page);
}

/** What the server stored for an attempt (read after the fact, to check nothing was lost). */
export async function storedEvents(file: string, attemptId: string) {
	const handle = await openDb({ dataDir: path.dirname(file), sqliteFile: path.basename(file) });
	try {
		const events = await handle.db
			.selectFrom('answer_event')
			.select(['device_id', 'seq', 'question_id', 'choice', 'elapsed_ms', 'counts', 'reason', 'flags'])
			.where('attempt_id', '=', attemptId)
			.orderBy('device_id')
			.orderBy('seq')
			.execute();
		const attempt = await attemptWithPaper(handle.db, attemptId);
		return { events, attempt };
	} finally {
		await handle.close();
	}
}

/** The device's own log, read from IndexedDB in the page. */
export async function deviceLog(page: Page, attemptId: string) {
	return page.evaluate(async (id) => {
		const open = indexedDB.open('phongthi');
		const db: IDBDatabase = await new Promise((res, rej) => {
			open.onsuccess = () => res(open.result);
			open.onerror = () => rej(open.error);
		});
		const tx = db.transaction('outbox', 'readonly');
		const all: {
			attemptId: string;
			deviceId: string;
			seq: number;
			questionId: string;
			choice: unknown;
			status: string;
		}[] = await new Promise((res) => {
			const r = tx.objectStore('outbox').getAll();
			r.onsuccess = () => res(r.result);
		});
		db.close();
		return all.filter((e) => e.attemptId === id).sort((a, b) => a.seq - b.seq);
	}, attemptId);
}

export function attemptIdFrom(page: Page): string {
	const m = /\/exam\/([^/?#]+)/.exec(page.url());
	if (!m) throw new Error(`not on an exam page: ${page.url()}`);
	return m[1];
}

/** Runs a function against the server's database file (set-up and read-back only). */
export async function withDb<T>(
	file: string,
	fn: (db: import('../../../src/lib/server/db').Db) => Promise<T>
): Promise<T> {
	const handle = await openDb({ dataDir: path.dirname(file), sqliteFile: path.basename(file) });
	try {
		return await fn(handle.db);
	} finally {
		await handle.close();
	}
}

/**
 * Waits until the service worker controls the page: only then does a reload work offline. A page
 * whose load began before the worker activated asks it to take the page (sw.ts SW_CLAIM); if
 * none controls it after 30 s, what the registration held is printed and the test fails.
 */
export async function waitForServiceWorker(page: Page) {
	const controlled = () => page.evaluate(() => !!navigator.serviceWorker?.controller);
	try {
		await expect.poll(controlled, { timeout: 30_000 }).toBe(true);
	} catch (e) {
		const held = await page.evaluate(async () => {
			const r = await navigator.serviceWorker.getRegistration();
			return r && { installing: r.installing?.state, waiting: r.waiting?.state, active: r.active?.state };
		});
		console.warn(`no service worker controls ${page.url()} after 30 s; registration ${JSON.stringify(held)}`);
		throw e;
	}
}
