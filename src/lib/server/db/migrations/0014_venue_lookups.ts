// Migration 0014: indexes for what every venue heartbeat and tablet sync looks up — a
// finalist by its attempt, its tablet or its seat, and a tablet's attempt_device rows (the
// attempts moved away from it). Without them each of those reads walked the room's finalists,
// every finalist, or every attempt_device row of every round, for each of a hall's
// 1,000 heartbeats a second.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>) {
	await db.schema.createIndex('finalist_attempt').on('finalist').column('attempt_id').execute();
	await db.schema.createIndex('finalist_device').on('finalist').column('device_id').execute();
	await db.schema.createIndex('finalist_seat').on('finalist').column('seat_id').execute();
	await db.schema.createIndex('attempt_device_device').on('attempt_device').column('device_id').execute();
}
