// Tables added by the question-bank area (migration 0002_bank): the staging of imports.
// An import is uploaded in parts, analysed into a report and staged items, then committed
// in chunks; see src/lib/server/bank/imports.ts for why.

export type ImportFormat = 'xlsx' | 'csv' | 'gift' | 'moodle' | 'qti';
export type ImportStatus = 'uploading' | 'analysed' | 'committing' | 'done' | 'cancelled' | 'failed';

export interface ImportBatchTable {
	id: string;
	actor_id: string | null;
	created_at: number;
	updated_at: number;
	file_name: string;
	format: ImportFormat;
	status: ImportStatus;
	/** Bytes announced at the start of the upload. */
	size: number;
	/** JSON: the defaults chosen in the form {poolId, topicId, difficulty, mapping}. */
	options: string;
	/** JSON: the analysis report (see ImportReport in bank/analyse.ts). */
	report: string;
	ready_count: number;
	written_count: number;
	/** JSON {topics: string[], pools: string[]}: what the commit created, removed again on rollback. */
	created: string;
}

/** The uploaded file in pieces small enough for any request-size limit. */
export interface ImportPartTable {
	batch_id: string;
	idx: number;
	data: Buffer;
}

/** One validated question waiting to be written; `written` once its rows exist (still hidden). */
export interface ImportItemTable {
	batch_id: string;
	seq: number;
	place: string;
	question_id: string;
	/** JSON: the question as it will be written (see StagedQuestion). */
	payload: string;
	written: number;
}

/** An organiser's mapping of a heading to a field (migration 0010_imports). */
export interface ImportMappingTable {
	actor_id: string;
	/** headerKey(heading): no tone marks, case or punctuation. */
	heading: string;
	/** A column key of formats/columns.ts, or 'ignore'. */
	field: string;
	updated_at: number;
}

export interface BankTables {
	import_batch: ImportBatchTable;
	import_part: ImportPartTable;
	import_item: ImportItemTable;
	import_mapping: ImportMappingTable;
}
