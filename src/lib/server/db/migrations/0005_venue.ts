// Migration 0005: the venue — finalists, proctors of rooms, room state, tablets, pauses,
// incidents.
import type { Kysely } from 'kysely';
import type { MigrationHelpers } from './helpers';

export async function up(db: Kysely<any>, { bigint, autoId, dialect }: MigrationHelpers) {
	const serial = (c: any) => (dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement());

	await db.schema
		.createTable('finalist')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('round_id', 'text', (c) => c.notNull().references('round.id'))
		.addColumn('user_id', 'text', (c) => c.notNull().references('app_user.id'))
		.addColumn('sbd', 'text', (c) => c.notNull())
		.addColumn('pin', 'text', (c) => c.notNull())
		.addColumn('source', 'text', (c) => c.notNull())
		.addColumn('room_id', 'text', (c) => c.references('room.id'))
		.addColumn('seat_id', 'text', (c) => c.references('seat.id'))
		.addColumn('attempt_id', 'text')
		.addColumn('device_id', 'text')
		.addColumn('signed_in_at', bigint)
		.addColumn('lost', 'integer', (c) => c.notNull().defaultTo(0))
		.addColumn('created_at', bigint, (c) => c.notNull())
		.addUniqueConstraint('finalist_round_user', ['round_id', 'user_id'])
		.addUniqueConstraint('finalist_round_sbd', ['round_id', 'sbd'])
		.execute();
	await db.schema.createIndex('finalist_room').on('finalist').column('room_id').execute();

	await db.schema
		.createTable('room_proctor')
		.addColumn('room_id', 'text', (c) => c.notNull().references('room.id'))
		.addColumn('user_id', 'text', (c) => c.notNull().references('app_user.id'))
		.addPrimaryKeyConstraint('room_proctor_pk', ['room_id', 'user_id'])
		.execute();

	// Secrets of a room (paper key, start code) never leave the server until Start.
	await db.schema
		.createTable('venue_room')
		.addColumn('room_id', 'text', (c) => c.primaryKey().references('room.id'))
		.addColumn('status', 'text', (c) => c.notNull())
		.addColumn('enrol_code', 'text')
		.addColumn('enrol_expires_at', bigint)
		.addColumn('start_code', 'text', (c) => c.notNull())
		.addColumn('paper_key', 'text', (c) => c.notNull())
		.addColumn('code_key', 'text', (c) => c.notNull())
		.addColumn('wrapped_key', 'text', (c) => c.notNull())
		.addColumn('max_late_ms', bigint, (c) => c.notNull())
		.addColumn('prepared_at', bigint, (c) => c.notNull())
		.addColumn('started_at', bigint)
		.addColumn('locked_at', bigint)
		.addColumn('finalised_at', bigint)
		.execute();

	await db.schema
		.createTable('device')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('room_id', 'text', (c) => c.notNull().references('room.id'))
		.addColumn('seat_id', 'text', (c) => c.references('seat.id'))
		.addColumn('status', 'text', (c) => c.notNull())
		.addColumn('label', 'text', (c) => c.notNull())
		.addColumn('enrolled_at', bigint, (c) => c.notNull())
		.addColumn('approved_at', bigint)
		.addColumn('last_seen_at', bigint)
		.addColumn('readiness', 'text', (c) => c.notNull().defaultTo('{}'))
		.addColumn('report', 'text', (c) => c.notNull().defaultTo('{}'))
		.execute();
	await db.schema.createIndex('device_room').on('device').column('room_id').execute();

	// A pause of the room (attempt_id null) or of one finalist; `to_at` null while it lasts.
	await db.schema
		.createTable('pause')
		.addColumn('id', autoId, serial)
		.addColumn('room_id', 'text', (c) => c.notNull().references('room.id'))
		.addColumn('attempt_id', 'text')
		.addColumn('from_at', bigint, (c) => c.notNull())
		.addColumn('to_at', bigint)
		.execute();
	await db.schema.createIndex('pause_room').on('pause').column('room_id').execute();

	await db.schema
		.createTable('incident')
		.addColumn('id', autoId, serial)
		.addColumn('room_id', 'text', (c) => c.notNull().references('room.id'))
		.addColumn('seat_id', 'text')
		.addColumn('at', bigint, (c) => c.notNull())
		.addColumn('kind', 'text', (c) => c.notNull())
		.addColumn('note', 'text', (c) => c.notNull())
		.addColumn('actor_id', 'text')
		.execute();
	await db.schema.createIndex('incident_room').on('incident').column('room_id').execute();
}
