// The bank's topics and pools: created, renamed, published, and counted per blueprint cell.
import type { Db } from '../db';
import type { PoolVisibility } from '../db/schema';
import { audit } from '../audit';
import { failure, type Outcome } from '../failure';
import { clean } from './model';
import { SLUG, slugify } from './ids';

export async function listTopics(db: Db) {
	const rows = await db
		.selectFrom('topic')
		.leftJoin('question', (j) =>
			j.onRef('question.topic_id', '=', 'topic.id').on('question.status', '=', 'active')
		)
		.select((eb) => ['topic.id', 'topic.name', eb.fn.count<number>('question.id').as('questions')])
		.groupBy(['topic.id', 'topic.name'])
		.orderBy('topic.name')
		.execute();
	return rows.map((r) => ({ ...r, questions: Number(r.questions) }));
}

export async function listPools(db: Db) {
	const rows = await db
		.selectFrom('pool')
		.leftJoin('question', (j) =>
			j.onRef('question.pool_id', '=', 'pool.id').on('question.status', '=', 'active')
		)
		.select((eb) => [
			'pool.id',
			'pool.name',
			'pool.visibility',
			'pool.published',
			eb.fn.count<number>('question.id').as('questions')
		])
		.groupBy(['pool.id', 'pool.name', 'pool.visibility', 'pool.published'])
		.orderBy('pool.name')
		.execute();
	return rows.map((r) => ({ ...r, questions: Number(r.questions) }));
}

/** Why a topic or pool was not created, renamed or published; worded by bank.setup[code]. */
export type SetupCode = 'required' | 'badId' | 'idTaken' | 'notFound';

/**
 * Stores a new topic or pool (`insert`, ON CONFLICT DO NOTHING: whether it stored one) under
 * the organiser's id, or when they gave none under the first of `slug`, `slug-2`, `slug-3`…
 * free; null when their id is taken. The insert is the check: read first and inserted after,
 * two requests sent at once (a double click) both found the id free, and the second failed on
 * the unique key (a 500). On PostgreSQL an insert of an id another transaction is inserting
 * waits for it to end: committed, nothing is stored here; rolled back, this stores the row.
 */
async function insertFree(
	wanted: string | undefined,
	slug: string,
	insert: (id: string) => Promise<boolean>
): Promise<string | null> {
	if (wanted) return (await insert(wanted)) ? wanted : null;
	for (let i = 1; ; i++) {
		const id = i === 1 ? slug : `${slug.slice(0, 36)}-${i}`;
		if (await insert(id)) return id;
	}
}

const stored = (r: { numInsertedOrUpdatedRows?: bigint }) => Number(r.numInsertedOrUpdatedRows ?? 0) > 0;

export async function createTopic(
	db: Db,
	input: { id?: string; name: string },
	actorId: string | null,
	now = Date.now()
): Promise<Outcome<{ id: string }, SetupCode>> {
	const name = clean(input.name);
	if (!name) return failure('required');
	if (input.id && !SLUG.test(input.id)) return failure('badId');
	return db.transaction().execute(async (tx): Promise<Outcome<{ id: string }, SetupCode>> => {
		const id = await insertFree(input.id, slugify(name), async (id) =>
			stored(
				await tx
					.insertInto('topic')
					.values({ id, name })
					.onConflict((oc) => oc.column('id').doNothing())
					.executeTakeFirst()
			)
		);
		if (id === null) return failure('idTaken');
		await audit(tx, { actorId, action: 'topic.create', target: id, detail: { name } }, now);
		return { ok: true, id };
	});
}

export async function renameTopic(
	db: Db,
	id: string,
	name: string,
	actorId: string | null,
	now = Date.now()
): Promise<Outcome<object, SetupCode>> {
	const clean_ = clean(name);
	if (!clean_) return failure('required');
	await db.transaction().execute(async (tx) => {
		await tx.updateTable('topic').set({ name: clean_ }).where('id', '=', id).execute();
		await audit(tx, { actorId, action: 'topic.rename', target: id, detail: { name: clean_ } }, now);
	});
	return { ok: true };
}

export async function createPool(
	db: Db,
	input: { id?: string; name: string; visibility: PoolVisibility },
	actorId: string | null,
	now = Date.now()
): Promise<Outcome<{ id: string }, SetupCode>> {
	const name = clean(input.name);
	if (!name) return failure('required');
	if (input.id && !SLUG.test(input.id)) return failure('badId');
	return db.transaction().execute(async (tx): Promise<Outcome<{ id: string }, SetupCode>> => {
		const id = await insertFree(input.id, slugify(name), async (id) =>
			stored(
				await tx
					.insertInto('pool')
					.values({ id, name, visibility: input.visibility, published: 0 })
					.onConflict((oc) => oc.column('id').doNothing())
					.executeTakeFirst()
			)
		);
		if (id === null) return failure('idTaken');
		await audit(
			tx,
			{ actorId, action: 'pool.create', target: id, detail: { name, visibility: input.visibility } },
			now
		);
		return { ok: true, id };
	});
}

/**
 * Publishing a public pool is the organiser's deliberate statement that its questions and
 * keys are public, so graded rounds may draw from it. A graded round open on that pool
 * keeps it published.
 */
export async function setPoolPublished(
	db: Db,
	id: string,
	published: boolean,
	actorId: string | null,
	now = Date.now()
): Promise<Outcome<object, SetupCode>> {
	const pool = await db.selectFrom('pool').select('id').where('id', '=', id).executeTakeFirst();
	if (!pool) return failure('notFound');
	await db.transaction().execute(async (tx) => {
		await tx
			.updateTable('pool')
			.set({ published: published ? 1 : 0 })
			.where('id', '=', id)
			.execute();
		await audit(tx, { actorId, action: published ? 'pool.publish' : 'pool.unpublish', target: id }, now);
	});
	return { ok: true };
}

export async function renamePool(
	db: Db,
	id: string,
	name: string,
	actorId: string | null,
	now = Date.now()
): Promise<Outcome<object, SetupCode>> {
	const clean_ = clean(name);
	if (!clean_) return failure('required');
	await db.transaction().execute(async (tx) => {
		await tx.updateTable('pool').set({ name: clean_ }).where('id', '=', id).execute();
		await audit(tx, { actorId, action: 'pool.rename', target: id, detail: { name: clean_ } }, now);
	});
	return { ok: true };
}

/** Active questions per pool, topic and difficulty: what a blueprint can draw on. */
export async function cellCounts(db: Db) {
	const rows = await db
		.selectFrom('question')
		.select((eb) => ['pool_id', 'topic_id', 'difficulty', eb.fn.countAll<number>().as('n')])
		.where('status', '=', 'active')
		.groupBy(['pool_id', 'topic_id', 'difficulty'])
		.execute();
	return rows.map((r) => ({
		poolId: r.pool_id,
		topicId: r.topic_id,
		difficulty: r.difficulty,
		n: Number(r.n)
	}));
}
