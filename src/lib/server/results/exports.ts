// Exports of a round's results: the individual ranking and the unit table, each as .xlsx
// and as .csv (UTF-8 with a BOM, so Excel shows Vietnamese tone marks; CRLF; quoted).
import ExcelJS from 'exceljs';
import type { Db } from '../db';
import { messages, type Locale } from '$lib/i18n';
import { ensureStanding } from './standing';
import { prizeFor, rankUnits, unitFigures } from '$lib/exam/collective';
import { unitInfos } from './individual';
import { resultRound } from './publication';
import { tallyMap } from './stats';

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
const round2 = (n: number) => Math.round(n * 100) / 100;

export async function individualTable(db: Db, roundId: string, locale: Locale): Promise<ExportTable | null> {
	const round = await resultRound(db, roundId);
	if (!round || !(await ensureStanding(db, roundId))) return null;
	const m = messages(locale).results;
	const rows = await db
		.selectFrom('round_standing as s')
		.innerJoin('app_user as u', 'u.id', 's.user_id')
		.leftJoin('candidate_profile as p', 'p.user_id', 's.user_id')
		.leftJoin('unit', 'unit.id', 's.unit_id')
		.select([
			's.rank',
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
		.orderBy('s.position')
		.execute();
	const h = m.export.individual;
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
			h.publishName
		],
		rows: rows.map((r) => {
			const prize = prizeFor(r.rank, round.settings.prizes);
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
				round1(r.time_used_ms / 1000),
				r.tiebreak,
				r.attempts,
				vietnamDateTime(r.submitted_at),
				prize ? m.prizes[prize] : '',
				r.publish_name === 1 ? m.export.yes : m.export.no
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
			const prize = parentId === top ? prizeFor(r.rank, round.settings.unitPrizes) : null;
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

export async function toXlsx(t: ExportTable): Promise<Uint8Array> {
	const wb = new ExcelJS.Workbook();
	wb.creator = 'Phòng Thi';
	const ws = wb.addWorksheet(t.sheet, { views: [{ state: 'frozen', ySplit: 1 }] });
	ws.addRow(t.headers).font = { bold: true };
	for (const r of t.rows) ws.addRow(r.map((c) => (c === null ? null : c)));
	ws.columns.forEach((col, i) => {
		const longest = Math.max(
			t.headers[i]?.length ?? 0,
			...t.rows.slice(0, 500).map((r) => String(r[i] ?? '').length)
		);
		col.width = Math.min(40, Math.max(8, longest + 2));
	});
	ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: t.headers.length } };
	return new Uint8Array(await wb.xlsx.writeBuffer());
}

export type ExportKind = 'individual' | 'units';
export type ExportFormat = 'xlsx' | 'csv';

export interface ExportFile {
	body: Uint8Array | string;
	contentType: string;
	fileName: string;
}

/** The export asked for by its file name, e.g. "individual.xlsx"; null for an unknown one. */
export async function exportResults(
	db: Db,
	roundId: string,
	kind: ExportKind,
	format: ExportFormat,
	locale: Locale
): Promise<ExportFile | null> {
	const table =
		kind === 'individual' ? await individualTable(db, roundId, locale) : await unitTable(db, roundId, locale);
	if (!table) return null;
	const base = `ket-qua-${kind === 'individual' ? 'ca-nhan' : 'don-vi'}-${roundId}`;
	return format === 'csv'
		? { body: toCsv(table), contentType: 'text/csv; charset=utf-8', fileName: `${base}.csv` }
		: {
				body: await toXlsx(table),
				contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
				fileName: `${base}.xlsx`
			};
}
