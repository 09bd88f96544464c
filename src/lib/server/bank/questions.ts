// The question bank's questions (topics and pools: topics.ts). Content edits never change a stored
// version: they add version n+1 and move question.version to it, so a paper drawn earlier
// keeps the (question_id, version) text and key it was drawn with.
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import type { Db } from '../db';
import { audit } from '../audit';
import { clean, draftProblems, fingerprint, LETTERS, type Problem, type QuestionDraft } from './model';
import { checkOpenRounds } from '../rounds';
import { isPostgres } from '../attempts/wire';
import type { StagedQuestion } from './analyse';
import { failure, refuse, refusalOf, type Failure, type Outcome } from '../failure';
import { readKey, readOptions } from '../db/stored';
import { parseRoundSettings } from '../round-settings';
import { foldForSearch } from '$lib/exam/names';

/**
 * A question refused for its content or placement: the one failure shape, with the list of
 * problems (worded by bank-text's describeProblem).
 */
export interface InvalidQuestion extends Failure<'invalid'> {
	problems: Problem[];
}

const invalid = (problems: Problem[]): InvalidQuestion => ({ ...failure('invalid'), problems });

export interface StoredOption {
	id: string;
	text: string;
	pinned?: boolean;
}

import { SLUG, slugify, newQuestionId } from './ids';

export { SLUG, slugify, newQuestionId };

export interface QuestionFilter {
	q?: string;
	topic?: string;
	difficulty?: number;
	pool?: string;
	status?: 'active' | 'retired';
	page?: number;
	pageSize?: number;
}

/** Rows an import has written but not yet made visible (see imports.ts). */
const notStaged = sql<boolean>`question.id not in (select question_id from import_item where written = 1)`;

export async function searchQuestions(db: Db, f: QuestionFilter) {
	const pageSize = f.pageSize ?? 50;
	const page = Math.max(1, f.page ?? 1);
	let query = db
		.selectFrom('question')
		.innerJoin('question_version as v', (j) =>
			j.onRef('v.question_id', '=', 'question.id').onRef('v.version', '=', 'question.version')
		)
		.where(notStaged);
	if (f.topic) query = query.where('question.topic_id', '=', f.topic);
	if (f.difficulty) query = query.where('question.difficulty', '=', f.difficulty);
	if (f.pool) query = query.where('question.pool_id', '=', f.pool);
	if (f.status) query = query.where('question.status', '=', f.status);
	const columns = [
		'question.id',
		'question.pool_id',
		'question.topic_id',
		'question.difficulty',
		'question.status',
		'question.version',
		'question.updated_at',
		'v.text'
	] as const;
	const ordered = query.orderBy('question.created_at').orderBy('question.id');
	const text = f.q?.trim();
	let rows;
	let total: number;
	if (text) {
		// Matched in JavaScript, as the ranking's search is (foldForSearch): neither database's
		// lower() folds Vietnamese capitals here (SQLite: ASCII only), so "đề án" missed "Đề án",
		// and tone marks may be left out ("de an"). A bank is thousands of questions, read by one
		// organiser: the texts of the filtered rows are read once, and the page's rows by id.
		const needle = foldForSearch(text);
		const hits = (await ordered.select(['question.id', 'v.text']).execute())
			.filter((r) => r.id === text || foldForSearch(r.text).includes(needle))
			.map((r) => r.id);
		total = hits.length;
		const ids = hits.slice((page - 1) * pageSize, page * pageSize);
		rows = ids.length ? await ordered.where('question.id', 'in', ids).select(columns).execute() : [];
	} else {
		total = Number(
			(await query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n
		);
		rows = await ordered
			.select(columns)
			.limit(pageSize)
			.offset((page - 1) * pageSize)
			.execute();
	}
	return { rows, total, page, pages: Math.max(1, Math.ceil(total / pageSize)) };
}

export function toDraft(v: {
	text: string;
	options: string;
	correct: string;
	explanation: string;
	reference: string;
}) {
	const options = readOptions(v.options);
	const correct = readKey(v.correct);
	return {
		ids: options.map((o) => o.id),
		draft: {
			text: v.text,
			options: options.map((o) => ({ text: o.text, pinned: o.pinned === true })),
			correct: correct.map((id) => options.findIndex((o) => o.id === id)).filter((i) => i >= 0),
			explanation: v.explanation,
			reference: v.reference
		} satisfies QuestionDraft
	};
}

/** Every question of the bank with its current version's content. */
export function currentVersions(db: Db) {
	return db
		.selectFrom('question')
		.innerJoin('question_version as v', (j) =>
			j.onRef('v.question_id', '=', 'question.id').onRef('v.version', '=', 'question.version')
		)
		.select(['question.id', 'v.text', 'v.options', 'v.correct', 'v.explanation', 'v.reference'])
		.execute();
}

/**
 * Why a question's content may not be saved beside the bank's: another question (not `self`)
 * is the same question (model.ts `fingerprint`: its stem and options, in any order), the rule
 * an import refuses a row by (analyse.ts `duplicateExisting`). Asked inside the transaction that
 * writes the content, under the bank's content lock, so two organisers saving the same question
 * at the same moment cannot both pass it.
 */
async function duplicateProblems(tx: Db, draft: QuestionDraft, self: string | null): Promise<Problem[]> {
	await lockBankContent(tx);
	const print = fingerprint(draft);
	const other = (await takenContent(tx)).find((q) => q.id !== self && fingerprint(q.draft) === print);
	if (!other) return [];
	return [
		other.importing === undefined
			? { code: 'duplicateExisting', params: { id: other.id } }
			: { code: 'duplicateImporting', params: { file: other.importing } }
	];
}

/**
 * The bank's content lock, taken by the transactions that add content after checking it against
 * `takenContent` (the editor's saves, an import's commit steps): on PostgreSQL an advisory lock;
 * SQLite has one writer, and Kysely runs one transaction at a time on it.
 */
export async function lockBankContent(tx: Db): Promise<void> {
	if (isPostgres(tx))
		await sql`SELECT pg_advisory_xact_lock(hashtextextended('bank.content', 0))`.execute(tx);
}

/**
 * The content the bank holds or is about to: every question's current version, and the questions
 * of imports being committed that are not written yet (import-commit.ts); an import's own
 * (`exceptBatch`) left out. A question of an import being committed, written (hidden until its
 * last step) or not, carries the import's file name (`importing`): it is not in the bank yet, and
 * a refusal naming it says so rather than linking to it.
 */
export async function takenContent(
	db: Db,
	exceptBatch?: string
): Promise<{ id: string; draft: QuestionDraft; importing?: string }[]> {
	const staged = await db
		.selectFrom('import_item')
		.innerJoin('import_batch', 'import_batch.id', 'import_item.batch_id')
		.select([
			'import_item.question_id',
			'import_item.payload',
			'import_item.written',
			'import_batch.file_name'
		])
		.where('import_batch.status', '=', 'committing')
		.where('import_batch.id', '!=', exceptBatch ?? '')
		.execute();
	const importing = new Map(staged.map((i) => [i.question_id, i.file_name]));
	const taken = (await currentVersions(db)).map((q) => ({
		id: q.id,
		draft: toDraft(q).draft,
		importing: importing.get(q.id)
	}));
	for (const i of staged)
		if (!i.written)
			taken.push({
				id: i.question_id,
				draft: (JSON.parse(i.payload) as StagedQuestion).draft,
				importing: i.file_name
			});
	return taken;
}

export async function getQuestion(db: Db, id: string) {
	const q = await db
		.selectFrom('question')
		.selectAll()
		.where('id', '=', id)
		.where(notStaged)
		.executeTakeFirst();
	if (!q) return null;
	const versions = await db
		.selectFrom('question_version')
		.selectAll()
		.where('question_id', '=', id)
		.orderBy('version', 'desc')
		.execute();
	const current = versions.find((v) => v.version === q.version);
	if (!current) return null;
	return { question: q, current: { ...toDraft(current), version: current.version }, versions };
}

function cleanDraft(d: QuestionDraft): QuestionDraft {
	return {
		text: clean(d.text),
		options: d.options.map((o) => ({ text: clean(o.text), pinned: o.pinned })),
		correct: [...new Set(d.correct)].sort((a, b) => a - b),
		explanation: clean(d.explanation),
		reference: clean(d.reference)
	};
}

/** The stored JSON of a draft; `ids` keeps the option ids an editor sent back. */
export function storedContent(questionId: string, d: QuestionDraft, ids: (string | undefined)[] = []) {
	const used = new Set<string>();
	const options: StoredOption[] = d.options.map((o, i) => {
		let id = ids[i];
		if (!id || used.has(id)) {
			id = `${questionId}-${LETTERS[i].toLowerCase()}`;
			while (used.has(id) || ids.includes(id)) id = `${questionId}-${randomBytes(3).toString('hex')}`;
		}
		used.add(id);
		return o.pinned ? { id, text: o.text, pinned: true } : { id, text: o.text };
	});
	return {
		options: JSON.stringify(options),
		correct: JSON.stringify(d.correct.map((i) => options[i].id))
	};
}

export interface QuestionInput {
	poolId: string;
	topicId: string;
	difficulty: number;
	draft: QuestionDraft;
	/** Option ids of the version being edited, by position. */
	optionIds?: (string | undefined)[];
}

async function checkPlacement(db: Db, input: QuestionInput): Promise<Problem[]> {
	const problems: Problem[] = [];
	if (!(await db.selectFrom('pool').select('id').where('id', '=', input.poolId).executeTakeFirst()))
		problems.push({ code: 'noPool' });
	if (!(await db.selectFrom('topic').select('id').where('id', '=', input.topicId).executeTakeFirst()))
		problems.push({ code: 'noTopic' });
	if (![1, 2, 3].includes(input.difficulty))
		problems.push({ code: 'badDifficulty', params: { value: input.difficulty } });
	return problems;
}

/**
 * Why a question may not leave pool `from` for pool `to`. Once a round drawing from `from` has
 * opened, the question may have been shown with its key given away: practice sends the key of a
 * public pool's questions to every browser, and a graded round shows the exact score on
 * submission. Moving it then into or out of a secret pool would carry that key where it must not
 * go: a secret question into practice's bank, a question one graded round gave away into another
 * graded round's pool (the rule rounds.ts holds for pools, `poolShared`), a public one into a
 * graded round. Between two public pools it moves freely; before such a round opens, anywhere.
 */
async function moveProblems(db: Db, from: string, to: string, now: number): Promise<Problem[]> {
	if (from === to) return [];
	const pools = await db
		.selectFrom('pool')
		.select(['id', 'name', 'visibility'])
		.where('id', 'in', [from, to])
		.execute();
	const source = pools.find((p) => p.id === from);
	if (!source || pools.every((p) => p.visibility === 'public')) return [];
	const rounds = await db
		.selectFrom('round')
		.select(['name', 'settings'])
		.where('opens_at', '<=', now)
		.orderBy('opens_at')
		.orderBy('id')
		.execute();
	const opened = rounds.find((r) => parseRoundSettings(r.settings).poolIds.includes(from));
	return opened ? [{ code: 'poolSeen', params: { pool: source.name, round: opened.name } }] : [];
}

export async function createQuestion(
	db: Db,
	input: QuestionInput,
	actorId: string | null,
	now = Date.now()
): Promise<{ ok: true; id: string } | InvalidQuestion> {
	const draft = cleanDraft(input.draft);
	const problems = [...draftProblems(draft), ...(await checkPlacement(db, input))];
	if (problems.length) return invalid(problems);
	const id = newQuestionId();
	const duplicate = await db.transaction().execute(async (tx) => {
		const found = await duplicateProblems(tx, draft, null);
		if (found.length) return found;
		await tx
			.insertInto('question')
			.values({
				id,
				pool_id: input.poolId,
				topic_id: input.topicId,
				difficulty: input.difficulty,
				status: 'active',
				version: 1,
				created_at: now,
				updated_at: now
			})
			.execute();
		await tx
			.insertInto('question_version')
			.values({
				question_id: id,
				version: 1,
				text: draft.text,
				...storedContent(id, draft),
				explanation: draft.explanation,
				reference: draft.reference,
				created_at: now
			})
			.execute();
		await audit(tx, { actorId, action: 'question.create', target: id, detail: { version: 1 } }, now);
		return null;
	});
	return duplicate ? invalid(duplicate) : { ok: true, id };
}

function sameContent(a: QuestionDraft, b: QuestionDraft): boolean {
	return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * Saves an edit. New content becomes a new version; pool, topic and difficulty live on the
 * question. A change that would leave an open round short of questions is refused
 * ('retireBreaksRound', from rounds.ts).
 */
export async function updateQuestion(
	db: Db,
	id: string,
	input: QuestionInput,
	actorId: string | null,
	now = Date.now()
): Promise<Outcome<{ version: number }> | InvalidQuestion> {
	const existing = await getQuestion(db, id);
	if (!existing) return failure('notFound');
	const draft = cleanDraft(input.draft);
	const q = existing.question;
	const problems = [
		...draftProblems(draft),
		...(await checkPlacement(db, input)),
		...(await moveProblems(db, q.pool_id, input.poolId, now))
	];
	const moved =
		q.pool_id !== input.poolId || q.topic_id !== input.topicId || q.difficulty !== input.difficulty;
	const changed = !sameContent(cleanDraft(existing.current.draft), draft);
	// Only a new stem or options can make it another question again (a key or an explanation cannot).
	const reworded = fingerprint(draft) !== fingerprint(existing.current.draft);
	if (problems.length) return invalid(problems);
	if (!moved && !changed) return { ok: true, version: q.version };
	const version = changed ? q.version + 1 : q.version;
	try {
		const duplicate = await db.transaction().execute(async (tx) => {
			if (reworded) {
				const found = await duplicateProblems(tx, draft, id);
				if (found.length) return found;
			}
			if (changed) {
				await tx
					.insertInto('question_version')
					.values({
						question_id: id,
						version,
						text: draft.text,
						...storedContent(id, draft, input.optionIds ?? existing.current.ids),
						explanation: draft.explanation,
						reference: draft.reference,
						created_at: now
					})
					.execute();
			}
			await tx
				.updateTable('question')
				.set({
					pool_id: input.poolId,
					topic_id: input.topicId,
					difficulty: input.difficulty,
					version,
					updated_at: now
				})
				.where('id', '=', id)
				.execute();
			if (moved && q.status === 'active') await checkOpenRounds(tx, now);
			await audit(
				tx,
				{ actorId, action: 'question.edit', target: id, detail: { version, contentChanged: changed, moved } },
				now
			);
			return null;
		});
		if (duplicate) return invalid(duplicate);
	} catch (e) {
		return refusalOf(e);
	}
	return { ok: true, version };
}

export async function setQuestionStatus(
	db: Db,
	id: string,
	status: 'active' | 'retired',
	actorId: string | null,
	now = Date.now()
): Promise<Outcome<object>> {
	try {
		await db.transaction().execute(async (tx) => {
			const q = await tx
				.selectFrom('question')
				.select(['status'])
				.where('id', '=', id)
				.where(notStaged)
				.executeTakeFirst();
			if (!q) throw refuse('notFound');
			if (q.status === status) return;
			await tx.updateTable('question').set({ status, updated_at: now }).where('id', '=', id).execute();
			if (status === 'retired') await checkOpenRounds(tx, now);
			await audit(
				tx,
				{ actorId, action: status === 'retired' ? 'question.retire' : 'question.restore', target: id },
				now
			);
		});
	} catch (e) {
		return refusalOf(e);
	}
	return { ok: true };
}
