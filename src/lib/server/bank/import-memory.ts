// What the import page remembers for an organiser: the column mapping chosen for headings
// the app does not know, and the defaults (pool, topic, difficulty) of the last import.
import type { Db } from '../db';
import { COLUMN_KEYS, type ColumnMapping, type MappedField } from './formats/columns';
import type { ImportDefaults } from './analyse';

const FIELDS = new Set<string>([...COLUMN_KEYS, 'ignore']);

export async function savedMapping(db: Db, actorId: string | null): Promise<ColumnMapping> {
	if (!actorId) return {};
	const rows = await db
		.selectFrom('import_mapping')
		.select(['heading', 'field'])
		.where('actor_id', '=', actorId)
		.execute();
	return Object.fromEntries(
		rows.filter((r) => FIELDS.has(r.field)).map((r) => [r.heading, r.field as MappedField])
	);
}

export async function saveMapping(db: Db, actorId: string | null, mapping: ColumnMapping, now: number) {
	if (!actorId) return;
	for (const [heading, field] of Object.entries(mapping)) {
		if (!heading || !FIELDS.has(field)) continue;
		await db
			.insertInto('import_mapping')
			.values({ actor_id: actorId, heading: heading.slice(0, 200), field, updated_at: now })
			.onConflict((oc) => oc.columns(['actor_id', 'heading']).doUpdateSet({ field, updated_at: now }))
			.execute();
	}
}

/** The defaults of the organiser's last import, or null when there is none. */
export async function lastDefaults(db: Db, actorId: string): Promise<ImportDefaults | null> {
	const last = await db
		.selectFrom('import_batch')
		.select('options')
		.where('actor_id', '=', actorId)
		.orderBy('created_at', 'desc')
		.limit(1)
		.executeTakeFirst();
	if (!last) return null;
	try {
		const o = JSON.parse(last.options) as ImportDefaults;
		return { poolId: o.poolId ?? null, topicId: o.topicId ?? null, difficulty: o.difficulty ?? null };
	} catch {
		return null;
	}
}
