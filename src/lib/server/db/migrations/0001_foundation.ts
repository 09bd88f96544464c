// Migration 0001: units, people and roles, sessions, rate limits, audit, contest, rounds,
// rooms, the question bank. Append-only: once run anywhere, never edited.
import type { Kysely } from 'kysely';
import type { MigrationHelpers } from './helpers';

export async function up(db: Kysely<any>, { bigint, autoId, dialect }: MigrationHelpers) {
	await db.schema
		.createTable('unit')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('parent_id', 'text', (c) => c.references('unit.id'))
		.addColumn('name', 'text', (c) => c.notNull())
		.addColumn('kind', 'text', (c) => c.notNull())
		.addColumn('headcount', 'integer', (c) => c.notNull().defaultTo(0))
		.addColumn('sort', 'integer', (c) => c.notNull().defaultTo(0))
		.execute();

	await db.schema
		.createTable('app_user')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('role', 'text', (c) => c.notNull())
		.addColumn('full_name', 'text', (c) => c.notNull())
		.addColumn('national_id', 'text', (c) => c.unique())
		.addColumn('phone', 'text', (c) => c.unique())
		.addColumn('email', 'text')
		.addColumn('password_hash', 'text', (c) => c.notNull())
		.addColumn('created_at', bigint, (c) => c.notNull())
		.addColumn('disabled', 'integer', (c) => c.notNull().defaultTo(0))
		.execute();

	await db.schema
		.createTable('candidate_profile')
		.addColumn('user_id', 'text', (c) => c.primaryKey().references('app_user.id'))
		.addColumn('birth_date', 'text', (c) => c.notNull())
		.addColumn('gender', 'text', (c) => c.notNull())
		.addColumn('address', 'text', (c) => c.notNull())
		.addColumn('unit_id', 'text', (c) => c.notNull().references('unit.id'))
		.addColumn('guardian_name', 'text')
		.addColumn('guardian_phone', 'text')
		.addColumn('guardian_consent', 'integer', (c) => c.notNull().defaultTo(0))
		.addColumn('publish_name', 'integer', (c) => c.notNull().defaultTo(0))
		.execute();
	await db.schema.createIndex('candidate_profile_unit').on('candidate_profile').column('unit_id').execute();

	await db.schema
		.createTable('session')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('user_id', 'text', (c) => c.notNull().references('app_user.id'))
		.addColumn('created_at', bigint, (c) => c.notNull())
		.addColumn('expires_at', bigint, (c) => c.notNull())
		.execute();
	await db.schema.createIndex('session_user').on('session').column('user_id').execute();

	await db.schema
		.createTable('login_attempt')
		.addColumn('id', autoId, (c) =>
			dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement()
		)
		.addColumn('kind', 'text', (c) => c.notNull())
		.addColumn('key', 'text', (c) => c.notNull())
		.addColumn('at', bigint, (c) => c.notNull())
		.addColumn('ok', 'integer', (c) => c.notNull())
		.execute();
	await db.schema
		.createIndex('login_attempt_key_at')
		.on('login_attempt')
		.columns(['kind', 'key', 'at'])
		.execute();

	await db.schema
		.createTable('audit_log')
		.addColumn('id', autoId, (c) =>
			dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement()
		)
		.addColumn('at', bigint, (c) => c.notNull())
		.addColumn('actor_id', 'text')
		.addColumn('action', 'text', (c) => c.notNull())
		.addColumn('target', 'text')
		.addColumn('detail', 'text', (c) => c.notNull().defaultTo('{}'))
		.execute();
	await db.schema.createIndex('audit_log_at').on('audit_log').column('at').execute();

	await db.schema
		.createTable('exclusion')
		.addColumn('national_id', 'text', (c) => c.primaryKey())
		.addColumn('reason', 'text', (c) => c.notNull())
		.execute();

	await db.schema
		.createTable('contest')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('name', 'text', (c) => c.notNull())
		.addColumn('starts_on', 'text', (c) => c.notNull())
		.addColumn('min_age', 'integer', (c) => c.notNull())
		.addColumn('created_at', bigint, (c) => c.notNull())
		.execute();

	await db.schema
		.createTable('round')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('contest_id', 'text', (c) => c.notNull().references('contest.id'))
		.addColumn('kind', 'text', (c) => c.notNull())
		.addColumn('name', 'text', (c) => c.notNull())
		.addColumn('opens_at', bigint, (c) => c.notNull())
		.addColumn('closes_at', bigint, (c) => c.notNull())
		.addColumn('question_count', 'integer', (c) => c.notNull())
		.addColumn('duration_s', 'integer', (c) => c.notNull())
		.addColumn('grace_s', 'integer', (c) => c.notNull())
		.addColumn('min_age', 'integer', (c) => c.notNull())
		.addColumn('max_attempts', 'integer')
		.addColumn('max_attempts_per_week', 'integer')
		.addColumn('review_after', 'integer', (c) => c.notNull().defaultTo(0))
		.addColumn('settings', 'text', (c) => c.notNull().defaultTo('{}'))
		.addColumn('finalised_at', bigint)
		.execute();
	await db.schema.createIndex('round_contest').on('round').column('contest_id').execute();

	await db.schema
		.createTable('room')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('round_id', 'text', (c) => c.notNull().references('round.id'))
		.addColumn('name', 'text', (c) => c.notNull())
		.addColumn('settings', 'text', (c) => c.notNull().defaultTo('{}'))
		.execute();
	await db.schema
		.createTable('seat')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('room_id', 'text', (c) => c.notNull().references('room.id'))
		.addColumn('label', 'text', (c) => c.notNull())
		.execute();

	await db.schema
		.createTable('topic')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('name', 'text', (c) => c.notNull())
		.execute();
	await db.schema
		.createTable('pool')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('name', 'text', (c) => c.notNull())
		.addColumn('visibility', 'text', (c) => c.notNull())
		.addColumn('published', 'integer', (c) => c.notNull().defaultTo(0))
		.execute();
	await db.schema
		.createTable('question')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('pool_id', 'text', (c) => c.notNull().references('pool.id'))
		.addColumn('topic_id', 'text', (c) => c.notNull().references('topic.id'))
		.addColumn('difficulty', 'integer', (c) => c.notNull())
		.addColumn('status', 'text', (c) => c.notNull().defaultTo('active'))
		.addColumn('version', 'integer', (c) => c.notNull())
		.addColumn('created_at', bigint, (c) => c.notNull())
		.addColumn('updated_at', bigint, (c) => c.notNull())
		.execute();
	await db.schema
		.createIndex('question_cell')
		.on('question')
		.columns(['pool_id', 'topic_id', 'difficulty', 'status'])
		.execute();
	// Versions are never edited: a paper keeps pointing at the text it was drawn with.
	await db.schema
		.createTable('question_version')
		.addColumn('question_id', 'text', (c) => c.notNull().references('question.id'))
		.addColumn('version', 'integer', (c) => c.notNull())
		.addColumn('text', 'text', (c) => c.notNull())
		.addColumn('options', 'text', (c) => c.notNull())
		.addColumn('correct', 'text', (c) => c.notNull())
		.addColumn('explanation', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('reference', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('created_at', bigint, (c) => c.notNull())
		.addPrimaryKeyConstraint('question_version_pk', ['question_id', 'version'])
		.execute();

	await db.schema
		.createTable('app_setting')
		.addColumn('key', 'text', (c) => c.primaryKey())
		.addColumn('value', 'text', (c) => c.notNull())
		.execute();
}
