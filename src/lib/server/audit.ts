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

export async function recentAudit(db: Db, limit = 20) {
	return db.selectFrom('audit_log').selectAll().orderBy('id', 'desc').limit(limit).execute();
}
