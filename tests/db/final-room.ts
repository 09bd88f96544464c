// A final's room opened on the demo database, for the db specs. Kept apart from venue-fixture.ts,
// which the Playwright fixtures import: the demo's seed imports JSON, which Playwright's ESM loader
// on Node 20 refuses without an import attribute.
import { seatFinalists } from './venue-fixture';
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
