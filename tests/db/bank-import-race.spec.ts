// An import's analysis racing another analysis, a commit or a cancel (review finding: a
// re-analysis during the commit left hidden questions behind and had the organiser told
// "done" before anything was imported; two analyses at once mixed their staging or failed
// with a 500). One analysis wins whole, the other is refused; once a commit has begun no
// analysis changes the staging; the bank ends with the file's questions in one pool only.
// Runs on SQLite and PostgreSQL.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openDemoDb, type TestDb } from './testdb';
import {
	analyseImport,
	cancelImport,
	commitStep,
	getImport,
	importFile
} from '../../src/lib/server/bank/imports';
import type { StagedQuestion } from '../../src/lib/server/bank/analyse';

const gate = vi.hoisted(() => ({
	hold: null as null | { reached: () => void; open: Promise<void> }
}));
vi.mock('../../src/lib/server/turns', async (original) => {
	const real = await original<typeof import('../../src/lib/server/turns')>();
	return {
		...real,
		yieldToServer: async () => {
			const hold = gate.hold;
			gate.hold = null;
			if (hold) {
				hold.reached();
				await hold.open;
			}
			return real.yieldToServer();
		}
	};
});

const NOW = Date.UTC(2026, 10, 22, 3, 0);
/** More than two commit chunks and three staging slices. */
const N = 600;

let t: TestDb;
let organiser: string;
let topicId: string;

beforeAll(async () => {
	({ t, organiser } = await openDemoDb(NOW));
	topicId = (await t.db.selectFrom('topic').select('id').executeTakeFirstOrThrow()).id;
});
afterAll(async () => t.drop());

/** A GIFT file of n questions no other test file has. */
function giftFile(tag: string, n = N): Buffer {
	const lines: string[] = [];
	for (let i = 0; i < n; i++)
		lines.push(
			`::${tag}-${i}:: Trong đợt ${tag}, mã số ${i * 7919 + 13} ứng với phương án nào? {=Phương án ${i} đúng ~Phương án ${i} sai thứ nhất ~Phương án ${i} sai thứ hai}`,
			''
		);
	return Buffer.from(lines.join('\n'));
}

/** Uploaded and analysed with the public pool as default: the batch the races start from. */
async function analysedBatch(tag: string): Promise<string> {
	const view = await importFile(
		t.db,
		{ fileName: `${tag}.gift`, data: giftFile(tag), defaults: { poolId: 'public', topicId, difficulty: 2 } },
		organiser,
		{ now: NOW }
	);
	expect(view.status).toBe('analysed');
	expect(view.readyCount).toBe(N);
	return view.id;
}

const reanalyse = (id: string, poolId: string) =>
	analyseImport(t.db, id, { defaults: { poolId, topicId, difficulty: 2 } }, NOW);

/**
 * The next analysis stops at its first turn given back to the server, in the middle of
 * checking the file: it has read the batch, the file and the bank, and staged nothing yet.
 * Another request acts there; `release` lets the analysis go on. (The turns module is mocked
 * below; nothing else these tests run gives a turn back.)
 */
function holdNextAnalysis() {
	let release!: () => void;
	const open = new Promise<void>((r) => (release = r));
	const reached = new Promise<void>((r) => (gate.hold = { reached: r, open }));
	return { reached, release };
}

/** Active and retired questions per pool: the bank as an organiser would count it. */
async function bankCounts(): Promise<Record<string, number>> {
	const rows = await t.db
		.selectFrom('question')
		.select(['pool_id', 'status', (eb) => eb.fn.countAll().as('n')])
		.groupBy(['pool_id', 'status'])
		.execute();
	return Object.fromEntries(rows.map((r) => [`${r.pool_id}/${r.status}`, Number(r.n)]));
}

/** `before` with n more active questions in one pool. */
function plus(before: Record<string, number>, pool: string, n: number) {
	return { ...before, [`${pool}/active`]: (before[`${pool}/active`] ?? 0) + n };
}

async function stagedPools(id: string): Promise<Record<string, number>> {
	const items = await t.db.selectFrom('import_item').select('payload').where('batch_id', '=', id).execute();
	const pools: Record<string, number> = {};
	for (const i of items) {
		const pool = (JSON.parse(i.payload) as StagedQuestion).poolId;
		pools[pool] = (pools[pool] ?? 0) + 1;
	}
	return pools;
}

async function commitToEnd(id: string) {
	for (let steps = 0; steps < 20; steps++) {
		const r = await commitStep(t.db, id, organiser, NOW);
		if (!r.ok || r.status !== 'committing') return r;
	}
	throw new Error('the commit did not end');
}

const importAudits = async (id: string) =>
	(
		await t.db
			.selectFrom('audit_log')
			.select('action')
			.where('target', '=', id)
			.where('action', '=', 'bank.import')
			.execute()
	).length;

describe('an import analysed while something else happens to it', () => {
	it('two analyses at once: one wins whole, the other is refused', async () => {
		const id = await analysedBatch('song-song');
		const before = await bankCounts();
		const [a, b] = await Promise.allSettled([reanalyse(id, 'secret'), reanalyse(id, 'final')]);
		const outcomes = [a, b].map((r) => (r.status === 'fulfilled' ? r.value : { ok: 'threw' }));
		const won = outcomes.findIndex((o) => o.ok === true);
		expect(won).toBeGreaterThanOrEqual(0);
		expect(outcomes[1 - won]).toMatchObject({ ok: false, code: 'overtaken' });
		const winner = won === 0 ? 'secret' : 'final';
		expect(await stagedPools(id)).toEqual({ [winner]: N });
		expect((await getImport(t.db, id))!.defaults.poolId).toBe(winner);

		expect(await commitToEnd(id)).toMatchObject({ ok: true, status: 'done', written: N });
		expect(await bankCounts()).toEqual(plus(before, winner, N));
		expect(await importAudits(id)).toBe(1);
	});

	it('an analysis overtaken by another that finished first is refused and stages nothing', async () => {
		const id = await analysedBatch('vuot-truoc');
		const before = await bankCounts();
		const slow = holdNextAnalysis();
		const first = reanalyse(id, 'secret');
		await slow.reached;
		expect(await reanalyse(id, 'final')).toMatchObject({ ok: true });
		slow.release();
		expect(await first).toMatchObject({ ok: false, code: 'overtaken' });
		expect(await stagedPools(id)).toEqual({ final: N });

		expect(await commitToEnd(id)).toMatchObject({ ok: true, status: 'done', written: N });
		expect(await bankCounts()).toEqual(plus(before, 'final', N));
		expect(await importAudits(id)).toBe(1);
	});

	it('a commit begun during an analysis: the analysis is refused, the commit imports the file once', async () => {
		const id = await analysedBatch('dang-nhap');
		const before = await bankCounts();
		const slow = holdNextAnalysis();
		const analysis = reanalyse(id, 'secret');
		await slow.reached;
		expect(await commitStep(t.db, id, organiser, NOW)).toMatchObject({ ok: true, status: 'committing' });
		// Asked after the commit began, an analysis is refused at once.
		const late = await reanalyse(id, 'final');
		slow.release();
		const refused = await analysis;
		const end = await commitToEnd(id);

		// The bank gains the file once, in the pool of the analysis the commit began with.
		expect(await bankCounts()).toEqual(plus(before, 'public', N));
		expect(await importAudits(id)).toBe(1);
		expect(await stagedPools(id)).toEqual({});
		expect(end).toMatchObject({ ok: true, status: 'done', written: N });
		expect(refused).toMatchObject({ ok: false, code: 'committing' });
		expect(late).toMatchObject({ ok: false, code: 'committing' });
	});

	it('a cancel during an analysis stays cancelled, with nothing staged', async () => {
		const id = await analysedBatch('huy-giua');
		const before = await bankCounts();
		const slow = holdNextAnalysis();
		const analysis = reanalyse(id, 'secret');
		await slow.reached;
		await cancelImport(t.db, id, organiser, NOW);
		slow.release();
		expect(await analysis).toMatchObject({ ok: false, code: 'notFound' });
		expect((await getImport(t.db, id))!.status).toBe('cancelled');
		expect(await stagedPools(id)).toEqual({});
		expect(await commitStep(t.db, id, organiser, NOW)).toMatchObject({ ok: true, status: 'cancelled' });
		expect(await bankCounts()).toEqual(before);
	});

	it('a commit whose staged questions are gone does not report "done"', async () => {
		const id = await analysedBatch('mat-hang');
		const before = await bankCounts();
		await t.db.deleteFrom('import_item').where('batch_id', '=', id).execute();
		const r = await commitToEnd(id);
		expect(r).toMatchObject({ ok: true, status: 'failed' });
		expect(await importAudits(id)).toBe(0);
		expect(await bankCounts()).toEqual(before);
	});
});
