// A topic or pool created twice at once (a double click, two tabs): each request ends as it
// would one after the other. The id was looked up first and inserted later, so requests side by
// side all found it free and all but one failed on the unique key, a 500. On PostgreSQL a second
// connection inserts the same id and holds it uncommitted while the call runs; SQLite's one
// connection runs the calls side by side.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialectUnderTest, openDemoDb, type TestDb } from './testdb';
import { secondConnection } from './pg-holder';
import { createPool, createTopic } from '../../src/lib/server/bank/topics';

let t: TestDb;
let organiser = '';
const NOW = Date.UTC(2026, 10, 23, 2, 0);

beforeAll(async () => {
	({ t, organiser } = await openDemoDb(NOW - 86400_000));
});
afterAll(async () => t?.drop());

const topicIds = async (name: string) =>
	(await t.db.selectFrom('topic').select('id').where('name', '=', name).orderBy('id').execute()).map(
		(r) => r.id
	);
const poolIds = async (name: string) =>
	(await t.db.selectFrom('pool').select('id').where('name', '=', name).orderBy('id').execute()).map(
		(r) => r.id
	);
const created = (n: number): string[] => Array(n).fill('created');
const outcome = (r: { ok: boolean; code?: string }) => (r.ok ? 'created' : r.code);

describe(`five requests at once (${dialectUnderTest})`, () => {
	it('the same topic id: one is created, four are told the id is taken', async () => {
		const rs = await Promise.all(
			Array.from({ length: 5 }, () =>
				createTopic(t.db, { id: 'dua-chu-de', name: 'Chủ đề đua' }, organiser, NOW)
			)
		);
		expect(rs.map(outcome).sort()).toEqual([...created(1), 'idTaken', 'idTaken', 'idTaken', 'idTaken']);
		expect(await topicIds('Chủ đề đua')).toEqual(['dua-chu-de']);
	});

	it('the same pool id: one is created, four are told the id is taken', async () => {
		const rs = await Promise.all(
			Array.from({ length: 5 }, () =>
				createPool(t.db, { id: 'dua-ngan-hang', name: 'Ngân hàng đua', visibility: 'secret' }, organiser, NOW)
			)
		);
		expect(rs.map(outcome).sort()).toEqual([...created(1), 'idTaken', 'idTaken', 'idTaken', 'idTaken']);
		expect(await poolIds('Ngân hàng đua')).toEqual(['dua-ngan-hang']);
	});

	it('the same name without an id: each is created under the next free id, as one after another', async () => {
		const topics = await Promise.all(
			Array.from({ length: 5 }, () => createTopic(t.db, { name: 'Chủ đề trùng tên' }, organiser, NOW))
		);
		expect(topics.map(outcome)).toEqual(created(5));
		const ids = [
			'chu-de-trung-ten',
			'chu-de-trung-ten-2',
			'chu-de-trung-ten-3',
			'chu-de-trung-ten-4',
			'chu-de-trung-ten-5'
		];
		expect(await topicIds('Chủ đề trùng tên')).toEqual(ids);
		const pools = await Promise.all(
			Array.from({ length: 5 }, () =>
				createPool(t.db, { name: 'Ngân hàng trùng tên', visibility: 'public' }, organiser, NOW)
			)
		);
		expect(pools.map(outcome)).toEqual(created(5));
		expect((await poolIds('Ngân hàng trùng tên')).length).toBe(5);
	});
});

/**
 * PostgreSQL: a second connection that has inserted `id` into `table` and holds it uncommitted
 * until `end`, which commits or rolls back as `how` says. SQLite has one writer: the row is
 * there before the call (committed), or never (rolled back).
 */
async function holding(table: 'topic' | 'pool', id: string, how: 'COMMIT' | 'ROLLBACK') {
	const insert =
		table === 'topic'
			? 'INSERT INTO topic (id, name) VALUES ($1, $2)'
			: "INSERT INTO pool (id, name, visibility, published) VALUES ($1, $2, 'secret', 0)";
	if (dialectUnderTest === 'sqlite') {
		if (how === 'COMMIT' && table === 'topic')
			await t.db.insertInto('topic').values({ id, name: 'Đang thêm' }).execute();
		if (how === 'COMMIT' && table === 'pool')
			await t.db
				.insertInto('pool')
				.values({ id, name: 'Đang thêm', visibility: 'secret', published: 0 })
				.execute();
		return { waitedOnBy: async () => {}, end: async () => {} };
	}
	const holder = await secondConnection(t.db);
	const other = holder.client;
	await other.query('BEGIN');
	await other.query(insert, [id, 'Đang thêm']);
	return {
		/** Returns once a session waits on a lock, or `call` ended. */
		waitedOnBy: (call: Promise<unknown>) => holder.queued(1, call),
		async end() {
			await other.query(how);
			await holder.end();
		}
	};
}

describe(`an id being inserted by another transaction (${dialectUnderTest})`, () => {
	it('committed: the id is taken; without an id, the next one is used', async () => {
		const other = await holding('topic', 'cho-chu-de', 'COMMIT');
		const given = createTopic(t.db, { id: 'cho-chu-de', name: 'Chờ chủ đề' }, organiser, NOW);
		await other.waitedOnBy(given);
		const slugged = createTopic(t.db, { name: 'Chờ chủ đề' }, organiser, NOW);
		await other.end();
		expect(await given).toEqual({ ok: false, code: 'idTaken' });
		expect(await slugged).toEqual({ ok: true, id: 'cho-chu-de-2' });
	});

	it('rolled back: the pool is created under its id', async () => {
		const other = await holding('pool', 'cho-ngan-hang', 'ROLLBACK');
		const given = createPool(
			t.db,
			{ id: 'cho-ngan-hang', name: 'Chờ ngân hàng', visibility: 'secret' },
			organiser,
			NOW
		);
		await other.waitedOnBy(given);
		await other.end();
		expect(await given).toEqual({ ok: true, id: 'cho-ngan-hang' });
		expect(await poolIds('Chờ ngân hàng')).toEqual(['cho-ngan-hang']);
	});
});
