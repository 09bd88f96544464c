// Migration 0019: the result look-up's tries are counted where the other limits' are
// (login_attempt, kind 'lookup'), so one step checks and counts them (ratelimit.ts `reserveTry`);
// its own table, read first and written later, let tries side by side through. The rule on
// login_attempt.kind (0012_checks) is replaced to accept the new kind.
import { sql, type Kysely } from 'kysely';
import type { MigrationHelpers } from './helpers';

const KINDS = sql.raw(["'login'", "'register'", "'reset'", "'lookup'"].join(', '));

export async function up(db: Kysely<any>, { dialect }: MigrationHelpers) {
	if (dialect === 'postgres') {
		await sql`ALTER TABLE login_attempt DROP CONSTRAINT login_attempt_kind_check`.execute(db);
		await sql`ALTER TABLE login_attempt ADD CONSTRAINT login_attempt_kind_check CHECK (kind IN (${KINDS}))`.execute(
			db
		);
	} else {
		for (const [when, event] of [
			['insert', sql`INSERT`],
			['update', sql`UPDATE OF kind`]
		] as const) {
			const trigger = sql.raw(`login_attempt_kind_check_${when}`);
			await sql`DROP TRIGGER ${trigger}`.execute(db);
			await sql`CREATE TRIGGER ${trigger} BEFORE ${event} ON login_attempt
				WHEN NEW.kind NOT IN (${KINDS})
				BEGIN SELECT RAISE(ABORT, 'CHECK constraint failed: login_attempt.kind'); END`.execute(db);
		}
	}
	await db.schema.dropTable('lookup_attempt').execute();
}
