// A final's room opened on the demo database, for the db specs. Kept apart from venue-fixture.ts,
// which the Playwright fixtures import: the demo's seed imports JSON, which Playwright's ESM loader
// on Node 20 refuses without an import attribute.
import { enrolTablet, seatFinalists } from './venue-fixture';
import { prepareRoom } from '../../src/lib/server/venue';
import type { TokenClaims } from '../../src/lib/server/tokens';
import { openDemoDb, type TestDb } from './testdb';

const DAY = 86_400_000;

/**
 * The demo seeded a day before `at`, its final open from then to 30 days after (a room starts
 * only inside its round's window), and `seats.count` finalists seated in room-1.
 */
export async function openFinalRoom(
	at: number,
	seats: Omit<Parameters<typeof seatFinalists>[1], 'organiserId' | 'at'>
): Promise<{ t: TestDb; organiser: string }> {
	const demo = await openDemoDb(at - DAY);
	await demo.t.db
		.updateTable('round')
		.set({ opens_at: at - DAY, closes_at: at + 30 * DAY })
		.where('id', '=', 'final')
		.execute();
	await seatFinalists(demo.t.db, { ...seats, organiserId: demo.organiser, at });
	return demo;
}

/**
 * `openFinalRoom`, the room's papers prepared 1,000 s after `at`, and a tablet enrolled and
 * approved at each seat 100 s later, named `deviceIds[i]` for the i-th seat in seat order.
 */
export async function openRoomWithTablets(
	at: number,
	seats: Omit<Parameters<typeof seatFinalists>[1], 'organiserId' | 'at' | 'count'>,
	secret: Buffer,
	deviceIds: readonly string[]
): Promise<{
	t: TestDb;
	organiser: string;
	seats: { attemptId: string; seatId: string; token: TokenClaims }[];
}> {
	const demo = await openFinalRoom(at, { ...seats, count: deviceIds.length });
	const prepared = await prepareRoom(demo.t.db, 'room-1', at + 1000_000);
	if ('ok' in prepared) throw new Error(prepared.code);
	const rows = await demo.t.db
		.selectFrom('finalist')
		.select(['attempt_id', 'seat_id'])
		.where('room_id', '=', 'room-1')
		.orderBy('seat_id')
		.execute();
	const seated = [];
	for (const [i, deviceId] of deviceIds.entries()) {
		const token = await enrolTablet(demo.t.db, secret, {
			roomId: 'room-1',
			actorId: demo.organiser,
			deviceId,
			seat: rows[i].seat_id!,
			at: at + 1100_000
		});
		seated.push({ attemptId: rows[i].attempt_id!, seatId: rows[i].seat_id!, token });
	}
	return { ...demo, seats: seated };
}

/** `openRoomWithTablets`, and a spare tablet "spare-1" enrolled and approved to no seat at `spareAt`. */
export async function openRoomWithSpare(
	at: number,
	seats: Parameters<typeof openRoomWithTablets>[1],
	secret: Buffer,
	deviceIds: readonly string[],
	spareAt: number
) {
	const room = await openRoomWithTablets(at, seats, secret, deviceIds);
	const spare = await enrolTablet(room.t.db, secret, {
		roomId: 'room-1',
		actorId: room.organiser,
		deviceId: 'spare-1',
		seat: null,
		at: spareAt
	});
	return { ...room, spare };
}
