// The console's upload of an offline tablet's log, when the server is receiving another (it takes
// one at a time): the refusal is said in Vietnamese, with when to try again, and stays on screen
// past the grid's polls; the same file chosen again, once the other is done, is uploaded. The
// other upload is held inside the server by a body that arrives only in part. The console is the
// real page, at tablet size.
import http from 'node:http';
import fs from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { registerCandidate, SHARED_DB, withDb } from './support/fixtures';
import { PROCTOR, seatFinalists, showEnrolCode, signInStaff } from './support/hall';
import { simTablet } from './support/sim-tablet';
import { importAesKey, rawKeyFromB64, sealJson } from '../../src/lib/exam/venue-crypto';

test.describe.configure({ timeout: 120_000 });
test.use({ viewport: { width: 1024, height: 768 } });

const ROOM = 'room-upload-turn';
const UPLOAD = `/api/proctor/rooms/${ROOM}/upload`;

/** A grid poll of the console answered. */
const polled = (page: Page) => page.waitForResponse((r) => r.url().endsWith(`/api/proctor/rooms/${ROOM}`));

test('a log chosen while the server receives another: refused in Vietnamese, then uploaded when chosen again', async ({
	page: proctor,
	request,
	baseURL
}, testInfo) => {
	const window = await withDb(SHARED_DB, (db) =>
		db
			.selectFrom('round')
			.select(['opens_at', 'closes_at'])
			.where('id', '=', 'final')
			.executeTakeFirstOrThrow()
	);
	await seatFinalists({
		room: ROOM,
		name: 'Phòng nạp nhật ký',
		people: [await registerCandidate(request)],
		durationS: 600,
		opensAt: Date.now() - 3_600_000,
		closesAt: Date.now() + 86_400_000
	});
	await signInStaff(proctor, PROCTOR);
	const tablet = await simTablet(request, await showEnrolCode(proctor, ROOM), 'Máy mất mạng');
	await tablet.stop();

	// The tablet's exported log: sealed with the room's paper key, its own token, nothing in it.
	const paperKey = await withDb(SHARED_DB, async (db) => {
		const v = await db
			.selectFrom('venue_room')
			.select('paper_key')
			.where('room_id', '=', ROOM)
			.executeTakeFirstOrThrow();
		return v.paper_key;
	});
	const sealed = await sealJson(
		await importAesKey(rawKeyFromB64(paperKey)),
		{ attempts: [] },
		`export:${tablet.deviceId}`,
		crypto.getRandomValues(new Uint8Array(12))
	);
	const file = testInfo.outputPath('nhat-ky.json');
	fs.writeFileSync(
		file,
		JSON.stringify({
			kind: 'phongthi-venue-log',
			roomId: ROOM,
			deviceId: tablet.deviceId,
			token: tablet.token,
			sealed
		})
	);

	// Another console's upload, its first 64 KB of 1 MB sent and the rest held back.
	const cookie = (await proctor.context().cookies()).map((k) => `${k.name}=${k.value}`).join('; ');
	const held = http.request(`${baseURL}${UPLOAD}`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', 'content-length': String(1_000_000), cookie }
	});
	held.on('error', () => {});
	held.write(' '.repeat(64 * 1024));
	// Inside the server once an upload sent meanwhile is refused for it.
	const probe = async () => (await proctor.request.post(UPLOAD, { data: {} })).status();
	await expect.poll(probe, { timeout: 15_000 }).toBe(429);

	const input = proctor.getByLabel('Nạp nhật ký từ máy mất mạng');
	await input.setInputFiles(file);
	const refused = proctor.getByTestId('upload-refused');
	await expect(refused).toHaveText(
		'Máy chủ đang nhận một tệp nhật ký khác. Vui lòng chọn lại tệp sau 5 giây.'
	);
	// Still said after the grid's next polls.
	await polled(proctor);
	await polled(proctor);
	await expect(refused).toBeVisible();
	await refused.scrollIntoViewIfNeeded();
	await proctor.screenshot({ path: testInfo.outputPath('upload-refused-1024.png') });

	// The other console goes away: the server takes uploads again.
	held.destroy();
	await expect.poll(probe, { timeout: 15_000 }).toBe(400);
	await input.setInputFiles(file);
	await expect(proctor.getByTestId('uploaded')).toHaveText('Đã nạp 0 câu trả lời mới.');
	await expect(refused).toHaveCount(0);
	await proctor.screenshot({ path: testInfo.outputPath('uploaded-1024.png') });

	await withDb(SHARED_DB, (db) => db.updateTable('round').set(window).where('id', '=', 'final').execute());
});
