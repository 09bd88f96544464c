// The venue's database tests that start from a prepared final room. Apart from venue-fixture.ts,
// which the browser tests import too: the demo's seed reads a JSON file that Playwright's
// loader does not import.
import type { Db } from '../../src/lib/server/db';
import { prepareRoom } from '../../src/lib/server/venue';
import { seedDemo } from '../../src/lib/server/demo/seed';
import { seatFinalists } from './venue-fixture';

/**
 * The demo contest seeded a day before `at`, its final open from then for 30 days, `count`
 * finalists (two unless said) seated in room-1 and the room prepared: the organiser's id.
 */
export async function preparedFinal(
	db: Db,
	at: number,
	who: { name: string; phonePrefix: string; idPrefix: string; count?: number }
): Promise<string> {
	await seedDemo(db, { now: at - 86_400_000 });
	await db
		.updateTable('round')
		.set({ opens_at: at - 86_400_000, closes_at: at + 30 * 86_400_000 })
		.where('id', '=', 'final')
		.execute();
	const organiserId = (
		await db.selectFrom('app_user').select('id').where('role', '=', 'organiser').executeTakeFirstOrThrow()
	).id;
	await seatFinalists(db, { count: 2, ...who, organiserId, at });
	await prepareRoom(db, 'room-1', at);
	return organiserId;
}
