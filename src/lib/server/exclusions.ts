// The exclusion list: who the contest's rules keep out (the organising committee, the judges,
// their helpers and others running the contest), by national id. Registration refuses these ids
// (accounts.ts, through `isListed`), a graded start refuses their accounts (attempts/start.ts `eligibility`; practice
// stays open), promotion to the final leaves them out (venue/finalists.ts) and the organiser's
// ranking flags them (results/individual.ts). The organiser keeps it on /admin/exclusions.
import { z } from 'zod';
import type { Db } from './db';
import { audit } from './audit';
import { failure, type Failure } from './failure';
import { nationalIdProblem } from '$lib/exam/eligibility';

/** The longest reason kept (a role and a body: "Thành viên Ban Giám khảo, Sở Nội vụ"). */
export const REASON_MAX = 200;
/** Lines one paste may hold: a committee's list, not the province's population. */
export const LINES_MAX = 2000;
/** Rows per INSERT: well under SQLite's and PostgreSQL's bound on a statement's parameters. */
const CHUNK = 500;

/** The page's forms. A pasted list is read line by line afterwards (`readList`). */
export const oneForm = z.object({ nationalId: z.string().max(100), reason: z.string().max(1000) });
export const listForm = z.object({ lines: z.string().max(200_000) });
export const removeForm = z.object({ nationalId: z.string().regex(/^\d{12}$/) });

export interface Entry {
	nationalId: string;
	reason: string;
}

export type LineCode =
	'noSeparator' | 'noId' | 'badNationalId' | 'leadingZero' | 'badProvince' | 'noReason' | 'reasonTooLong';

/** A line that cannot be added, and why: the page words it from the catalogue. */
export interface LineProblem {
	line: number;
	code: LineCode;
	params: { id?: string; digits?: number; max?: number };
}

export type ListReading =
	| { ok: true; entries: Entry[]; repeated: number }
	| (Failure<'empty' | 'tooManyLines' | 'badLines'> & { problems: LineProblem[] });

/**
 * A national id as registration takes it: spaces removed, then 12 digits of a province's code
 * (`nationalIdProblem`, the validator registration uses). Its birth year and gender digits are
 * checked there against the form's other fields; a list has none, so they are not checked here.
 * Eleven digits get a hint of their own: a spreadsheet drops a number's leading zero.
 */
export function idProblem(
	id: string
): Extract<LineCode, 'badNationalId' | 'leadingZero' | 'badProvince'> | null {
	if (/^\d{11}$/.test(id)) return 'leadingZero';
	const problem = nationalIdProblem(id, '', 'other');
	return problem === 'format' ? 'badNationalId' : problem === 'province' ? 'badProvince' : null;
}

export const normaliseId = (raw: string) => raw.replace(/\s/g, '').replace(/"/g, '');

/** A CSV cell's quotes taken off: `"Giám khảo, Ban B"` → `Giám khảo, Ban B`. */
function unquote(s: string): string {
	return s.length >= 2 && s.startsWith('"') && s.endsWith('"') ? s.slice(1, -1).replace(/""/g, '"') : s;
}

/** One entry, or why not: what a line and the one-person form are both held to. */
export function readEntry(rawId: string, rawReason: string): Entry | Omit<LineProblem, 'line'> {
	const nationalId = normaliseId(rawId);
	const reason = unquote(rawReason.replace(/\s+/g, ' ').trim()).trim();
	if (!nationalId) return { code: 'noId', params: {} };
	const problem = idProblem(nationalId);
	if (problem) return { code: problem, params: { id: nationalId, digits: nationalId.length } };
	if (!reason) return { code: 'noReason', params: { id: nationalId } };
	if (reason.length > REASON_MAX)
		return { code: 'reasonTooLong', params: { id: nationalId, max: REASON_MAX } };
	return { nationalId, reason };
}

/**
 * A pasted list: one person a line, "national id<TAB or comma>reason" (a spreadsheet's two
 * columns paste with a TAB; a CSV file's with a comma). Blank lines are skipped; an id given
 * twice is taken once (the first line's reason). Any bad line and nothing is taken: every bad
 * line is named, so the organiser corrects the list and sends it again whole.
 */
export function readList(text: string): ListReading {
	const lines = text.split(/\r\n|\r|\n/);
	const filled = lines.filter((l) => l.trim() !== '').length;
	if (filled === 0) return { ...failure('empty'), problems: [] };
	if (filled > LINES_MAX) return { ...failure('tooManyLines', { max: LINES_MAX }), problems: [] };
	const entries = new Map<string, Entry>();
	const problems: LineProblem[] = [];
	let repeated = 0;
	lines.forEach((text, i) => {
		if (text.trim() === '') return;
		const tab = text.indexOf('\t');
		const at = tab >= 0 ? tab : text.indexOf(',');
		if (at < 0) {
			problems.push({ line: i + 1, code: 'noSeparator', params: {} });
			return;
		}
		const read = readEntry(text.slice(0, at), text.slice(at + 1));
		if ('code' in read) problems.push({ line: i + 1, ...read });
		else if (entries.has(read.nationalId)) repeated++;
		else entries.set(read.nationalId, read);
	});
	if (problems.length) return { ...failure('badLines', { n: problems.length }), problems };
	return { ok: true, entries: [...entries.values()], repeated };
}

/**
 * Adds entries in one transaction: all of them or, on any error, none. An id already listed
 * keeps its entry (and its reason) and is counted in `alreadyListed`; two organisers adding the
 * same id at once add it once. One audit entry names every id added.
 */
export async function addExclusions(
	db: Db,
	entries: Entry[],
	actorId: string,
	now = Date.now()
): Promise<{ ok: true; added: number; alreadyListed: number }> {
	return db.transaction().execute(async (tx) => {
		const added = new Set<string>();
		for (let i = 0; i < entries.length; i += CHUNK) {
			const rows = await tx
				.insertInto('exclusion')
				.values(
					entries
						.slice(i, i + CHUNK)
						.map((e) => ({ national_id: e.nationalId, reason: e.reason, added_at: now }))
				)
				.onConflict((oc) => oc.column('national_id').doNothing())
				.returning('national_id')
				.execute();
			for (const r of rows) added.add(r.national_id);
		}
		if (added.size > 0) {
			const listed = entries.filter((e) => added.has(e.nationalId));
			await audit(
				tx,
				{
					actorId,
					action: 'exclusion.add',
					target: listed.length === 1 ? listed[0].nationalId : null,
					detail: { entries: listed }
				},
				now
			);
		}
		return { ok: true as const, added: added.size, alreadyListed: entries.length - added.size };
	});
}

export type Added = { ok: true; added: number; alreadyListed: number; repeated: number };

/** The one-person form: the entry added, or the problem with what was typed. */
export async function addOne(
	db: Db,
	input: z.infer<typeof oneForm>,
	actorId: string,
	now = Date.now()
): Promise<Added | (Failure<LineCode> & { params: LineProblem['params'] })> {
	const entry = readEntry(input.nationalId, input.reason);
	if ('code' in entry) return { ok: false, ...entry };
	return { ...(await addExclusions(db, [entry], actorId, now)), repeated: 0 };
}

/** A pasted list: every entry added, or (any line bad) none, with each bad line named. */
export async function addList(
	db: Db,
	text: string,
	actorId: string,
	now = Date.now()
): Promise<Added | Exclude<ListReading, { ok: true }>> {
	const read = readList(text);
	if (!read.ok) return read;
	return { ...(await addExclusions(db, read.entries, actorId, now)), repeated: read.repeated };
}

/** Takes an id off the list: that person may register and take part again. */
export async function removeExclusion(
	db: Db,
	nationalId: string,
	actorId: string,
	now = Date.now()
): Promise<{ ok: true; reason: string } | Failure<'notListed'>> {
	return db.transaction().execute(async (tx) => {
		const gone = await tx
			.deleteFrom('exclusion')
			.where('national_id', '=', nationalId)
			.returning('reason')
			.executeTakeFirst();
		if (!gone) return failure('notListed', { id: nationalId });
		await audit(
			tx,
			{ actorId, action: 'exclusion.remove', target: nationalId, detail: { reason: gone.reason } },
			now
		);
		return { ok: true as const, reason: gone.reason };
	});
}

export interface ListedEntry {
	nationalId: string;
	reason: string;
	addedAt: number | null;
	/** The account registered with this id, if any: whom the organiser may call. */
	account: { name: string; phone: string | null } | null;
	/** Attempts in graded rounds (taken before the id was listed, or by a resume). */
	gradedAttempts: number;
	/** The số báo danh of each final this person is a finalist of. */
	finalistSbds: string[];
}

/** The whole list, newest first (entries from before migration 0022 last), with what each account did. */
export async function exclusionList(db: Db): Promise<ListedEntry[]> {
	const rows = await db
		.selectFrom('exclusion')
		.leftJoin('app_user', 'app_user.national_id', 'exclusion.national_id')
		.select([
			'exclusion.national_id',
			'exclusion.reason',
			'exclusion.added_at',
			'app_user.full_name',
			'app_user.phone'
		])
		.execute();
	const attempts = await db
		.selectFrom('exclusion')
		.innerJoin('app_user', 'app_user.national_id', 'exclusion.national_id')
		.innerJoin('attempt', 'attempt.user_id', 'app_user.id')
		.innerJoin('round', 'round.id', 'attempt.round_id')
		.where('round.kind', '!=', 'practice')
		.select(['exclusion.national_id', (eb) => eb.fn.countAll<number | string>().as('n')])
		.groupBy('exclusion.national_id')
		.execute();
	const finalists = await db
		.selectFrom('exclusion')
		.innerJoin('app_user', 'app_user.national_id', 'exclusion.national_id')
		.innerJoin('finalist', 'finalist.user_id', 'app_user.id')
		.select(['exclusion.national_id', 'finalist.sbd'])
		.execute();
	return rows
		.map((r) => ({
			nationalId: r.national_id,
			reason: r.reason,
			addedAt: r.added_at === null ? null : Number(r.added_at),
			account: r.full_name === null ? null : { name: r.full_name, phone: r.phone },
			gradedAttempts: Number(attempts.find((a) => a.national_id === r.national_id)?.n ?? 0),
			finalistSbds: finalists.filter((f) => f.national_id === r.national_id).map((f) => f.sbd)
		}))
		.sort((a, b) => (b.addedAt ?? -1) - (a.addedAt ?? -1) || a.nationalId.localeCompare(b.nationalId));
}

/** Whether a national id is on the list: what registration asks. */
export async function isListed(db: Db, nationalId: string): Promise<boolean> {
	const row = await db
		.selectFrom('exclusion')
		.select('national_id')
		.where('national_id', '=', nationalId)
		.executeTakeFirst();
	return row !== undefined;
}

/** The reason an account is on the list, or null: what a graded start asks. */
export async function exclusionOf(db: Db, userId: string): Promise<string | null> {
	const row = await db
		.selectFrom('app_user')
		.innerJoin('exclusion', 'exclusion.national_id', 'app_user.national_id')
		.select('exclusion.reason')
		.where('app_user.id', '=', userId)
		.executeTakeFirst();
	return row?.reason ?? null;
}

/**
 * Every listed person who has an account: account id → name and reason. The list is a
 * committee's few hundred at most, so a ranking of any size is checked against it in memory.
 */
export async function excludedAccounts(db: Db): Promise<Map<string, { name: string; reason: string }>> {
	const rows = await db
		.selectFrom('exclusion')
		.innerJoin('app_user', 'app_user.national_id', 'exclusion.national_id')
		.select(['app_user.id', 'app_user.full_name', 'exclusion.reason'])
		.execute();
	return new Map(rows.map((r) => [r.id, { name: r.full_name, reason: r.reason }]));
}
