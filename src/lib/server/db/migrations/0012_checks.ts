// Migration 0012: the status and kind columns accept only the values the code knows. A CHECK
// constraint on PostgreSQL; on SQLite, which cannot add a constraint to an existing table,
// triggers that abort the same writes. A later migration that adds a value replaces the rule.
import { sql, type Kysely } from 'kysely';
import type { MigrationHelpers } from './helpers';

/** Table, column, and the values it may hold, as of this migration. */
export const CHECKED: [string, string, string[]][] = [
	['unit', 'kind', ['province', 'city', 'town', 'district', 'department']],
	['app_user', 'role', ['candidate', 'proctor', 'organiser']],
	['login_attempt', 'kind', ['login', 'register', 'reset']],
	['round', 'kind', ['practice', 'qualifying', 'final']],
	['pool', 'visibility', ['public', 'secret']],
	['question', 'status', ['active', 'retired']],
	['import_batch', 'status', ['uploading', 'analysed', 'committing', 'done', 'cancelled', 'failed']],
	['attempt', 'mode', ['home', 'venue']],
	['attempt', 'status', ['waiting', 'running', 'paused', 'submitted', 'locked']],
	['question_correction', 'kind', ['void', 'key']],
	['venue_room', 'status', ['preparing', 'running', 'paused', 'locked', 'finalised']],
	['device', 'status', ['pending', 'approved', 'wiped']]
];

const list = (values: string[]) => sql.raw(values.map((v) => `'${v}'`).join(', '));

export async function up(db: Kysely<any>, { dialect }: MigrationHelpers) {
	for (const [table, column, values] of CHECKED) {
		const name = sql.raw(`${table}_${column}_check`);
		const t = sql.raw(table);
		const c = sql.raw(column);
		if (dialect === 'postgres') {
			await sql`ALTER TABLE ${t} ADD CONSTRAINT ${name} CHECK (${c} IN (${list(values)}))`.execute(db);
			continue;
		}
		const message = sql.raw(`'CHECK constraint failed: ${table}.${column}'`);
		for (const [when, event] of [
			['insert', sql`INSERT`],
			['update', sql`UPDATE OF ${c}`]
		] as const) {
			const trigger = sql.raw(`${table}_${column}_check_${when}`);
			await sql`CREATE TRIGGER ${trigger} BEFORE ${event} ON ${t}
				WHEN NEW.${c} NOT IN (${list(values)})
				BEGIN SELECT RAISE(ABORT, ${message}); END`.execute(db);
		}
	}
}
