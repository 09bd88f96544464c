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

/** The latest entries, each with who acted: the name and role an organiser sees on any account screen. */
export async function recentAudit(db: Db, limit = 20) {
	return db
		.selectFrom('audit_log')
		.leftJoin('app_user', 'app_user.id', 'audit_log.actor_id')
		.select([
			'audit_log.id',
			'audit_log.at',
			'audit_log.action',
			'app_user.full_name as actor_name',
			'app_user.role as actor_role'
		])
		.orderBy('audit_log.id', 'desc')
		.limit(limit)
		.execute();
}
