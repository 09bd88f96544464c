// Reads the bank for paper drawing: the current version of every active question in the
// given pools, as src/lib/exam/paper.ts expects it.
import type { Db } from './db';
import type { BankQuestion } from '$lib/exam/paper';
import { readKey, readOptions } from './db/stored';

export async function loadBank(db: Db, poolIds: readonly string[]): Promise<BankQuestion[]> {
	if (poolIds.length === 0) return [];
	const rows = await db
		.selectFrom('question')
		.innerJoin('question_version as v', (j) =>
			j.onRef('v.question_id', '=', 'question.id').onRef('v.version', '=', 'question.version')
		)
		.select([
			'question.id',
			'question.version',
			'question.topic_id',
			'question.difficulty',
			'v.text',
			'v.options',
			'v.correct',
			'v.explanation'
		])
		.where('question.pool_id', 'in', [...poolIds])
		.where('question.status', '=', 'active')
		.execute();
	return rows.map((r) => ({
		id: r.id,
		version: r.version,
		topic: r.topic_id,
		difficulty: r.difficulty,
		text: r.text,
		options: readOptions(r.options),
		correct: readKey(r.correct),
		explanation: r.explanation
	}));
}

/**
 * What a practice round lets a device hold so it can draw papers offline: its public
 * questions with their key, and the blueprint. Secret pools are never included, even if a
 * practice round names one.
 */
export async function practiceBank(db: Db, poolIds: readonly string[]): Promise<BankQuestion[]> {
	const publicPools = await db
		.selectFrom('pool')
		.select('id')
		.where('id', 'in', poolIds.length ? [...poolIds] : [''])
		.where('visibility', '=', 'public')
		.execute();
	return loadBank(
		db,
		publicPools.map((p) => p.id)
	);
}

/** The given versions of questions from public pools, for a paper a device drew itself. */
export async function publicVersions(
	db: Db,
	poolIds: readonly string[],
	refs: readonly { id: string; version: number }[]
): Promise<Map<string, BankQuestion>> {
	if (refs.length === 0) return new Map();
	const rows = await db
		.selectFrom('question_version as v')
		.innerJoin('question', 'question.id', 'v.question_id')
		.innerJoin('pool', 'pool.id', 'question.pool_id')
		.select([
			'v.question_id',
			'v.version',
			'question.topic_id',
			'question.difficulty',
			'v.text',
			'v.options',
			'v.correct',
			'v.explanation'
		])
		.where('pool.visibility', '=', 'public')
		.where('question.pool_id', 'in', poolIds.length ? [...poolIds] : [''])
		.where(
			'v.question_id',
			'in',
			refs.map((r) => r.id)
		)
		.execute();
	const wanted = new Map(refs.map((r) => [r.id, r.version]));
	const out = new Map<string, BankQuestion>();
	for (const r of rows) {
		if (wanted.get(r.question_id) !== r.version) continue;
		out.set(r.question_id, {
			id: r.question_id,
			version: r.version,
			topic: r.topic_id,
			difficulty: r.difficulty,
			text: r.text,
			options: readOptions(r.options),
			correct: readKey(r.correct),
			explanation: r.explanation
		});
	}
	return out;
}
