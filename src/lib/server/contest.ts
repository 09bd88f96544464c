// Contest, rounds and units as the foundation needs them; the organiser's editing of
// rounds comes with the question bank.
import type { Db } from './db';

export async function currentContest(db: Db) {
	return db.selectFrom('contest').selectAll().orderBy('created_at', 'desc').limit(1).executeTakeFirst();
}

export async function listRounds(db: Db, contestId: string) {
	return db.selectFrom('round').selectAll().where('contest_id', '=', contestId).orderBy('opens_at').execute();
}

export async function openRounds(db: Db, now = Date.now()) {
	return db
		.selectFrom('round')
		.selectAll()
		.where('opens_at', '<=', now)
		.where('closes_at', '>', now)
		.where('kind', '!=', 'final')
		.orderBy('opens_at')
		.execute();
}

export interface UnitNode {
	id: string;
	name: string;
	kind: string;
	headcount: number;
	children: UnitNode[];
}

export async function unitTree(db: Db): Promise<UnitNode[]> {
	const rows = await db.selectFrom('unit').selectAll().orderBy('sort').orderBy('name').execute();
	const nodes = new Map<string, UnitNode>(
		rows.map((r) => [r.id, { id: r.id, name: r.name, kind: r.kind, headcount: r.headcount, children: [] }])
	);
	const roots: UnitNode[] = [];
	for (const r of rows) {
		const node = nodes.get(r.id)!;
		const parent = r.parent_id ? nodes.get(r.parent_id) : undefined;
		(parent ? parent.children : roots).push(node);
	}
	return roots;
}
