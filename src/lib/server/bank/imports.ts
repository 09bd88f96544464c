// Importing questions from a file, in four steps the organiser's page drives:
//
//  1. start + parts: the file arrives in pieces of at most PART_BYTES (any proxy's or
//     adapter-node's body limit is larger), stored in import_part, so any app process can
//     take the next step.
//  2. analyse: the file is read by its format's reader, every question is checked (text
//     encoding, options, key, topic, pool, duplicates against the bank and within the file)
//     and the valid ones are staged in import_item. The report lists each rejected row or
//     item with its place and reasons. Readers yield to the event loop every few hundred
//     rows, so a 5,000-question file does not stall other requests.
//  3. commit, called repeatedly: each call writes the next COMMIT_CHUNK staged questions in
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
import { audit } from '../audit';
import { convertLegacy, detectLegacy, isGarbled } from './legacy';
import {
	clean,
	draftProblems,
	fingerprint,
	parseDifficulty,
	QUESTION_ID,
	type Problem,
	type QuestionDraft
} from './model';
import { newQuestionId, slugify, storedContent, toDraft } from './questions';
import { decodeText, parseStatus, readCsv, readXlsx } from './formats/spreadsheet';
import { readGift } from './formats/gift';
import { readMoodle } from './formats/moodle';
import { readQtiXml, readQtiZip } from './formats/qti';
import {
	emptyParsed,
	yieldToServer,
	type FilePool,
	type FileTopic,
	type ParsedFile,
	type Place,
	type RawQuestion
} from './formats/types';
import { BankError } from './errors';

export const PART_BYTES = 192 * 1024;
export const MAX_FILE_BYTES = 30 * 1024 * 1024;
export const COMMIT_CHUNK = 250;
/** Rejections kept in the report in full; the rest are only counted. */
export const MAX_REPORTED = 2000;

export interface ImportDefaults {
	poolId?: string | null;
	topicId?: string | null;
	difficulty?: number | null;
}

export interface ReportEntry {
	place: Place;
	problems: Problem[];
}

export interface ImportReport {
	format: ImportFormat | null;
	/** Questions found in the file. */
	total: number;
	ready: number;
	rejectedCount: number;
	rejected: ReportEntry[];
	notes: ReportEntry[];
	fileProblems: Problem[];
	newTopics: FileTopic[];
	newPools: FilePool[];
	/** Set when a commit failed and was rolled back. */
	error?: string;
}

export interface StagedQuestion {
	id: string;
	poolId: string;
	topicId: string;
	difficulty: number;
	status: 'active' | 'retired';
	draft: QuestionDraft;
}

export interface ImportView {
	id: string;
	fileName: string;
	status: ImportStatus;
	format: ImportFormat | null;
	readyCount: number;
	writtenCount: number;
	report: ImportReport | null;
	createdAt: number;
}

const emptyReport = (format: ImportFormat | null): ImportReport => ({
	format,
	total: 0,
	ready: 0,
	rejectedCount: 0,
	rejected: [],
	notes: [],
	fileProblems: [],
	newTopics: [],
	newPools: []
});

// ——— format detection ———

function startsWith(data: Uint8Array, text: string) {
	return [...text].every((c, i) => data[i] === c.charCodeAt(0));
}

/** The format of a file, from its content first and its name second. */
export function detectFormat(fileName: string, data: Uint8Array): ImportFormat | null {
	const ext = fileName.toLowerCase().split('.').pop() ?? '';
	if (startsWith(data, 'PK')) {
		const head = new TextDecoder('latin1').decode(data.subarray(0, Math.min(data.length, 64 * 1024)));
		if (ext === 'xlsx' || /\[Content_Types\]\.xml|xl\/workbook/.test(head))
			return ext === 'zip' && !/xl\//.test(head) ? 'qti' : 'xlsx';
		return 'qti';
	}
	if (ext === 'csv') return 'csv';
	if (ext === 'gift') return 'gift';
	const head = decodeText(data.subarray(0, 4096));
	if (ext === 'xml' || /^\s*(<\?xml|<)/.test(head)) {
		if (/<quiz[\s>]/.test(head)) return 'moodle';
		if (/assessmentItem/.test(head)) return 'qti';
		if (ext === 'xml') return /<quiz/.test(decodeText(data)) ? 'moodle' : 'qti';
	}
	if (ext === 'txt') return /[{}]/.test(head) ? 'gift' : 'csv';
	return null;
}

export async function readFile(format: ImportFormat, data: Buffer): Promise<ParsedFile> {
	switch (format) {
		case 'xlsx':
			return readXlsx(data);
		case 'csv':
			return readCsv(data);
		case 'gift':
			return readGift(decodeText(data));
		case 'moodle':
			return readMoodle(decodeText(data));
		case 'qti':
			return startsWith(data, 'PK') ? readQtiZip(data) : readQtiXml(decodeText(data));
	}
}

// ——— checking a parsed file against the bank ———

interface BankSnapshot {
	topics: { id: string; name: string }[];
	pools: { id: string; name: string; visibility: 'public' | 'secret' }[];
	questionIds: Set<string>;
	fingerprints: Map<string, string>;
}

async function bankSnapshot(db: Db): Promise<BankSnapshot> {
	const [topics, pools, current] = await Promise.all([
		db.selectFrom('topic').select(['id', 'name']).execute(),
		db.selectFrom('pool').select(['id', 'name', 'visibility']).execute(),
		db
			.selectFrom('question')
			.innerJoin('question_version as v', (j) =>
				j.onRef('v.question_id', '=', 'question.id').onRef('v.version', '=', 'question.version')
			)
			.select(['question.id', 'v.text', 'v.options', 'v.correct', 'v.explanation', 'v.reference'])
			.execute()
	]);
	const fingerprints = new Map<string, string>();
	for (const q of current) fingerprints.set(fingerprint(toDraft(q).draft), q.id);
	return { topics, pools, questionIds: new Set(current.map((q) => q.id)), fingerprints };
}

const FIELD_LABELS = {
	text: 'nội dung câu hỏi',
	explanation: 'giải thích',
	reference: 'căn cứ pháp lý',
	topic: 'chủ đề'
} as const;

/** Converts legacy-encoded text in place and reports it; garbled text is a problem. */
function fixEncoding(q: RawQuestion, problems: Problem[], notes: Problem[]) {
	const fields: { label: string; get: () => string; set: (v: string) => void }[] = [
		{ label: FIELD_LABELS.text, get: () => q.text, set: (v) => (q.text = v) },
		...q.options.map((o, i) => ({
			label: `phương án ${'ABCDEF'[i] ?? i + 1}`,
			get: () => o.text,
			set: (v: string) => (o.text = v)
		})),
		{ label: FIELD_LABELS.explanation, get: () => q.explanation, set: (v) => (q.explanation = v) },
		{ label: FIELD_LABELS.reference, get: () => q.reference, set: (v) => (q.reference = v) },
		{ label: FIELD_LABELS.topic, get: () => q.topic ?? '', set: (v) => (q.topic = v || undefined) }
	];
	// One encoding per question: decided on all its text together, which is more reliable
	// than a short option alone.
	const all = fields.map((f) => f.get()).join('\n');
	const garbled = fields.find((f) => isGarbled(f.get()));
	if (garbled) {
		problems.push({ code: 'badEncoding', params: { field: garbled.label } });
		return;
	}
	const legacy = detectLegacy(all);
	if (!legacy) return;
	for (const f of fields) f.set(convertLegacy(f.get(), legacy));
	notes.push({ code: legacy === 'tcvn3' ? 'convertedTcvn3' : 'convertedVni' });
}

function sameName(a: string, b: string) {
	return a.normalize('NFC').trim().toLowerCase() === b.normalize('NFC').trim().toLowerCase();
}

export interface Analysis {
	report: ImportReport;
	staged: { place: Place; question: StagedQuestion }[];
}

/** Checks every question of a parsed file; pure apart from reading the bank snapshot. */
export async function analyse(
	parsed: ParsedFile,
	format: ImportFormat,
	bank: BankSnapshot,
	defaults: ImportDefaults
): Promise<Analysis> {
	const report = emptyReport(format);
	report.total = parsed.items.length;
	report.fileProblems = parsed.fileProblems;
	if (parsed.fileNotes.length) report.notes.push({ place: { kind: 'file' }, problems: parsed.fileNotes });
	const staged: Analysis['staged'] = [];
	if (parsed.fileProblems.length) return { report, staged };

	const fileTopics = parsed.topics ?? [];
	const filePools = parsed.pools ?? [];
	const newTopics = new Map<string, FileTopic>();
	const newPools = new Map<string, FilePool>();
	const seenIds = new Map<string, Place>();
	const seenPrints = new Map<string, Place>();
	const takenTopicIds = new Set(bank.topics.map((t) => t.id));
	const defaultPool = defaults.poolId ? bank.pools.find((p) => p.id === defaults.poolId) : undefined;
	const defaultTopic = defaults.topicId ? bank.topics.find((t) => t.id === defaults.topicId) : undefined;

	const resolveTopic = (q: RawQuestion): string | null => {
		const key = q.topicId?.trim();
		const name = q.topic?.trim();
		if (key) {
			if (takenTopicIds.has(key) && bank.topics.some((t) => t.id === key)) return key;
			const known = newTopics.get(key);
			if (known) return known.id;
			const described = fileTopics.find((t) => t.id === key);
			const topic = { id: key, name: described?.name ?? name ?? key };
			newTopics.set(key, topic);
			return key;
		}
		if (name) {
			const existing = bank.topics.find((t) => t.id === name || sameName(t.name, name));
			if (existing) return existing.id;
			const fresh =
				[...newTopics.values()].find((t) => sameName(t.name, name)) ??
				fileTopics.find((t) => t.id === name || sameName(t.name, name));
			if (fresh) {
				newTopics.set(fresh.id, fresh);
				return fresh.id;
			}
			let id = slugify(name);
			for (let i = 2; takenTopicIds.has(id) || newTopics.has(id); i++)
				id = `${slugify(name).slice(0, 36)}-${i}`;
			newTopics.set(id, { id, name });
			return id;
		}
		return defaultTopic?.id ?? null;
	};

	const resolvePool = (q: RawQuestion, problems: Problem[]): string | null => {
		const value = q.pool?.trim();
		if (!value) {
			if (!defaultPool) problems.push({ code: 'noPool' });
			return defaultPool?.id ?? null;
		}
		const existing = bank.pools.find((p) => p.id === value || sameName(p.name, value));
		if (existing) return existing.id;
		const described = filePools.find((p) => p.id === value || sameName(p.name, value));
		if (described) {
			newPools.set(described.id, described);
			return described.id;
		}
		problems.push({ code: 'unknownPool', params: { value } });
		return null;
	};

	for (let i = 0; i < parsed.items.length; i++) {
		if (i % 250 === 249) await yieldToServer();
		const raw = parsed.items[i];
		const problems: Problem[] = [...raw.problems];
		const notes: Problem[] = [];
		fixEncoding(raw, problems, notes);
		const draft: QuestionDraft = {
			text: clean(raw.text),
			options: raw.options.map((o) => ({ text: clean(o.text), pinned: o.pinned })),
			correct: [...new Set(raw.correct)].sort((a, b) => a - b),
			explanation: clean(raw.explanation),
			reference: clean(raw.reference)
		};
		const alreadyBadKey = problems.some(
			(p) => p.code === 'badCorrect' || p.code === 'unsupportedType' || p.code === 'syntax'
		);
		for (const p of draftProblems(draft)) {
			if (alreadyBadKey && (p.code === 'noCorrect' || p.code === 'tooFewOptions' || p.code === 'emptyText'))
				continue;
			problems.push(p);
		}
		const difficultyRaw = raw.difficulty?.trim();
		let difficulty = difficultyRaw ? parseDifficulty(difficultyRaw) : (defaults.difficulty ?? null);
		if (difficultyRaw && difficulty === null)
			problems.push({ code: 'badDifficulty', params: { value: difficultyRaw } });
		else if (difficulty === null) problems.push({ code: 'noDifficulty' });
		const status = parseStatus(raw.status);
		if (status === null) problems.push({ code: 'badStatus', params: { value: raw.status ?? '' } });
		const poolId = resolvePool(raw, problems);
		// Topics are resolved only for rows that will be imported, so a rejected row
		// never announces a new topic.
		let id = raw.id?.trim() || '';
		if (id && !QUESTION_ID.test(id)) problems.push({ code: 'badId', params: { id } });
		else if (id && bank.questionIds.has(id)) {
			const print = fingerprint(draft);
			if (bank.fingerprints.get(print) !== id) problems.push({ code: 'idTaken', params: { id } });
		} else if (id && seenIds.has(id)) problems.push({ code: 'idTaken', params: { id } });

		if (!problems.length) {
			const print = fingerprint(draft);
			const existing = bank.fingerprints.get(print);
			const earlier = seenPrints.get(print);
			if (existing) problems.push({ code: 'duplicateExisting', params: { id: existing } });
			else if (earlier) problems.push({ code: 'duplicateInFile', params: { place: placeLabel(earlier) } });
			else seenPrints.set(print, raw.place);
		}
		let topicId: string | null = null;
		if (!problems.length) {
			topicId = resolveTopic(raw);
			if (!topicId) problems.push({ code: 'noTopic' });
		}
		if (notes.length) report.notes.push({ place: raw.place, problems: notes });
		if (problems.length) {
			report.rejectedCount++;
			if (report.rejected.length < MAX_REPORTED) report.rejected.push({ place: raw.place, problems });
			continue;
		}
		if (!id)
			do id = newQuestionId();
			while (bank.questionIds.has(id) || seenIds.has(id));
		seenIds.set(id, raw.place);
		difficulty = difficulty as number;
		staged.push({
			place: raw.place,
			question: {
				id,
				poolId: poolId as string,
				topicId: topicId as string,
				difficulty,
				status: status ?? 'active',
				draft
			}
		});
	}
	report.ready = staged.length;
	// A file that describes its topics and pools (an export does) brings them all, used or not.
	if (staged.length) {
		for (const t of fileTopics) if (!takenTopicIds.has(t.id) && !newTopics.has(t.id)) newTopics.set(t.id, t);
		for (const p of filePools)
			if (!bank.pools.some((x) => x.id === p.id) && !newPools.has(p.id)) newPools.set(p.id, p);
	}
	report.newTopics = [...newTopics.values()];
	report.newPools = [...newPools.values()];
	for (const t of report.newTopics)
		report.notes.push({
			place: { kind: 'file' },
			problems: [{ code: 'newTopic', params: { name: t.name } }]
		});
	for (const p of report.newPools)
		report.notes.push({
			place: { kind: 'file' },
			problems: [{ code: 'newPool', params: { name: p.name, visibility: p.visibility } }]
		});
	return { report, staged };
}

/** A place as plain Vietnamese, for a problem that names another place. */
export function placeLabel(p: Place): string {
	const v = p.params ?? {};
	switch (p.kind) {
		case 'row':
			return `hàng ${v.n}`;
		case 'item':
			return `mục ${v.id}`;
		case 'question':
			return `câu ${v.n} (dòng ${v.line})`;
		case 'xmlQuestion':
			return `câu ${v.n} (${v.name})`;
		case 'file':
			return 'toàn tệp';
	}
}

// ——— the batch lifecycle ———

export async function startImport(
	db: Db,
	input: { fileName: string; size: number; defaults: ImportDefaults },
	actorId: string | null,
	now = Date.now()
): Promise<string> {
	if (input.size > MAX_FILE_BYTES) throw new BankError('tooLarge', { mb: MAX_FILE_BYTES / 1024 / 1024 });
	// Uploads abandoned for a day are dropped, so their parts do not pile up.
	const stale = db
		.selectFrom('import_batch')
		.select('id')
		.where('status', '=', 'uploading')
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
	return id;
}

export async function addPart(db: Db, id: string, idx: number, data: Uint8Array): Promise<void> {
	const batch = await db
		.selectFrom('import_batch')
		.select(['status', 'size'])
		.where('id', '=', id)
		.executeTakeFirst();
	if (!batch || batch.status !== 'uploading') throw new BankError('notFound');
	if (data.byteLength > PART_BYTES || idx < 0 || idx * PART_BYTES >= Math.max(batch.size, 1))
		throw new BankError('tooLarge', { mb: MAX_FILE_BYTES / 1024 / 1024 });
	await db
		.insertInto('import_part')
		.values({ batch_id: id, idx, data: Buffer.from(data) })
		.onConflict((oc) => oc.columns(['batch_id', 'idx']).doUpdateSet({ data: Buffer.from(data) }))
		.execute();
}

/** Reads the uploaded file, checks it, stages its valid questions and stores the report. */
export async function analyseImport(db: Db, id: string, now = Date.now()): Promise<ImportView> {
	const batch = await db.selectFrom('import_batch').selectAll().where('id', '=', id).executeTakeFirst();
	if (!batch || batch.status !== 'uploading') throw new BankError('notFound');
	const parts = await db
		.selectFrom('import_part')
		.select(['idx', 'data'])
		.where('batch_id', '=', id)
		.orderBy('idx')
		.execute();
	const data = Buffer.concat(parts.map((p) => Buffer.from(p.data)));
	const format = detectFormat(batch.file_name, data);
	let analysis: Analysis;
	if (!format) {
		analysis = {
			report: {
				...emptyReport(null),
				fileProblems: [{ code: 'unreadable', params: { detail: batch.file_name } }]
			},
			staged: []
		};
	} else if (data.length !== batch.size) {
		analysis = {
			report: {
				...emptyReport(format),
				fileProblems: [{ code: 'unreadable', params: { detail: 'tệp tải lên chưa đủ' } }]
			},
			staged: []
		};
	} else {
		let parsed: ParsedFile;
		try {
			parsed = await readFile(format, data);
		} catch (e) {
			parsed = emptyParsed({
				code: 'unreadable',
				params: { detail: e instanceof Error ? e.message.slice(0, 200) : String(e) }
			});
		}
		analysis = await analyse(
			parsed,
			format,
			await bankSnapshot(db),
			JSON.parse(batch.options) as ImportDefaults
		);
	}
	// Staged in slices so no single statement grows past the databases' parameter limits.
	for (let i = 0; i < analysis.staged.length; i += 200) {
		const slice = analysis.staged.slice(i, i + 200);
		await db
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
		await yieldToServer();
	}
	await db.deleteFrom('import_part').where('batch_id', '=', id).execute();
	await db
		.updateTable('import_batch')
		.set({
			status: 'analysed',
			format: format ?? 'xlsx',
			report: JSON.stringify(analysis.report),
			ready_count: analysis.staged.length,
			updated_at: now
		})
		.where('id', '=', id)
		.execute();
	return (await getImport(db, id))!;
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
		createdAt: b.created_at
	};
}

/** Imports that were analysed or begun and not finished, newest first. */
export async function pendingImports(db: Db) {
	return db
		.selectFrom('import_batch')
		.select(['id', 'file_name', 'status', 'ready_count', 'written_count', 'updated_at'])
		.where('status', 'in', ['analysed', 'committing'])
		.orderBy('updated_at', 'desc')
		.limit(10)
		.execute();
}

export interface CommitProgress {
	status: ImportStatus;
	written: number;
	total: number;
}

/**
 * One step of the commit: the next chunk of hidden rows, or, when all are written, the
 * flip that makes them part of the bank. Call until the status is 'done'.
 */
export async function commitStep(
	db: Db,
	id: string,
	actorId: string | null,
	now = Date.now()
): Promise<CommitProgress> {
	try {
		return await db.transaction().execute(async (tx) => {
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
				if (!b) throw new BankError('notFound');
				return { status: b.status, written: b.written_count, total: b.ready_count };
			}
			const batch = await tx
				.selectFrom('import_batch')
				.selectAll()
				.where('id', '=', id)
				.executeTakeFirstOrThrow();
			if (batch.ready_count === 0) throw new BankError('nothing');
			if (batch.status === 'analysed')
				await createTopicsAndPools(tx, batch.id, JSON.parse(batch.report) as ImportReport);

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
			// The flip: every staged question becomes visible in one short transaction.
			const retiredIds = (
				await tx
					.selectFrom('import_item')
					.select(['question_id', 'payload'])
					.where('batch_id', '=', id)
					.execute()
			)
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
	} catch (e) {
		if (e instanceof BankError && (e.code === 'notFound' || e.code === 'nothing')) throw e;
		await rollback(db, id, 'failed', actorId, now, e instanceof Error ? e.message : String(e));
		return { status: 'failed', written: 0, total: 0 };
	}
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

/** Upload, analysis and (when `commit`) the whole commit in one call: for tests and scripts. */
export async function importFile(
	db: Db,
	input: { fileName: string; data: Uint8Array; defaults?: ImportDefaults },
	actorId: string | null,
	opts: { commit?: boolean; now?: number } = {}
): Promise<ImportView> {
	const now = opts.now ?? Date.now();
	const id = await startImport(
		db,
		{ fileName: input.fileName, size: input.data.byteLength, defaults: input.defaults ?? {} },
		actorId,
		now
	);
	for (let i = 0; i * PART_BYTES < input.data.byteLength; i++)
		await addPart(db, id, i, input.data.subarray(i * PART_BYTES, (i + 1) * PART_BYTES));
	let view = await analyseImport(db, id, now);
	if (opts.commit && view.readyCount > 0) {
		let step: CommitProgress;
		do step = await commitStep(db, id, actorId, now);
		while (step.status === 'committing');
		view = (await getImport(db, id))!;
	}
	return view;
}
