// Checking the questions of a parsed file against the bank, without the database: text
// encoding, options, key, topic, pool, duplicates against the bank and within the file.
// The caller passes a snapshot of the bank (imports.ts reads it); the result is the report
// the organiser reads and the questions ready to stage.
import type { ImportFormat } from '../db/tables-bank';
import { convertLegacy, detectLegacy, isGarbled } from '$lib/exam/legacy-encoding';
import {
	clean,
	draftProblems,
	fingerprint,
	fingerprintText,
	LETTERS,
	parseDifficulty,
	QUESTION_ID,
	type Problem,
	type QuestionDraft
} from './model';
import { parseStatus } from './formats/spreadsheet';
import type { ColumnMapping } from './formats/columns';
import { closeNames } from './similar';
import { newQuestionId, slugify } from './ids';
import { yieldToServer } from '../turns';
import {
	type ColumnRead,
	type FilePool,
	type FileTopic,
	type ParsedFile,
	type Place,
	type RawQuestion
} from './formats/types';

/** Rejections kept in the report in full; the rest are only counted. */
export const MAX_REPORTED = 2000;
/** Ready questions shown in full before the import, so garbled text is seen in time. */
export const PREVIEW_COUNT = 5;

export interface ImportDefaults {
	poolId?: string | null;
	topicId?: string | null;
	difficulty?: number | null;
	/** Headings the organiser mapped to fields for this file. */
	mapping?: ColumnMapping;
}

export interface ReportEntry {
	place: Place;
	problems: Problem[];
}

export interface PreviewQuestion {
	place: Place;
	text: string;
	options: string[];
	correct: number[];
	topicId: string;
	difficulty: number;
}

export interface ImportReport {
	format: ImportFormat | null;
	/** Questions found in the file. */
	total: number;
	ready: number;
	rejectedCount: number;
	rejected: ReportEntry[];
	notes: ReportEntry[];
	/** Ready questions worth a second look (same wording as a bank question, a topic named like another). */
	warnings: ReportEntry[];
	fileProblems: Problem[];
	newTopics: FileTopic[];
	newPools: FilePool[];
	/** The spreadsheet's columns, for the organiser to map (xlsx and csv). */
	columns?: ColumnRead[];
	preview: PreviewQuestion[];
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

export interface BankSnapshot {
	topics: { id: string; name: string }[];
	pools: { id: string; name: string; visibility: 'public' | 'secret' }[];
	questionIds: Set<string>;
	/** fingerprint(question) → id. */
	fingerprints: Map<string, string>;
	/** fingerprintText(stem) → id: the same wording, whatever the options. */
	stems: Map<string, string>;
	/** id → file name, for the questions of another import being committed (not in the bank yet). */
	importing?: Map<string, string>;
}

export interface Analysis {
	report: ImportReport;
	staged: { place: Place; question: StagedQuestion }[];
}

export const emptyReport = (format: ImportFormat | null): ImportReport => ({
	format,
	total: 0,
	ready: 0,
	rejectedCount: 0,
	rejected: [],
	notes: [],
	warnings: [],
	fileProblems: [],
	newTopics: [],
	newPools: [],
	preview: []
});

/** Converts legacy-encoded text in place and reports it; garbled text is a problem. */
function fixEncoding(q: RawQuestion, problems: Problem[], notes: Problem[]) {
	// `field` names the catalogue's bank.fields entry, so the report reads in either language.
	type Field = { field: string; letter?: string; get: () => string; set: (v: string) => void };
	const fields: Field[] = [
		{ field: 'text', get: () => q.text, set: (v) => (q.text = v) },
		...q.options.map((o, i) => ({
			field: 'option',
			letter: LETTERS[i] ?? String(i + 1),
			get: () => o.text,
			set: (v: string) => (o.text = v)
		})),
		{ field: 'explanation', get: () => q.explanation, set: (v) => (q.explanation = v) },
		{ field: 'reference', get: () => q.reference, set: (v) => (q.reference = v) },
		{ field: 'topic', get: () => q.topic ?? '', set: (v) => (q.topic = v || undefined) }
	];
	// One encoding per question: decided on all its text together, which is more reliable
	// than a short option alone.
	const all = fields.map((f) => f.get()).join('\n');
	const garbled = fields.find((f) => isGarbled(f.get()));
	if (garbled) {
		problems.push({
			code: 'badEncoding',
			params: { field: garbled.field, ...(garbled.letter ? { letter: garbled.letter } : {}) }
		});
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

/** Checks every question of a parsed file against a snapshot of the bank. */
export async function analyse(
	parsed: ParsedFile,
	format: ImportFormat | null,
	bank: BankSnapshot,
	defaults: ImportDefaults
): Promise<Analysis> {
	const report = emptyReport(format);
	report.total = parsed.items.length;
	report.fileProblems = parsed.fileProblems;
	if (parsed.columns) report.columns = parsed.columns;
	if (parsed.fileNotes.length) report.notes.push({ place: { kind: 'file' }, problems: parsed.fileNotes });
	const staged: Analysis['staged'] = [];
	if (parsed.fileProblems.length || !format) return { report, staged };

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
			const file = existing === undefined ? undefined : bank.importing?.get(existing);
			if (file !== undefined) problems.push({ code: 'duplicateImporting', params: { file } });
			else if (existing) problems.push({ code: 'duplicateExisting', params: { id: existing } });
			else if (earlier)
				problems.push({ code: 'duplicateInFile', params: { ...earlier.params, place: earlier.kind } });
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
		// Same stem, other options: maybe a corrected version, maybe a different question.
		const sameStem = bank.stems.get(fingerprintText(draft.text));
		if (sameStem && sameStem !== id)
			report.warnings.push({
				place: raw.place,
				problems: [{ code: 'sameTextOtherOptions', params: { id: sameStem } }]
			});
		if (!id)
			do id = newQuestionId();
			while (bank.questionIds.has(id) || seenIds.has(id));
		seenIds.set(id, raw.place);
		difficulty = difficulty as number;
		const question: StagedQuestion = {
			id,
			poolId: poolId as string,
			topicId: topicId as string,
			difficulty,
			status: status ?? 'active',
			draft
		};
		staged.push({ place: raw.place, question });
		if (report.preview.length < PREVIEW_COUNT)
			report.preview.push({
				place: raw.place,
				text: draft.text,
				options: draft.options.map((o) => o.text),
				correct: draft.correct,
				topicId: question.topicId,
				difficulty
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
	for (const t of report.newTopics) {
		report.notes.push({
			place: { kind: 'file' },
			problems: [{ code: 'newTopic', params: { name: t.name } }]
		});
		const close = bank.topics.find((b) => closeNames(b.name, t.name));
		if (close)
			report.warnings.push({
				place: { kind: 'file' },
				problems: [{ code: 'topicCloseTo', params: { name: t.name, existing: close.name } }]
			});
	}
	for (const p of report.newPools)
		report.notes.push({
			place: { kind: 'file' },
			problems: [{ code: 'newPool', params: { name: p.name, visibility: p.visibility } }]
		});
	return { report, staged };
}
