// Exports of a round's results: the individual ranking and the unit table, each as .xlsx
// and as .csv (UTF-8 with a BOM, so Excel shows Vietnamese tone marks; CRLF; quoted).
import { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { Db } from '../db';
import { messages, type Locale } from '$lib/i18n';
import { ensureStanding } from './standing-read';
import { personalPrize, rankUnits, unitFigures, unitPrize } from '$lib/exam/collective';
import { unitInfos } from './individual';
import { excludedAccounts } from '../exclusions';
import { resultRound } from './publication';
import { tallyMap } from './stats';
import { yieldToServer } from '../turns';
import { retryAfterHeaders, wordRefusal } from '../http';

export type Cell = string | number | null;

export interface ExportTable {
	sheet: string;
	title: string;
	headers: string[];
	rows: Cell[][];
}

const VIETNAM_OFFSET_MS = 7 * 3600 * 1000;

/** "2026-11-23 09:05:00", Vietnam time. */
export function vietnamDateTime(ms: number): string {
	return new Date(ms + VIETNAM_OFFSET_MS).toISOString().slice(0, 19).replace('T', ' ');
}

const round1 = (n: number) => Math.round(n * 10) / 10;
/** A time used as a sheet gives it: seconds, to a tenth (the ranking's export, the room's minutes). */
export const sheetSeconds = (ms: number) => round1(ms / 1000);
const round2 = (n: number) => Math.round(n * 100) / 100;

/** Standing rows read at a time for an export: each read a few milliseconds of the loop. */
const TABLE_PAGE = 2000;

export async function individualTable(db: Db, roundId: string, locale: Locale): Promise<ExportTable | null> {
	const round = await resultRound(db, roundId);
	const snapshot = round && (await ensureStanding(db, roundId));
	if (!round || !snapshot) return null;
	const m = messages(locale).results;
	const page = (from: number) =>
		db
			.selectFrom('round_standing as s')
			.innerJoin('app_user as u', 'u.id', 's.user_id')
			.leftJoin('candidate_profile as p', 'p.user_id', 's.user_id')
			.leftJoin('unit', 'unit.id', 's.unit_id')
			.select([
				's.rank',
				's.user_id',
				'u.full_name',
				'p.birth_date',
				'u.national_id',
				'unit.name as unit_name',
				'u.phone',
				'p.address',
				's.score',
				's.max_score',
				's.time_used_ms',
				's.tiebreak',
				's.attempts',
				's.submitted_at',
				'p.publish_name'
			])
			.where('s.round_id', '=', roundId)
			.where('s.position', '>', from)
			.where('s.position', '<=', from + TABLE_PAGE)
			.orderBy('s.position')
			.execute();
	type Row = Awaited<ReturnType<typeof page>>[number];
	// By position ranges, the loop free between them: 20,000 rows in one read held it 130 ms on
	// SQLite. A standing rebuilt meanwhile (its built_at moved) is read again from the start.
	let rows: Row[];
	let builtAt = snapshot.builtAt;
	for (let tries = 0; ; tries++) {
		rows = [];
		for (let from = 0; ; from += TABLE_PAGE) {
			const got = await page(from);
			rows.push(...got);
			if (got.length < TABLE_PAGE) break;
			await yieldToServer();
		}
		const now = await db
			.selectFrom('round_snapshot')
			.select('built_at')
			.where('round_id', '=', roundId)
			.executeTakeFirst();
		if (now?.built_at === builtAt || tries >= 2) break;
		const again = await ensureStanding(db, roundId);
		if (!again) return null;
		builtAt = again.builtAt;
	}
	const h = m.export.individual;
	// The organiser's ranking flags a listed candidate for the committee to decide; the sheet the
	// committee works from says so too.
	const excluded = await excludedAccounts(db);
	return {
		sheet: h.sheet,
		title: `${round.name} — ${h.sheet}`,
		headers: [
			h.rank,
			h.name,
			h.birthDate,
			h.nationalId,
			h.unit,
			h.phone,
			h.address,
			h.score,
			h.max,
			h.seconds,
			h.tiebreak,
			h.attempts,
			h.submittedAt,
			h.prize,
			h.publishName,
			h.excluded
		],
		rows: rows.map((r) => {
			const prize = personalPrize(r.rank, r.score, round.settings.prizes);
			return [
				r.rank,
				r.full_name,
				r.birth_date ?? '',
				// Text, never a number: a CCCD starts with 0 (the province code).
				r.national_id ?? '',
				r.unit_name ?? '',
				r.phone ?? '',
				r.address ?? '',
				r.score,
				r.max_score,
				sheetSeconds(r.time_used_ms),
				r.tiebreak,
				r.attempts,
				vietnamDateTime(r.submitted_at),
				prize ? m.prizes[prize] : '',
				r.publish_name === 1 ? m.export.yes : m.export.no,
				excluded.get(r.user_id)?.reason ?? ''
			];
		})
	};
}

/** Every unit, depth first, ranked among its siblings by the round's unit rule. */
export async function unitTable(db: Db, roundId: string, locale: Locale): Promise<ExportTable | null> {
	const round = await resultRound(db, roundId);
	const snapshot = await ensureStanding(db, roundId);
	if (!round || !snapshot) return null;
	const m = messages(locale).results;
	const units = await unitInfos(db);
	const tallies = tallyMap(snapshot.summary);
	const { unitRule: rule, bestN, unitMinParticipants } = round.settings;
	const roots = units.filter((u) => u.parentId === null);
	const top = roots.length === 1 ? roots[0].id : null;
	const byId = new Map(units.map((u) => [u.id, u]));
	const rows: Cell[][] = [];
	const walk = (parentId: string | null) => {
		for (const r of rankUnits(units, tallies, parentId, rule, bestN, unitMinParticipants)) {
			const prize = parentId === top ? unitPrize(r, round.settings.unitPrizes) : null;
			rows.push([
				r.rank,
				r.unit.name,
				parentId ? (byId.get(parentId)?.name ?? '') : '',
				m.unitKinds[r.unit.kind as keyof typeof m.unitKinds] ?? r.unit.kind,
				r.headcount,
				r.participants,
				r.rate === null ? null : round2(r.rate * 100),
				r.attempts,
				r.average === null ? null : round2(r.average),
				round2(r.bestN),
				prize ? m.unitPrizes[prize] : ''
			]);
			if (r.hasChildren) walk(r.unit.id);
		}
	};
	walk(top);
	const total = top ? unitFigures(units, tallies, top, bestN) : null;
	if (total) {
		rows.push([
			null,
			total.unit.name,
			'',
			m.unitKinds[total.unit.kind as keyof typeof m.unitKinds] ?? total.unit.kind,
			total.headcount,
			total.participants,
			total.rate === null ? null : round2(total.rate * 100),
			total.attempts,
			total.average === null ? null : round2(total.average),
			round2(total.bestN),
			''
		]);
	}
	const h = m.export.units;
	return {
		sheet: h.sheet,
		title: `${round.name} — ${h.sheet} (${m.rules[rule].replace('{n}', String(bestN))})`,
		headers: [
			h.rank,
			h.unit,
			h.parent,
			h.kind,
			h.headcount,
			h.participants,
			h.rate,
			h.attempts,
			h.average,
			m.export.units.bestN.replace('{n}', String(bestN)),
			h.prize
		],
		rows
	};
}

// ---------------------------------------------------------------- writers

/**
 * A text cell that Excel would read as a formula is written as text (CSV injection),
 * including one behind leading spaces or controls (`\x00=`), which spreadsheets skip.
 */
export function safeText(s: string): string {
	// eslint-disable-next-line no-control-regex
	return /^[\u0000-\u0020\u007f-\u009f]*[=+\-@]|^[\u0000-\u001f]/.test(s) ? `'${s}` : s;
}

/**
 * A CSV text cell: safe at its start (safeText) and after every `;`, tab or `|` inside it. A
 * spreadsheet set to the Vietnamese regional format splits a CSV line on `;`, not on `,`, so the
 * text after a `;` in an address starts a cell of its own and would run as a formula there.
 */
export function csvText(s: string): string {
	// eslint-disable-next-line no-control-regex
	return safeText(s).replace(/([;\t|])([\u0000-\u0020"\u007f-\u009f]*[=+\-@])/g, "$1'$2");
}

function csvField(c: Cell): string {
	if (c === null) return '';
	const s = typeof c === 'number' ? String(c) : csvText(c);
	return /[",;\t|\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function toCsv(t: ExportTable): string {
	const lines = [t.headers, ...t.rows].map((r) => r.map(csvField).join(','));
	return '\ufeff' + lines.join('\r\n') + '\r\n';
}

/** Rows written between turns of the server's loop (a few milliseconds of exceljs work). */
const XLSX_ROWS_PER_TURN = 250;

/**
 * Writes the table as a workbook into `sink`, a row at a time with exceljs's streaming writer
 * (each row committed, so its XML goes on to the zip as it is written), letting the server's
 * other requests run every XLSX_ROWS_PER_TURN rows. Before, the whole workbook was built in
 * memory in one synchronous run: 20,000 rows held the loop 3.6 s and took 350 MB (a review;
 * 1.2 s and 370 MB here); now the loop waits 80 ms at most, for 100 MB.
 * `stopped`: the reader went away; the writing ends at its next turn, nothing more written.
 * One sheet: the header row bold and frozen, with a filter; numbers as numbers, text as text
 * (shared strings, as the in-memory writer made them: an empty text cell reads back as '', where
 * an inline one reads back empty; the strings are kept to the end, a few MB at 20,000 rows).
 */
export async function writeXlsx(t: ExportTable, sink: Writable, stopped: () => boolean = () => false) {
	const wb = new ExcelJS.stream.xlsx.WorkbookWriter({
		stream: sink,
		useStyles: true,
		useSharedStrings: true
	});
	wb.creator = 'Phòng Thi';
	const ws = wb.addWorksheet(t.sheet, { views: [{ state: 'frozen', ySplit: 1 }] });
	// Widths before the first row: the streaming writer writes the columns with it.
	const sample = t.rows.slice(0, 500);
	ws.columns = t.headers.map((h, i) => {
		let longest = h.length;
		for (const r of sample) longest = Math.max(longest, String(r[i] ?? '').length);
		return { width: Math.min(40, Math.max(8, longest + 2)) };
	});
	ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: t.headers.length } };
	const header = ws.addRow(t.headers);
	header.font = { bold: true };
	header.commit();
	for (let i = 0; i < t.rows.length; i++) {
		if (i % XLSX_ROWS_PER_TURN === 0) {
			await yieldToServer();
			if (stopped()) return;
		}
		ws.addRow(t.rows[i]).commit();
	}
	ws.commit();
	await wb.commit();
}

/** The workbook whole (tests, small tables): as the response streams it. */
export async function toXlsx(t: ExportTable): Promise<Uint8Array> {
	const chunks: Buffer[] = [];
	const sink = new Writable({
		write(chunk: Buffer, _encoding, done) {
			chunks.push(chunk);
			done();
		}
	});
	const finished = new Promise<void>((resolve, reject) => {
		sink.on('finish', resolve);
		sink.on('error', reject);
	});
	await writeXlsx(t, sink);
	await finished;
	return new Uint8Array(Buffer.concat(chunks));
}

/**
 * The workbook as a response body, written as it is read: the first bytes leave while the rest
 * are written, and the file is never held whole. `done` is called once, when the writing has
 * ended: the file written, failed, or its reader gone (`cancel`).
 */
export function xlsxStream(t: ExportTable, done: () => void = () => {}): ReadableStream<Uint8Array> {
	let cancelled = false;
	let ended = false;
	const end = () => {
		if (!ended) {
			ended = true;
			done();
		}
	};
	return new ReadableStream<Uint8Array>({
		start(controller) {
			const sink = new Writable({
				write(chunk: Buffer, _encoding, next) {
					if (!cancelled) controller.enqueue(new Uint8Array(chunk));
					next();
				},
				final(next) {
					if (!cancelled) controller.close();
					end();
					next();
				}
			});
			writeXlsx(t, sink, () => cancelled).then(
				() => {
					if (cancelled) end();
				},
				(e: unknown) => {
					if (!cancelled) controller.error(e);
					end();
				}
			);
		},
		cancel() {
			cancelled = true;
		}
	});
}

export type ExportKind = 'individual' | 'units';
export type ExportFormat = 'xlsx' | 'csv';

/**
 * How long a workbook export refused because another is being written is told to wait: 20,000
 * rows take about a second to read and write here (1.1 s; the machine of the review was about
 * 2.5 times slower).
 */
export const XLSX_RETRY_MS = 5_000;

/** Whether this process is making a workbook (`exportResponse`). */
let writingXlsx = false;

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * The export asked for by its kind and format as the download's response; null for a round
 * without results. A workbook is made one at a time in this process (however large, it is
 * written on the server's one thread, between the hall's requests): another asked for meanwhile
 * is refused at once, 429 with Retry-After and the catalogue's sentence, as a log upload is
 * (venue/upload.ts). The turn is given back when the file is written, fails, or its reader goes.
 */
export async function exportResponse(
	db: Db,
	roundId: string,
	kind: ExportKind,
	format: ExportFormat,
	locale: Locale
): Promise<Response | null> {
	const base = `ket-qua-${kind === 'individual' ? 'ca-nhan' : 'don-vi'}-${roundId}`;
	const headers = (contentType: string, fileName: string) => ({
		'content-type': contentType,
		'content-disposition': `attachment; filename="${fileName}"`,
		'cache-control': 'no-store'
	});
	const tableOf = () =>
		kind === 'individual' ? individualTable(db, roundId, locale) : unitTable(db, roundId, locale);
	if (format === 'csv') {
		const table = await tableOf();
		if (!table) return null;
		return new Response(toCsv(table), { headers: headers('text/csv; charset=utf-8', `${base}.csv`) });
	}
	if (writingXlsx) {
		const { message, retryAfterS } = wordRefusal(
			messages(locale).results.export.busy,
			{ retryAfterMs: XLSX_RETRY_MS },
			locale
		);
		return new Response(message, {
			status: 429,
			headers: {
				'content-type': 'text/plain; charset=utf-8',
				'cache-control': 'no-store',
				...retryAfterHeaders(retryAfterS)
			}
		});
	}
	writingXlsx = true;
	let handedOver = false;
	try {
		const table = await tableOf();
		if (!table) return null;
		const body = xlsxStream(table, () => {
			writingXlsx = false;
		});
		handedOver = true;
		return new Response(body, { headers: headers(XLSX_TYPE, `${base}.xlsx`) });
	} finally {
		if (!handedOver) writingXlsx = false;
	}
}
