// Importing questions from a file, in four steps the organiser's page drives:
//
//  1. start + parts: the file arrives in pieces of at most PART_BYTES (any proxy's or
//     adapter-node's body limit is larger), stored in import_part, so any app process can
//     take the next step.
//  2. analyse: the file is read by its format's reader (read.ts), every question is checked
//     (analyse.ts) and the valid ones are staged in import_item. The report lists each
//     rejected row or item with its place and reasons. Readers yield to the event loop every
//     few hundred rows, so a 5,000-question file does not stall other requests. The parts are
//     kept until the commit, so changing the defaults or the column mapping analyses the
//     same file again. The staging is one transaction, refused once a commit has begun or
//     another analysis staged first (analyseImport).
//  3. commit (import-commit.ts), called repeatedly: each call writes the next COMMIT_CHUNK staged questions in
//     its own short transaction, but hidden: status 'retired' and still listed in
//     import_item, which every bank listing excludes, and never drawn (papers draw
//     'active' only). The call after the last chunk flips all of them to their real status
//     and deletes the staging rows in one short transaction: the bank gains the whole
//     file at once or nothing. Progress is written_count / ready_count on the batch.
//  4. cancel, or a failure mid-way: the hidden rows written so far are deleted again, with
//     any topic or pool the commit created; the bank is as before.
import { randomUUID } from 'node:crypto';
import type { Db } from '../db';
import type { ImportFormat, ImportStatus } from '../db/tables-bank';
import { fingerprint, fingerprintText } from './model';
import { takenContent } from './questions';
import type { ColumnMapping } from './formats/columns';
import { failure, type Outcome } from '../failure';
import {
	analyse,
	emptyReport,
	type Analysis,
	type BankSnapshot,
	type ImportDefaults,
	type ImportReport
} from './analyse';
import { readUpload } from './read';
import { saveMapping, savedMapping } from './import-memory';
import { commitStep } from './import-commit';
import { messages, type Locale } from '$lib/i18n';

export { cancelImport, commitStep, COMMIT_CHUNK, type CommitProgress } from './import-commit';

export const PART_BYTES = 192 * 1024;
export const MAX_FILE_BYTES = 30 * 1024 * 1024;

export interface ImportView {
	id: string;
	fileName: string;
	status: ImportStatus;
	format: ImportFormat | null;
	readyCount: number;
	writtenCount: number;
	report: ImportReport | null;
	/** The defaults and mapping this analysis used, so the page shows them again. */
	defaults: ImportDefaults;
	createdAt: number;
}

/** The bank as an analysis checks a file against: with the questions of imports being committed. */
async function bankSnapshot(db: Db, batchId: string): Promise<BankSnapshot> {
	const [topics, pools, current] = await Promise.all([
		db.selectFrom('topic').select(['id', 'name']).execute(),
		db.selectFrom('pool').select(['id', 'name', 'visibility']).execute(),
		takenContent(db, batchId)
	]);
	const fingerprints = new Map<string, string>();
	const stems = new Map<string, string>();
	const importing = new Map<string, string>();
	for (const q of current) {
		const { draft } = q;
		fingerprints.set(fingerprint(draft), q.id);
		stems.set(fingerprintText(draft.text), q.id);
		if (q.importing !== undefined) importing.set(q.id, q.importing);
	}
	return { topics, pools, questionIds: new Set(current.map((q) => q.id)), fingerprints, stems, importing };
}

// ——— the batch lifecycle ———

export async function startImport(
	db: Db,
	input: { fileName: string; size: number; defaults: ImportDefaults },
	actorId: string | null,
	now = Date.now()
): Promise<Outcome<{ id: string }, 'tooLarge'>> {
	if (input.size > MAX_FILE_BYTES) return failure('tooLarge', { mb: MAX_FILE_BYTES / 1024 / 1024 });
	// Uploads abandoned for a day are dropped, so their parts do not pile up; a report left
	// for a day keeps its staged questions but can no longer be analysed again.
	const stale = db
		.selectFrom('import_batch')
		.select('id')
		.where('status', 'in', ['uploading', 'analysed'])
		.where('updated_at', '<', now - 24 * 3600 * 1000);
	await db.deleteFrom('import_part').where('batch_id', 'in', stale).execute();
	await db
		.updateTable('import_batch')
		.set({ status: 'cancelled' })
		.where('status', '=', 'uploading')
		.where('updated_at', '<', now - 24 * 3600 * 1000)
		.execute();
	const id = randomUUID();
	await db
		.insertInto('import_batch')
		.values({
			id,
			actor_id: actorId,
			created_at: now,
			updated_at: now,
			file_name: input.fileName.slice(0, 200),
			format: 'xlsx',
			status: 'uploading',
			size: input.size,
			options: JSON.stringify(input.defaults),
			report: '{}',
			ready_count: 0,
			written_count: 0,
			created: '{}'
		})
		.execute();
	return { ok: true, id };
}

export async function addPart(
	db: Db,
	id: string,
	idx: number,
	data: Uint8Array
): Promise<Outcome<object, 'notFound' | 'tooLarge'>> {
	const batch = await db
		.selectFrom('import_batch')
		.select(['status', 'size'])
		.where('id', '=', id)
		.executeTakeFirst();
	if (!batch || batch.status !== 'uploading') return failure('notFound');
	if (data.byteLength > PART_BYTES || idx < 0 || idx * PART_BYTES >= Math.max(batch.size, 1))
		return failure('tooLarge', { mb: MAX_FILE_BYTES / 1024 / 1024 });
	await db
		.insertInto('import_part')
		.values({ batch_id: id, idx, data: Buffer.from(data) })
		.onConflict((oc) => oc.columns(['batch_id', 'idx']).doUpdateSet({ data: Buffer.from(data) }))
		.execute();
	return { ok: true };
}

/** What the organiser may change when analysing the same file again. */
export interface Reanalysis {
	defaults?: Omit<ImportDefaults, 'mapping'>;
	/** Headings mapped to fields; saved for the organiser's next files. */
	mapping?: ColumnMapping;
}

/**
 * Reads the uploaded file, checks it, stages its valid questions and stores the report.
 * May be called again (other defaults, a column mapping) until the commit starts. The
 * locale words what the file does not: the options of a true/false question.
 *
 * The file is read and checked outside any transaction (it may take seconds); the staging
 * (old items out, new ones in, the report and status) is one transaction that first takes
 * the batch row, and only if the batch is still as this analysis found it: not committing,
 * done or cancelled ('committing', 'notFound'), and not analysed again meanwhile
 * ('overtaken': every analysis moves updated_at forward, so it serves as the batch's version).
 * Two analyses at once: the first to stage wins whole. A commit step takes the same row
 * first, so it runs before the staging or after it, never in its middle; once one has run,
 * the batch is 'committing' and no analysis stages again. Nothing marks an analysis as
 * running, so one whose process dies leaves nothing behind and the organiser may analyse
 * again at once.
 */
export async function analyseImport(
	db: Db,
	id: string,
	change: Reanalysis = {},
	now = Date.now(),
	locale: Locale = 'vi'
): Promise<Outcome<{ view: ImportView }, AnalysisRefusal>> {
	const batch = await db.selectFrom('import_batch').selectAll().where('id', '=', id).executeTakeFirst();
	const refused = analysisRefusal(batch?.status);
	if (!batch || refused) return failure(refused ?? 'notFound');
	const stored = JSON.parse(batch.options) as ImportDefaults;
	const options: ImportDefaults = {
		...stored,
		...(change.defaults ?? {}),
		mapping: { ...(stored.mapping ?? {}), ...(change.mapping ?? {}) }
	};
	if (change.mapping) await saveMapping(db, batch.actor_id, change.mapping, now);
	const parts = await db
		.selectFrom('import_part')
		.select(['idx', 'data'])
		.where('batch_id', '=', id)
		.orderBy('idx')
		.execute();
	const data = Buffer.concat(parts.map((p) => Buffer.from(p.data)));
	let analysis: Analysis;
	if (data.length !== batch.size) {
		analysis = { report: { ...emptyReport(null), fileProblems: [{ code: 'incompleteUpload' }] }, staged: [] };
	} else {
		// The organiser's earlier choices first, this file's on top.
		const mapping = { ...(await savedMapping(db, batch.actor_id)), ...options.mapping };
		const { format, parsed } = await readUpload(batch.file_name, data, {
			mapping,
			trueFalse: messages(locale).bank.sheet.trueFalse
		});
		analysis = await analyse(parsed, format, await bankSnapshot(db, id), options);
	}
	const staged = await db.transaction().execute(async (tx) => {
		const taken = await tx
			.updateTable('import_batch')
			.set({
				status: 'analysed',
				format: analysis.report.format ?? 'xlsx',
				options: JSON.stringify(options),
				report: JSON.stringify(analysis.report),
				ready_count: analysis.staged.length,
				updated_at: Math.max(now, batch.updated_at + 1)
			})
			.where('id', '=', id)
			.where('status', 'in', ['uploading', 'analysed'])
			.where('updated_at', '=', batch.updated_at)
			.executeTakeFirst();
		if (Number(taken.numUpdatedRows) === 0) return false;
		await tx.deleteFrom('import_item').where('batch_id', '=', id).execute();
		// In slices so no single statement grows past the databases' parameter limits.
		for (let i = 0; i < analysis.staged.length; i += 200) {
			const slice = analysis.staged.slice(i, i + 200);
			await tx
				.insertInto('import_item')
				.values(
					slice.map((s, j) => ({
						batch_id: id,
						seq: i + j,
						place: JSON.stringify(s.place),
						question_id: s.question.id,
						payload: JSON.stringify(s.question),
						written: 0
					}))
				)
				.execute();
		}
		return true;
	});
	if (!staged) {
		const after = await db
			.selectFrom('import_batch')
			.select('status')
			.where('id', '=', id)
			.executeTakeFirst();
		return failure(analysisRefusal(after?.status) ?? 'overtaken');
	}
	return { ok: true, view: (await getImport(db, id))! };
}

export type AnalysisRefusal = 'notFound' | 'committing' | 'overtaken';

/** Why a batch in this status cannot be analysed (again); undefined when it can. */
function analysisRefusal(status: ImportStatus | undefined): AnalysisRefusal | undefined {
	if (status === 'uploading' || status === 'analysed') return undefined;
	return status === 'committing' || status === 'done' ? 'committing' : 'notFound';
}

export async function getImport(db: Db, id: string): Promise<ImportView | null> {
	const b = await db.selectFrom('import_batch').selectAll().where('id', '=', id).executeTakeFirst();
	if (!b) return null;
	const report = b.report && b.report !== '{}' ? (JSON.parse(b.report) as ImportReport) : null;
	return {
		id: b.id,
		fileName: b.file_name,
		status: b.status,
		format: report?.format ?? null,
		readyCount: b.ready_count,
		writtenCount: b.written_count,
		report,
		defaults: JSON.parse(b.options) as ImportDefaults,
		createdAt: b.created_at
	};
}

/** Imports that were analysed or begun and not finished, with questions to import, newest first. */
export async function pendingImports(db: Db) {
	return (
		db
			.selectFrom('import_batch')
			.select(['id', 'file_name', 'status', 'ready_count', 'written_count', 'updated_at'])
			.where('status', 'in', ['analysed', 'committing'])
			// A file with nothing to import is not unfinished: listed, ten such hid the real ones.
			.where('ready_count', '>', 0)
			.orderBy('updated_at', 'desc')
			.limit(10)
			.execute()
	);
}

/** Upload, analysis and (when `commit`) the whole commit in one call: for tests and scripts. */
export async function importFile(
	db: Db,
	input: { fileName: string; data: Uint8Array; defaults?: ImportDefaults },
	actorId: string | null,
	opts: { commit?: boolean; now?: number; locale?: Locale } = {}
): Promise<ImportView> {
	const now = opts.now ?? Date.now();
	const started = await startImport(
		db,
		{ fileName: input.fileName, size: input.data.byteLength, defaults: input.defaults ?? {} },
		actorId,
		now
	);
	if (!started.ok) throw new Error(`import refused: ${started.code}`);
	const { id } = started;
	for (let i = 0; i * PART_BYTES < input.data.byteLength; i++)
		await addPart(db, id, i, input.data.subarray(i * PART_BYTES, (i + 1) * PART_BYTES));
	const analysed = await analyseImport(db, id, {}, now, opts.locale);
	if (!analysed.ok) throw new Error(`import refused: ${analysed.code}`);
	let view = analysed.view;
	if (opts.commit && view.readyCount > 0) {
		let step: Awaited<ReturnType<typeof commitStep>>;
		do step = await commitStep(db, id, actorId, now);
		while (step.ok && step.status === 'committing');
		view = (await getImport(db, id))!;
	}
	return view;
}
