// The import page's state: upload in parts, analysis, and the commit loop whose progress
// the page shows. One instance per page.
import { replaceState } from '$app/navigation';
import { NO_SERVER, serverMessage } from '$lib/client/no-server';

export type Phase =
	'idle' | 'uploading' | 'analysing' | 'report' | 'committing' | 'done' | 'cancelled' | 'failed';

export interface ImportDefaults {
	poolId: string | null;
	topicId: string | null;
	difficulty: number | null;
}

/** Fields a column can fill; the same keys as src/lib/server/bank/formats/columns.ts. */
export { FIELD_KEYS } from '$lib/exam/import-fields';

/** headerKey(heading) → a field key or 'ignore'. */
export type ColumnMapping = Record<string, string>;

/** The server's ImportView, as JSON. */
export interface ImportViewJson {
	id: string;
	fileName: string;
	status: string;
	readyCount: number;
	writtenCount: number;
	report: ReportJson | null;
	defaults?: Partial<ImportDefaults>;
}

export interface ProblemJson {
	code: string;
	params?: Record<string, string | number>;
}
export interface EntryJson {
	place: { kind: string; params?: Record<string, string | number> };
	problems: ProblemJson[];
}
export interface ReportJson {
	format: string | null;
	total: number;
	ready: number;
	rejectedCount: number;
	rejected: EntryJson[];
	notes: EntryJson[];
	fileProblems: ProblemJson[];
	/** Absent in reports stored before warnings, columns and the preview existed. */
	warnings?: EntryJson[];
	columns?: ColumnJson[];
	preview?: PreviewJson[];
	error?: string;
}
export interface ColumnJson {
	heading: string;
	key: string;
	field: string | null;
	sample: string;
}
export interface PreviewJson {
	place: EntryJson['place'];
	text: string;
	options: string[];
	correct: number[];
	topicId: string;
	difficulty: number;
}

/** Must match PART_BYTES on the server. */
const PART_BYTES = 192 * 1024;

/** The server's refusal: its sentence, and its code for the few a page acts on. */
class Refused extends Error {
	constructor(
		message: string,
		readonly code: string | undefined
	) {
		super(message);
	}
}

/** A call's failure is thrown as the server's sentence, or NO_SERVER when there was none. */
async function call<T>(url: string, init: RequestInit): Promise<T> {
	const res = await fetch(url, init).catch(() => null);
	if (!res) throw new Error(NO_SERVER);
	const body = res.status === 204 ? null : await res.json().catch(() => null);
	if (!res.ok)
		throw new Refused(serverMessage(body), (body as { error?: { code?: string } } | null)?.error?.code);
	return body as T;
}

const postJson = (body: unknown): RequestInit => ({
	method: 'POST',
	headers: { 'content-type': 'application/json' },
	body: JSON.stringify(body)
});

export class Importer {
	#phase = $state<Phase>('idle');
	#sent = $state(0);
	#size = $state(0);
	#written = $state(0);
	#total = $state(0);
	#view = $state<ImportViewJson | null>(null);
	#error = $state<string | null>(null);

	constructor(initial: ImportViewJson | null) {
		if (initial) this.#show(initial);
	}

	get phase() {
		return this.#phase;
	}
	get view() {
		return this.#view;
	}
	get error() {
		return this.#error;
	}
	get uploaded() {
		return { sent: this.#sent, size: this.#size };
	}
	get progress() {
		return { written: this.#written, total: this.#total };
	}
	get busy() {
		return this.#phase === 'uploading' || this.#phase === 'analysing' || this.#phase === 'committing';
	}

	#show(view: ImportViewJson) {
		this.#view = view;
		this.#written = view.writtenCount;
		this.#total = view.readyCount;
		this.#phase =
			view.status === 'done'
				? 'done'
				: view.status === 'cancelled'
					? 'cancelled'
					: view.status === 'failed'
						? 'failed'
						: 'report';
		if (view.status === 'failed') this.#error = view.report?.error ?? null;
	}

	reset() {
		this.#phase = 'idle';
		this.#view = null;
		this.#error = null;
		this.#sent = 0;
		this.#size = 0;
	}

	async upload(file: File, defaults: ImportDefaults) {
		// A new file replaces the report of the previous one, which is cancelled.
		const previous = this.#view;
		if (previous && previous.status === 'analysed')
			void call(`/api/admin/bank/imports/${previous.id}/cancel`, { method: 'POST' }).catch(() => {});
		this.#view = null;
		this.#error = null;
		this.#phase = 'uploading';
		this.#sent = 0;
		this.#size = file.size;
		try {
			const { id } = await call<{ id: string }>(
				'/api/admin/bank/imports',
				postJson({ fileName: file.name, size: file.size, defaults })
			);
			for (let i = 0; i * PART_BYTES < file.size; i++) {
				const part = file.slice(i * PART_BYTES, (i + 1) * PART_BYTES);
				await call(`/api/admin/bank/imports/${id}/parts/${i}`, {
					method: 'PUT',
					headers: { 'content-type': 'application/octet-stream' },
					body: part
				});
				this.#sent = Math.min(file.size, (i + 1) * PART_BYTES);
			}
			this.#phase = 'analysing';
			const { import: view } = await call<{ import: ImportViewJson }>(
				`/api/admin/bank/imports/${id}/analyse`,
				{ method: 'POST' }
			);
			this.#show(view);
			// A reload shows this report again, so the organiser can still commit or cancel.
			replaceState(`?id=${id}`, {});
		} catch (e) {
			this.#error = e instanceof Error ? e.message : String(e);
			this.#phase = 'idle';
		}
	}

	/**
	 * Reads the same upload again with other defaults or a column mapping. False when refused
	 * (the import began, or another window checked it again first): the report stays as it was.
	 */
	async reanalyse(change: { defaults?: ImportDefaults; mapping?: ColumnMapping }): Promise<boolean> {
		const id = this.#view?.id;
		if (!id || this.busy) return false;
		this.#error = null;
		this.#phase = 'analysing';
		try {
			const { import: view } = await call<{ import: ImportViewJson }>(
				`/api/admin/bank/imports/${id}/analyse`,
				postJson(change)
			);
			this.#show(view);
			return true;
		} catch (e) {
			this.#error = e instanceof Error ? e.message : String(e);
			this.#phase = 'report';
			return false;
		}
	}

	/** Commits chunk by chunk; each response moves the progress bar. */
	async commit() {
		const id = this.#view?.id;
		if (!id) return;
		this.#error = null;
		this.#phase = 'committing';
		try {
			for (;;) {
				const step = await call<{ status: string; written: number; total: number; error?: string }>(
					`/api/admin/bank/imports/${id}/commit`,
					{ method: 'POST' }
				);
				this.#written = step.written;
				this.#total = step.total || this.#total;
				if (step.status === 'done') {
					this.#phase = 'done';
					return;
				}
				if (step.status !== 'committing') {
					this.#error = step.error ?? null;
					this.#phase = step.status === 'failed' ? 'failed' : 'cancelled';
					return;
				}
			}
		} catch (e) {
			// Nothing is visible in the bank until the last step: the organiser may resume or cancel.
			this.#error = e instanceof Error ? e.message : String(e);
			this.#phase = 'report';
			// The bank gained some of the file's questions since it was checked: checked again, the
			// report names them and the organiser imports the rest (the sentence says so).
			if (e instanceof Refused && e.code === 'bankChanged' && (await this.reanalyse({})))
				this.#error = e.message;
		}
	}

	async cancel() {
		const id = this.#view?.id;
		if (!id) return;
		try {
			await call(`/api/admin/bank/imports/${id}/cancel`, { method: 'POST' });
			this.#phase = 'cancelled';
		} catch (e) {
			this.#error = e instanceof Error ? e.message : String(e);
		}
	}
}
