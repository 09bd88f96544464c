// Migration 0020: what bounds a late start a tablet claims. `device.keys_at` is when the server
// first released the room's keys to the tablet (a tablet online at Start opens its finalist's
// paper as soon as it has them); `finalist.start_known_at` is the first heartbeat the server
// answered after that with the finalist signed in there: they had started by then, so a start
// the tablet claims later is counted at that moment (venue/heartbeat.ts `recordOwnStart`).
import type { Kysely } from 'kysely';
import type { MigrationHelpers } from './helpers';

export async function up(db: Kysely<any>, { bigint }: MigrationHelpers) {
	await db.schema.alterTable('device').addColumn('keys_at', bigint).execute();
	await db.schema.alterTable('finalist').addColumn('start_known_at', bigint).execute();
}
