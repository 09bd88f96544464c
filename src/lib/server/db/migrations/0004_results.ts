// Migration 0004: results, units and awards. Append-only: once run anywhere, never edited.
import type { Kysely } from 'kysely';
import type { MigrationHelpers } from './helpers';

export async function up(db: Kysely<any>, { bigint }: MigrationHelpers) {
	await db.schema
		.createTable('question_correction')
		.addColumn('round_id', 'text', (c) => c.notNull().references('round.id'))
		.addColumn('question_id', 'text', (c) => c.notNull())
		.addColumn('kind', 'text', (c) => c.notNull())
		.addColumn('correct', 'text')
		.addColumn('reason', 'text', (c) => c.notNull())
		.addColumn('actor_id', 'text', (c) => c.references('app_user.id'))
		.addColumn('at', bigint, (c) => c.notNull())
		.addPrimaryKeyConstraint('question_correction_pk', ['round_id', 'question_id'])
		.execute();

	await db.schema
		.createTable('attempt_outcome')
		.addColumn('attempt_id', 'text', (c) => c.primaryKey().references('attempt.id'))
		.addColumn('round_id', 'text', (c) => c.notNull())
		.addColumn('outcomes', 'text', (c) => c.notNull())
		.execute();
	await db.schema
		.createIndex('attempt_outcome_round')
		.on('attempt_outcome')
		.columns(['round_id', 'attempt_id'])
		.execute();

	// Attempt rows carry their paper (kilobytes of JSON). In SQLite every column after it
	// then lives on overflow pages, so reading a round's scores from the table would read
	// every paper; this index holds all the ranking needs, and the stamp's aggregate too.
	await db.schema
		.createIndex('attempt_round_ranking')
		.on('attempt')
		.columns([
			'round_id',
			'status',
			'user_id',
			'score',
			'max_score',
			'time_used_ms',
			'tiebreak',
			'submitted_at',
			'started_at',
			'graded_at',
			'id'
		])
		.execute();

	await db.schema
		.createTable('round_standing')
		.addColumn('round_id', 'text', (c) => c.notNull().references('round.id'))
		.addColumn('user_id', 'text', (c) => c.notNull())
		.addColumn('attempt_id', 'text', (c) => c.notNull())
		.addColumn('position', 'integer', (c) => c.notNull())
		.addColumn('rank', 'integer', (c) => c.notNull())
		.addColumn('score', 'integer', (c) => c.notNull())
		.addColumn('max_score', 'integer', (c) => c.notNull())
		.addColumn('time_used_ms', bigint, (c) => c.notNull())
		.addColumn('tiebreak', 'double precision')
		.addColumn('submitted_at', bigint, (c) => c.notNull())
		.addColumn('attempts', 'integer', (c) => c.notNull())
		.addColumn('unit_id', 'text', (c) => c.notNull())
		.addColumn('search', 'text', (c) => c.notNull())
		.addPrimaryKeyConstraint('round_standing_pk', ['round_id', 'user_id'])
		.execute();
	await db.schema
		.createIndex('round_standing_position')
		.on('round_standing')
		.columns(['round_id', 'position'])
		.execute();
	await db.schema
		.createIndex('round_standing_unit')
		.on('round_standing')
		.columns(['round_id', 'unit_id', 'position'])
		.execute();

	await db.schema
		.createTable('round_snapshot')
		.addColumn('round_id', 'text', (c) => c.primaryKey().references('round.id'))
		.addColumn('stamp', 'text', (c) => c.notNull())
		.addColumn('built_at', bigint, (c) => c.notNull())
		.addColumn('summary', 'text', (c) => c.notNull())
		.addColumn('questions', 'text')
		.execute();

	await db.schema
		.createTable('regrade_job')
		.addColumn('round_id', 'text', (c) => c.primaryKey().references('round.id'))
		.addColumn('requested_at', bigint, (c) => c.notNull())
		.addColumn('question_ids', 'text', (c) => c.notNull())
		.addColumn('actor_id', 'text', (c) => c.references('app_user.id'))
		.addColumn('lease_until', bigint)
		.addColumn('done', 'integer', (c) => c.notNull().defaultTo(0))
		.addColumn('changed', 'integer', (c) => c.notNull().defaultTo(0))
		.addColumn('finished_at', bigint)
		.execute();

	await db.schema
		.createTable('regrade_item')
		.addColumn('round_id', 'text', (c) => c.notNull().references('round.id'))
		.addColumn('attempt_id', 'text', (c) => c.notNull().references('attempt.id'))
		.addPrimaryKeyConstraint('regrade_item_pk', ['round_id', 'attempt_id'])
		.execute();

	await db.schema
		.createTable('round_publication')
		.addColumn('round_id', 'text', (c) => c.primaryKey().references('round.id'))
		.addColumn('published_at', bigint)
		.addColumn('published_by', 'text', (c) => c.references('app_user.id'))
		.addColumn('settings', 'text', (c) => c.notNull().defaultTo('{}'))
		.execute();
}
