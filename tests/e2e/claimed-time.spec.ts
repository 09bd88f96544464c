// An attacker with a tablet's token, on a real built server, over HTTP only: heartbeats that
// never name its chain, then three answers "made" 1–3 ms after the start. Time used (which breaks
// ties for prizes) is the server's, from its own heartbeats; the minutes show what it claimed.
import { expect, test } from '@playwright/test';
import ExcelJS from 'exceljs';
import { chainEvent, type AnswerEvent } from '../../src/lib/exam/events';
import { hydrated, withDb } from './support/fixtures';
import { ORGANISER, ROOM1, buildWorld, type World } from './support/hostile-world';

let world: World;

test.beforeAll(async () => {
	world = await buildWorld('claimed-time');
});

test.afterAll(async () => {
	await world?.close();
});

test('a tablet that claims its answers were made in the first milliseconds gets the time its heartbeats allow', async ({
	page
}) => {
	const { anon, proctor1, pending, fin3 } = world;
	const bearer = { authorization: `Bearer ${pending.token}` };
	// The spare tablet is approved at seat 2, where finalist 3 sits; the room is running.
	const approved = await proctor1.post(`/api/proctor/rooms/${ROOM1}/actions`, {
		data: { action: 'approve', deviceId: pending.deviceId, seatId: `${ROOM1}-s2` }
	});
	expect(approved.status(), await approved.text()).toBe(200);
	// As if the room had started two minutes ago: well past the slack a claim is allowed.
	const startedAt = Date.now() - 120_000;
	await withDb(world.server.sqliteFile, async (db) => {
		await db.updateTable('venue_room').set({ started_at: startedAt }).where('room_id', '=', ROOM1).execute();
		await db
			.updateTable('attempt')
			.set({ started_at: startedAt })
			.where('id', '=', fin3.venueAttemptId)
			.execute();
	});
	const heartbeat = async () => {
		const res = await anon.post('/api/venue/heartbeat', { data: { unsent: 0 }, headers: bearer });
		expect(res.status(), await res.text()).toBe(200);
	};
	// Heard twice without naming its chain; the second heartbeat is the one that binds.
	await heartbeat();
	const sentAt = Date.now();
	await heartbeat();
	const answeredAt = Date.now();

	const paper = await withDb(world.server.sqliteFile, async (db) =>
		db
			.selectFrom('attempt_paper')
			.select('paper')
			.where('attempt_id', '=', fin3.venueAttemptId)
			.executeTakeFirstOrThrow()
	);
	const questions = (JSON.parse(paper.paper) as { questions: { id: string; options: { id: string }[] }[] })
		.questions;
	const events: AnswerEvent[] = [];
	let prev = fin3.venueAttemptId;
	for (const seq of [1, 2, 3]) {
		const q = questions[seq - 1];
		const e = await chainEvent(prev, {
			seq,
			questionId: q.id,
			choice: q.options[0].id,
			at: Date.now(),
			elapsedMs: seq
		});
		events.push(e);
		prev = e.hash;
	}
	const sent = await anon.post(`/api/attempts/${fin3.venueAttemptId}/events`, {
		data: { deviceId: pending.deviceId, events },
		headers: bearer
	});
	expect(sent.status(), await sent.text()).toBe(200);
	await heartbeat();
	const locked = await proctor1.post(`/api/proctor/rooms/${ROOM1}/actions`, { data: { action: 'lock' } });
	expect(locked.status(), await locked.text()).toBe(200);

	const graded = await withDb(world.server.sqliteFile, (db) =>
		db
			.selectFrom('attempt')
			.select(['time_used_ms', 'time_claimed_ms', 'answered'])
			.where('id', '=', fin3.venueAttemptId)
			.executeTakeFirstOrThrow()
	);
	// Oracle: the test's own clock around the binding heartbeat (the room was never paused).
	expect(graded.answered).toBe(3);
	expect(graded.time_claimed_ms).toBe(3);
	expect(graded.time_used_ms).toBeGreaterThanOrEqual(sentAt - startedAt);
	expect(graded.time_used_ms).toBeLessThanOrEqual(answeredAt - startedAt);

	// The proctor's minutes show both: the time counted, and what the tablet claimed (0 s).
	const minutes = await proctor1.get(`/proctor/rooms/${ROOM1}/export`);
	expect(minutes.status()).toBe(200);
	const book = new ExcelJS.Workbook();
	await book.xlsx.load((await minutes.body()) as unknown as ArrayBuffer);
	const results = book.worksheets[1];
	// Sheet values are sparse (cells and rows count from 1): holes read as ''.
	const rows = Array.from(results.getSheetValues(), (r) =>
		Array.from(Array.isArray(r) ? r : [], (v: unknown) => (v == null ? '' : String(v)))
	);
	const header = rows[1];
	const column = (name: string) => header.findIndex((h) => h.startsWith(name));
	const seat2 = rows.find((r) => r[column('Số báo danh')] === fin3.sbd)!;
	// Seconds to a tenth, as the ranking's export gives them (the minutes once rounded to whole ones).
	expect(seat2[column('Thời gian làm bài')]).toBe(String(Math.round(graded.time_used_ms! / 100) / 10));
	expect(seat2[column('Thời gian máy tính bảng tự khai')]).toBe('0');

	// The organiser's dispute view of the attempt shows the claim beside the time counted.
	await page.setViewportSize({ width: 1024, height: 768 });
	await page.goto(`${world.url}/login`);
	await hydrated(page);
	await page.getByLabel('Số định danh cá nhân hoặc số điện thoại').fill(ORGANISER.login);
	await page.getByLabel('Mật khẩu').fill(ORGANISER.password);
	await page.getByRole('button', { name: 'Đăng nhập' }).click();
	await page.waitForURL(/\/admin$/);
	await page.goto(`${world.url}/admin/results/final/attempts/${fin3.venueAttemptId}`);
	await expect(page.getByText('Thời gian máy tính bảng tự khai (máy chủ không xác nhận được)')).toBeVisible();
	await expect(page.getByTestId('dispute-time-claimed')).toHaveText(/^0?0:00$/);
	await page.screenshot({ path: 'test-results/claimed-time-dispute-1024.png', fullPage: true });
});
