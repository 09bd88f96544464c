import type { Db } from './db';

export interface AuditEntry {
	actorId: string | null;
	action: string;
	target?: string | null;
	detail?: Record<string, unknown>;
}

/** Every role change and every proctor or organiser action is written here. */
export async function audit(db: Db, entry: AuditEntry, now = Date.now()): Promise<void> {
	await db
		.insertInto('audit_log')
		.values({
			at: now,
			actor_id: entry.actorId,
			action: entry.action,
			target: entry.target ?? null,
			detail: JSON.stringify(entry.detail ?? {})
		})
		.execute();
}

/**
 * Actions whose target is an account (audit_log.target holds its id): the recent log names that
 * account, by its name and role only, as an organiser sees them on any account screen.
 */
export const ACCOUNT_ACTIONS = [
	'role.grant',
	'password.resetMailed',
	'password.codeIssued',
	'password.reset',
	'password.setOnServer',
	'account.disable',
	'account.enable'
] as const;

/**
 * The latest entries, each with who acted and, for an account action (`ACCOUNT_ACTIONS`), whose
 * account it was: the name and role an organiser sees on any account screen, nothing more.
 */
export async function recentAudit(db: Db, limit = 20) {
	const rows = await db
		.selectFrom('audit_log')
		.leftJoin('app_user', 'app_user.id', 'audit_log.actor_id')
		.leftJoin('app_user as target_user', (join) =>
			join.onRef('target_user.id', '=', 'audit_log.target').on('audit_log.action', 'in', [...ACCOUNT_ACTIONS])
		)
		.select([
			'audit_log.id',
			'audit_log.at',
			'audit_log.action',
			'audit_log.actor_id',
			'app_user.full_name as actor_name',
			'app_user.role as actor_role',
			'target_user.id as target_id',
			'target_user.full_name as target_name',
			'target_user.role as target_role'
		])
		.orderBy('audit_log.id', 'desc')
		.limit(limit)
		.execute();
	return rows.map(({ actor_id, target_id, target_name, target_role, ...row }) => ({
		...row,
		// One's own account (a reset by link or code) is named already as who acted.
		target:
			target_id && target_id !== actor_id && target_name && target_role
				? { name: target_name, role: target_role }
				: null
	}));
}
