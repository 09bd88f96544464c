// Migration 0016: a tablet by its seat. The lock judges, for each of a room's attempts, the
// tablet at the finalist's seat (close.ts `recordServerClose`); without this index each of
// those reads walked every tablet of the room (device_room), so a hall of 1,000 was a
// million rows at the lock.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>) {
	await db.schema.createIndex('device_seat').on('device').column('seat_id').execute();
}
