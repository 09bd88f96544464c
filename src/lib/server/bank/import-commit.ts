// Committing an analysed import (steps 3 and 4 of imports.ts): chunks of hidden rows, the
// flip that shows them all at once, and the rollback that removes them again.
import type { Db } from '../db';
import type { ImportStatus } from '../db/tables-bank';
import { audit } from '../audit';
import { lockBankContent, storedContent, takenContent } from './questions';
import { fingerprint } from './model';
import { Refusal, refuse, type Failure, type Outcome } from '../failure';
import { emptyReport, type ImportReport, type StagedQuestion } from './analyse';

export const COMMIT_CHUNK = 250;

export type CommitRefusal = 'notFound' | 'nothing' | 'bankChanged';

export interface CommitProgress {
	status: ImportStatus;
	written: number;
	total: number;
}

/**
 * One step of the commit: the next chunk of hidden rows, or, when all are written, the
 * flip that makes them part of the bank. Call until the status is 'done'. Refused when the
 * import is unknown ('notFound') or has no valid question ('nothing').
 */
export async function commitStep(
	db: Db,
	id: string,
	actorId: string | null,
	now = Date.now()
): Promise<Outcome<CommitProgress, CommitRefusal>> {
	try {
		const progress = await db.transaction().execute(async (tx): Promise<CommitProgress> => {
			// Taking the batch row first serialises two tabs committing the same import.
			const locked = await tx
				.updateTable('import_batch')
				.set({ updated_at: now })
				.where('id', '=', id)
				.where('status', 'in', ['analysed', 'committing'])
				.executeTakeFirst();
			if (Number(locked.numUpdatedRows) === 0) {
				const b = await tx
					.selectFrom('import_batch')
					.select(['status', 'written_count', 'ready_count'])
					.where('id', '=', id)
					.executeTakeFirst();
				if (!b) throw refuse('notFound');
				return { status: b.status, written: b.written_count, total: b.ready_count };
			}
			const batch = await tx
				.selectFrom('import_batch')
				.selectAll()
				.where('id', '=', id)
				.executeTakeFirstOrThrow();
			if (batch.ready_count === 0) throw refuse('nothing');
			// Each step under the bank's content lock: an editor's save reads the bank's questions and
			// the batch's unwritten ones in two statements, which a chunk must not move in between.
			await lockBankContent(tx);
			if (batch.status === 'analysed') {
				const clashes = await clashesSinceAnalysis(tx, batch.id);
				if (clashes > 0) throw refuse('bankChanged', { n: clashes });
				await createTopicsAndPools(tx, batch.id, JSON.parse(batch.report) as ImportReport);
				// From here on the staged questions are what gets imported; the file is not needed.
				await tx.deleteFrom('import_part').where('batch_id', '=', id).execute();
			}

			const items = await tx
				.selectFrom('import_item')
				.select(['seq', 'payload'])
				.where('batch_id', '=', id)
				.where('written', '=', 0)
				.orderBy('seq')
				.limit(COMMIT_CHUNK)
				.execute();
			if (items.length > 0) {
				const staged = items.map((i) => JSON.parse(i.payload) as StagedQuestion);
				await tx
					.insertInto('question')
					.values(
						staged.map((q) => ({
							id: q.id,
							pool_id: q.poolId,
							topic_id: q.topicId,
							difficulty: q.difficulty,
							status: 'retired' as const,
							version: 1,
							created_at: now,
							updated_at: now
						}))
					)
					.execute();
				await tx
					.insertInto('question_version')
					.values(
						staged.map((q) => ({
							question_id: q.id,
							version: 1,
							text: q.draft.text,
							...storedContent(q.id, q.draft),
							explanation: q.draft.explanation,
							reference: q.draft.reference,
							created_at: now
						}))
					)
					.execute();
				await tx
					.updateTable('import_item')
					.set({ written: 1 })
					.where('batch_id', '=', id)
					.where(
						'seq',
						'in',
						items.map((i) => i.seq)
					)
					.execute();
				const written = batch.written_count + items.length;
				await tx
					.updateTable('import_batch')
					.set({ status: 'committing', written_count: written })
					.where('id', '=', id)
					.execute();
				return { status: 'committing' as const, written, total: batch.ready_count };
			}
			// The flip: every staged question becomes visible in one short transaction, once
			// all the batch's questions are written; a staging that lost rows is not "done".
			const staged = await tx
				.selectFrom('import_item')
				.select(['question_id', 'payload'])
				.where('batch_id', '=', id)
				.execute();
			if (staged.length !== batch.ready_count || batch.written_count !== batch.ready_count)
				throw new Error(
					`staged ${staged.length}, written ${batch.written_count} of ${batch.ready_count} questions`
				);
			const retiredIds = staged
				.filter((i) => (JSON.parse(i.payload) as StagedQuestion).status === 'retired')
				.map((i) => i.question_id);
			await tx
				.deleteFrom('import_item')
				.where('batch_id', '=', id)
				.where('question_id', 'in', retiredIds.length ? retiredIds : [''])
				.execute();
			await tx
				.updateTable('question')
				.set({ status: 'active' })
				.where('id', 'in', (eb) =>
					eb.selectFrom('import_item').select('question_id').where('batch_id', '=', id)
				)
				.execute();
			await tx.deleteFrom('import_item').where('batch_id', '=', id).execute();
			await tx.updateTable('import_batch').set({ status: 'done' }).where('id', '=', id).execute();
			await audit(
				tx,
				{
					actorId,
					action: 'bank.import',
					target: id,
					detail: { file: batch.file_name, questions: batch.ready_count }
				},
				now
			);
			return { status: 'done' as const, written: batch.ready_count, total: batch.ready_count };
		});
		return { ok: true, ...progress };
	} catch (e) {
		if (e instanceof Refusal) return e.failure as Failure<CommitRefusal>;
		await rollback(db, id, 'failed', actorId, now, e instanceof Error ? e.message : String(e));
		return { ok: true, status: 'failed', written: 0, total: 0 };
	}
}

/**
 * How many of the batch's questions the bank holds now and did not when they were analysed:
 * questions saved in the editor, or imported from another file, since. Asked once, by the first
 * commit step, under the bank's content lock (questions.ts `takenContent`); refused, the organiser
 * analyses the file again and its report names them as any duplicate. From that step on, the
 * batch's questions are themselves taken content, which the editor and other imports check.
 */
async function clashesSinceAnalysis(tx: Db, batchId: string): Promise<number> {
	const taken = new Set((await takenContent(tx, batchId)).map((q) => fingerprint(q.draft)));
	const items = await tx
		.selectFrom('import_item')
		.select('payload')
		.where('batch_id', '=', batchId)
		.execute();
	return items.filter((i) => taken.has(fingerprint((JSON.parse(i.payload) as StagedQuestion).draft))).length;
}

async function createTopicsAndPools(tx: Db, batchId: string, report: ImportReport) {
	const created = { topics: [] as string[], pools: [] as string[] };
	for (const t of report.newTopics) {
		if (await tx.selectFrom('topic').select('id').where('id', '=', t.id).executeTakeFirst()) continue;
		await tx.insertInto('topic').values({ id: t.id, name: t.name }).execute();
		created.topics.push(t.id);
	}
	for (const p of report.newPools) {
		if (await tx.selectFrom('pool').select('id').where('id', '=', p.id).executeTakeFirst()) continue;
		await tx
			.insertInto('pool')
			.values({ id: p.id, name: p.name, visibility: p.visibility, published: p.published ? 1 : 0 })
			.execute();
		created.pools.push(p.id);
	}
	await tx
		.updateTable('import_batch')
		.set({ created: JSON.stringify(created) })
		.where('id', '=', batchId)
		.execute();
}

/** Removes what an unfinished commit wrote; the bank is as it was before the import. */
async function rollback(
	db: Db,
	id: string,
	status: 'cancelled' | 'failed',
	actorId: string | null,
	now: number,
	error?: string
) {
	await db.transaction().execute(async (tx) => {
		const batch = await tx.selectFrom('import_batch').selectAll().where('id', '=', id).executeTakeFirst();
		if (!batch || batch.status === 'done') return;
		const written = tx
			.selectFrom('import_item')
			.select('question_id')
			.where('batch_id', '=', id)
			.where('written', '=', 1);
		await tx.deleteFrom('question_version').where('question_id', 'in', written).execute();
		await tx.deleteFrom('question').where('id', 'in', written).execute();
		const created = JSON.parse(batch.created) as { topics?: string[]; pools?: string[] };
		for (const t of created.topics ?? []) {
			if (!(await tx.selectFrom('question').select('id').where('topic_id', '=', t).executeTakeFirst()))
				await tx.deleteFrom('topic').where('id', '=', t).execute();
		}
		for (const p of created.pools ?? []) {
			if (!(await tx.selectFrom('question').select('id').where('pool_id', '=', p).executeTakeFirst()))
				await tx.deleteFrom('pool').where('id', '=', p).execute();
		}
		await tx.deleteFrom('import_item').where('batch_id', '=', id).execute();
		await tx.deleteFrom('import_part').where('batch_id', '=', id).execute();
		const report =
			batch.report && batch.report !== '{}' ? (JSON.parse(batch.report) as ImportReport) : emptyReport(null);
		if (error) report.error = error.slice(0, 500);
		await tx
			.updateTable('import_batch')
			.set({ status, written_count: 0, created: '{}', report: JSON.stringify(report), updated_at: now })
			.where('id', '=', id)
			.execute();
		await audit(
			tx,
			{
				actorId,
				action: status === 'cancelled' ? 'bank.import.cancel' : 'bank.import.fail',
				target: id,
				detail: error ? { error: error.slice(0, 200) } : {}
			},
			now
		);
	});
}

export async function cancelImport(
	db: Db,
	id: string,
	actorId: string | null,
	now = Date.now()
): Promise<void> {
	await rollback(db, id, 'cancelled', actorId, now);
}
