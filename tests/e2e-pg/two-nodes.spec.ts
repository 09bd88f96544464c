// Room state lives in the database: a proctor on one server process and a tablet on another,
// both on one PostgreSQL, run the same room.
import { expect, test } from '@playwright/test';
import { TestServer } from '../e2e/support/server';
import { registerCandidate } from '../e2e/support/fixtures';
import { openDb } from '../../src/lib/server/db';
import { addFinalist } from '../../src/lib/server/venue/finalists';
import { assignProctor } from '../../src/lib/server/venue/rooms';
import { createDatabase } from '../support/pg-database';

test('a proctor on one server process and a tablet on another see the same room', async ({
	browser,
	request
}) => {
	test.setTimeout(180_000);
	const database = await createDatabase('phongthi_nodes');
	const url = database.url;
	const env = { DATABASE_URL: url };
	const a = new TestServer('node-a', env);
	const b = new TestServer('node-b', env);
	try {
		await a.start();
		await b.start();
		const who = await registerCandidate(request, a.url);
		const handle = await openDb({ databaseUrl: url });
		const { sbd, pin } = await (async () => {
			const db = handle.db;
			const organiser = (
				await db.selectFrom('app_user').select('id').where('role', '=', 'organiser').executeTakeFirstOrThrow()
			).id;
			const proctor = (
				await db.selectFrom('app_user').select('id').where('role', '=', 'proctor').executeTakeFirstOrThrow()
			).id;
			await db
				.updateTable('round')
				.set({ duration_s: 300, opens_at: Date.now() - 3_600_000, closes_at: Date.now() + 86_400_000 })
				.where('id', '=', 'final')
				.execute();
			await assignProctor(db, { roomId: 'room-1', userId: proctor, actorId: organiser });
			const f = await addFinalist(db, { finalRoundId: 'final', login: who.nationalId, actorId: organiser });
			if (!f.ok) throw new Error(f.code);
			await db
				.updateTable('finalist')
				.set({ room_id: 'room-1', seat_id: 'room-1-s1' })
				.where('sbd', '=', f.sbd)
				.execute();
			return db
				.selectFrom('finalist')
				.select(['sbd', 'pin'])
				.where('sbd', '=', f.sbd)
				.executeTakeFirstOrThrow();
		})();
		await handle.close();

		const proctorCtx = await browser.newContext({ baseURL: a.url, locale: 'vi-VN' });
		const proctor = await proctorCtx.newPage();
		await proctor.goto('/login');
		await proctor.getByLabel('Số định danh cá nhân hoặc số điện thoại').fill('0900000002');
		await proctor.getByLabel('Mật khẩu').fill('GiamThi2026');
		await proctor.getByRole('button', { name: 'Đăng nhập' }).click();
		await proctor.waitForURL(/\/proctor$/);
		await proctor.goto('/proctor/rooms/room-1');
		await proctor.getByRole('button', { name: 'Tạo mã đăng ký mới' }).click();
		const code = (await proctor.getByTestId('enrol-code').innerText()).trim();

		const tabletCtx = await browser.newContext({ baseURL: b.url, locale: 'vi-VN' });
		const tablet = await tabletCtx.newPage();
		await tablet.goto(`/venue?code=${code}`);
		await tablet.getByRole('button', { name: 'Đăng ký thiết bị' }).click();
		const pending = proctor.locator('.pending li').first();
		await pending.getByRole('combobox').selectOption('room-1-s1');
		await pending.getByRole('button', { name: 'Duyệt và xếp vào' }).click();
		await expect(tablet.getByText('Máy đã sẵn sàng cho bài thi.')).toBeVisible({ timeout: 15_000 });
		await tablet.getByLabel('Số báo danh').fill(sbd);
		await tablet.getByLabel('Mã PIN').fill(pin);
		await tablet.getByRole('button', { name: 'Đăng nhập' }).click();
		await expect(proctor.locator('tr[data-seat="Ghế 1"]')).toContainText('Có mặt', { timeout: 10_000 });

		await proctor.getByRole('button', { name: 'Bắt đầu', exact: true }).click();
		// Bắt đầu asks first (issue 13): confirm in the dialog.
		await proctor.getByRole('dialog').getByRole('button', { name: 'Bắt đầu ngay' }).click();
		await expect(tablet.getByRole('heading', { name: /^Câu 1\/30$/ })).toBeVisible({ timeout: 5_000 });
		for (const k of [0, 1]) {
			await tablet.getByRole('button', { name: new RegExp(`^Câu ${k + 1}/30:`) }).click();
			await tablet.getByRole('radio').nth(k).click();
			await expect(tablet.getByRole('radio').nth(k)).toBeChecked();
		}
		await expect(proctor.locator('tr[data-seat="Ghế 1"]').getByTestId('answered')).toHaveText('2/30', {
			timeout: 10_000
		});
		await proctor.getByRole('button', { name: 'Tạm dừng phòng' }).click();
		await expect(tablet.getByText('Giám thị đã tạm dừng bài thi.')).toBeVisible({ timeout: 5_000 });
		await proctor.getByRole('button', { name: 'Tiếp tục phòng' }).click();
		await expect(tablet.getByText('Giám thị đã tạm dừng bài thi.')).toHaveCount(0, { timeout: 5_000 });
		await proctor.getByRole('button', { name: 'Khóa phòng (thu bài)' }).click();
		await proctor
			.getByRole('dialog', { name: 'Khóa phòng và thu bài?' })
			.getByRole('button', { name: 'Khóa phòng ngay' })
			.click();
		await expect(tablet.getByRole('region', { name: 'Biên nhận bài thi' })).toBeVisible({ timeout: 15_000 });
		await expect(proctor.locator('tr[data-seat="Ghế 1"]').getByTestId('state')).toHaveAttribute(
			'data-state',
			'locked'
		);
		await tabletCtx.close();
		await proctorCtx.close();
	} finally {
		await a.stop();
		await b.stop();
		await database.drop();
	}
});
