// The bank as an .xlsx file in the template's layout (formats/workbook.ts), so an export
// imports back unchanged.
import type { Db } from '../db';
import { audit } from '../audit';
import {
	templateCsv,
	templateXlsx,
	writeBankXlsx,
	type BankWords,
	type ExportQuestion
} from './formats/workbook';
import { toDraft } from './questions';
import { sql } from 'kysely';

async function topicsAndPools(db: Db) {
	const [topics, pools] = await Promise.all([
		db.selectFrom('topic').select(['id', 'name']).orderBy('id').execute(),
		db.selectFrom('pool').selectAll().orderBy('id').execute()
	]);
	return {
		topics,
		pools: pools.map((p) => ({
			id: p.id,
			name: p.name,
			visibility: p.visibility,
			published: p.published === 1
		}))
	};
}

export async function exportQuestions(db: Db): Promise<ExportQuestion[]> {
	const rows = await db
		.selectFrom('question')
		.innerJoin('question_version as v', (j) =>
			j.onRef('v.question_id', '=', 'question.id').onRef('v.version', '=', 'question.version')
		)
		.innerJoin('topic', 'topic.id', 'question.topic_id')
		.select([
			'question.id',
			'question.pool_id',
			'question.topic_id',
			'topic.name as topic_name',
			'question.difficulty',
			'question.status',
			'v.text',
			'v.options',
			'v.correct',
			'v.explanation',
			'v.reference'
		])
		.where(sql<boolean>`question.id not in (select question_id from import_item where written = 1)`)
		.orderBy('question.created_at')
		.orderBy('question.id')
		.execute();
	return rows.map((r) => {
		const { draft } = toDraft(r);
		return {
			id: r.id,
			text: draft.text,
			options: draft.options,
			correct: draft.correct,
			topicId: r.topic_id,
			topicName: r.topic_name,
			difficulty: r.difficulty,
			poolId: r.pool_id,
			status: r.status,
			explanation: draft.explanation,
			reference: draft.reference
		};
	});
}

/** The whole bank as .xlsx, in the language of `words` (messages(locale).bank). */
export async function exportBank(
	db: Db,
	actorId: string | null,
	words: BankWords,
	now = Date.now()
): Promise<Buffer> {
	const { topics, pools } = await topicsAndPools(db);
	const questions = await exportQuestions(db);
	const file = await writeBankXlsx(questions, topics, pools, words);
	await audit(db, { actorId, action: 'bank.export', detail: { questions: questions.length } }, now);
	return file;
}

/** The template to fill in, in the language of `words`, listing the bank's topics and pools. */
export async function bankTemplate(db: Db, words: BankWords): Promise<Buffer> {
	const { topics, pools } = await topicsAndPools(db);
	return templateXlsx(topics, pools, words);
}

export { templateCsv, type BankWords };
