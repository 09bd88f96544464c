// The bank holds each question once even when two people add it at nearly the same time: an
// import analysed before the bank gained some of its questions (another file imported, a
// question saved in the editor) is refused at its commit and, analysed again, names them as
// duplicates; a question an import is committing (written or not yet) is refused in the editor
// and by the analysis of another file. Runs on SQLite and PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDemoDb, type TestDb } from './testdb';
import { analyseImport, commitStep, getImport, importFile } from '../../src/lib/server/bank/imports';
import { createQuestion } from '../../src/lib/server/bank/questions';
import { fingerprint } from '../../src/lib/server/bank/model';

const NOW = Date.UTC(2026, 11, 8, 3, 0);

let t: TestDb;
let organiser: string;
let topicId: string;

beforeAll(async () => {
	({ t, organiser } = await openDemoDb(NOW));
	topicId = (await t.db.selectFrom('topic').select('id').executeTakeFirstOrThrow()).id;
});
afterAll(async () => t.drop());

/** Question i of series `tag`: its stem and three options, as the GIFT line and as a draft. */
function item(tag: string, i: number) {
	const stem = `Trong đợt ${tag}, mã số ${i * 7919 + 13} ứng với phương án nào?`;
	const options = [`Phương án ${i} đúng`, `Phương án ${i} sai thứ nhất`, `Phương án ${i} sai thứ hai`];
	return {
		gift: `::${tag}-${i}:: ${stem} {=${options[0]} ~${options[1]} ~${options[2]}}\n`,
		draft: { text: stem, options: options.map((text) => ({ text, pinned: false })) }
	};
}

/** A GIFT file of the questions `[tag, from, to)` of each series given. */
function giftFile(...series: [tag: string, from: number, to: number][]): Buffer {
	const lines: string[] = [];
	for (const [tag, from, to] of series) for (let i = from; i < to; i++) lines.push(item(tag, i).gift);
	return Buffer.from(lines.join('\n'));
}

async function analysed(name: string, data: Buffer) {
	const view = await importFile(
		t.db,
		{ fileName: `${name}.gift`, data, defaults: { poolId: 'public', topicId, difficulty: 2 } },
		organiser,
		{ now: NOW }
	);
	expect(view.status).toBe('analysed');
	return view;
}

async function commitAll(id: string) {
	let step: Awaited<ReturnType<typeof commitStep>>;
	do step = await commitStep(t.db, id, organiser, NOW);
	while (step.ok && step.status === 'committing');
	return step;
}

/** How many questions of the bank (visible or hidden) have each of the drafts' content. */
async function copiesOf(drafts: { text: string; options: { text: string }[] }[]): Promise<number[]> {
	const rows = await t.db
		.selectFrom('question_version as v')
		.innerJoin('question', (j) =>
			j.onRef('question.id', '=', 'v.question_id').onRef('question.version', '=', 'v.version')
		)
		.select(['v.text', 'v.options'])
		.execute();
	const prints = rows.map((r) =>
		fingerprint({ text: r.text, options: (JSON.parse(r.options) as { text: string }[]) ?? [] })
	);
	return drafts.map((d) => prints.filter((p) => p === fingerprint(d)).length);
}

const draftInput = (draft: ReturnType<typeof item>['draft']) => ({
	poolId: 'public',
	topicId,
	difficulty: 2,
	draft: { ...draft, correct: [0], explanation: '', reference: '' }
});

describe('duplicates added while an import waits or commits', () => {
	it('two files sharing questions, both checked before either was imported: the second is refused at its commit, checked again, and imports only its new questions', async () => {
		const a = await analysed('dot-a', giftFile(['A', 0, 40]));
		// B repeats A's last 15 questions and adds 25 of its own; checked while A waits.
		const b = await analysed('dot-b', giftFile(['A', 25, 40], ['B', 0, 25]));
		expect(b.readyCount).toBe(40);
		expect(await commitAll(a.id)).toMatchObject({ ok: true, status: 'done' });

		const refused = await commitStep(t.db, b.id, organiser, NOW);
		expect(refused).toEqual({ ok: false, code: 'bankChanged', params: { n: 15 } });
		const after = await getImport(t.db, b.id);
		expect(after).toMatchObject({ status: 'analysed', writtenCount: 0 });
		expect(await copiesOf([item('B', 0).draft])).toEqual([0]);

		const again = await analyseImport(t.db, b.id, {}, NOW + 1);
		if (!again.ok) throw new Error(again.code);
		expect(again.view.readyCount).toBe(25);
		const rejected = again.view.report!.rejected.map((r) => r.problems.map((p) => p.code).join());
		expect(rejected).toEqual(Array(15).fill('duplicateExisting'));
		expect(await commitAll(b.id)).toMatchObject({ ok: true, status: 'done' });

		const every = [...Array.from({ length: 40 }, (_, i) => item('A', i).draft)];
		every.push(...Array.from({ length: 25 }, (_, i) => item('B', i).draft));
		expect(await copiesOf(every)).toEqual(Array(65).fill(1));
	});

	it('a question saved in the editor after the file was checked: the import is refused, then imports the rest', async () => {
		const c = await analysed('dot-c', giftFile(['C', 0, 10]));
		const saved = await createQuestion(t.db, draftInput(item('C', 4).draft), organiser, NOW);
		expect(saved.ok).toBe(true);
		expect(await commitStep(t.db, c.id, organiser, NOW)).toEqual({
			ok: false,
			code: 'bankChanged',
			params: { n: 1 }
		});
		const again = await analyseImport(t.db, c.id, {}, NOW + 1);
		expect(again.ok && again.view.readyCount).toBe(9);
		expect(await commitAll(c.id)).toMatchObject({ ok: true, status: 'done' });
		expect(await copiesOf(Array.from({ length: 10 }, (_, i) => item('C', i).draft))).toEqual(
			Array(10).fill(1)
		);
	});

	it('while an import commits, its questions (written or not yet) are refused in the editor and by another file, naming the file', async () => {
		// More than one commit chunk (250), so after the first step most are not written yet.
		const d = await analysed('dot-d', giftFile(['D', 0, 600]));
		expect(await commitStep(t.db, d.id, organiser, NOW)).toMatchObject({ ok: true, status: 'committing' });
		const unwritten = item('D', 599).draft;
		// Not in the bank yet, written (hidden) or not: the refusal names the file, not a question.
		const importing = {
			ok: false,
			problems: [{ code: 'duplicateImporting', params: { file: 'dot-d.gift' } }]
		};
		expect(await createQuestion(t.db, draftInput(unwritten), organiser, NOW)).toMatchObject(importing);
		expect(await createQuestion(t.db, draftInput(item('D', 0).draft), organiser, NOW)).toMatchObject(
			importing
		);
		const e = await analysed('dot-e', giftFile(['D', 590, 600], ['E', 0, 5]));
		expect(e.readyCount).toBe(5);
		expect(e.report!.rejected.map((r) => r.problems)).toEqual(
			Array(10).fill([{ code: 'duplicateImporting', params: { file: 'dot-d.gift' } }])
		);

		expect(await commitAll(d.id)).toMatchObject({ ok: true, status: 'done' });
		expect(await commitAll(e.id)).toMatchObject({ ok: true, status: 'done' });
		// Once imported, a question of the file is one of the bank's.
		expect(await createQuestion(t.db, draftInput(unwritten), organiser, NOW)).toMatchObject({
			ok: false,
			problems: [{ code: 'duplicateExisting' }]
		});
		expect(await copiesOf([item('D', 0).draft, unwritten, item('E', 4).draft])).toEqual([1, 1, 1]);
	});
});
