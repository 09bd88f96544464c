// The room's minutes and results as a spreadsheet (exceljs), and the organiser's
// finalisation of a room. exceljs is loaded when a spreadsheet is first made: this module is
// part of the venue's, and loading exceljs took 0.4 s of the one thread at the first heartbeat
// a server answered.
import type { Db } from '../db';
import { roomGrid } from './grid';
import { gradeLocked } from './actions/clock';
import { audit } from '../audit';
import { sheetSeconds } from '../results/exports';
import { failure } from '../failure';
import { messages, type Locale } from '$lib/i18n';
import { actionSentence, incidentSentence } from '$lib/i18n/console-text';

const time = (ms: number | null, locale: Locale) =>
	ms === null
		? ''
		: new Date(ms).toLocaleString(locale === 'vi' ? 'vi-VN' : 'en-GB', { timeZone: 'Asia/Ho_Chi_Minh' });

/** The room's minutes and results in the reader's language: labels, never stored codes. */
export async function roomMinutesXlsx(
	db: Db,
	roomId: string,
	now = Date.now(),
	locale: Locale = 'vi'
): Promise<Buffer | null> {
	const grid = await roomGrid(db, roomId, now);
	if (!grid.ok) return null;
	const m = messages(locale).console;
	const mm = m.minutes;
	const round = await db
		.selectFrom('round')
		.select('name')
		.where('id', '=', grid.room.roundId)
		.executeTakeFirstOrThrow();
	const proctors = await db
		.selectFrom('room_proctor')
		.innerJoin('app_user', 'app_user.id', 'room_proctor.user_id')
		.select('app_user.full_name')
		.where('room_proctor.room_id', '=', roomId)
		.execute();
	const actions = await db
		.selectFrom('audit_log')
		.selectAll()
		.where('target', '=', roomId)
		.orderBy('id')
		.execute();
	const attempts = await db
		.selectFrom('finalist')
		.innerJoin('attempt', 'attempt.id', 'finalist.attempt_id')
		.select([
			'finalist.seat_id',
			'attempt.time_used_ms',
			'attempt.time_claimed_ms',
			'attempt.submit_reason',
			'attempt.submitted_at'
		])
		.where('finalist.room_id', '=', roomId)
		.execute();
	const seatLabel = (id: unknown) => grid.seats.find((s) => s.seatId === id)?.label ?? '';
	const deviceLabel = (id: unknown) => grid.devices.find((d) => d.id === id)?.label ?? '';
	const label = (table: Record<string, string>, key: string | null | undefined) =>
		key ? (table[key] ?? key) : '';
	const absent = grid.seats.filter((s) => s.absent);

	const { default: ExcelJS } = await import('exceljs');
	const book = new ExcelJS.Workbook();
	book.creator = 'Phòng Thi';
	const minutes = book.addWorksheet(mm.sheet);
	minutes.columns = [{ width: 28 }, { width: 70 }];
	minutes.addRows([
		[mm.title, ''],
		[mm.round, round.name],
		[mm.room, grid.room.name],
		[mm.proctors, proctors.map((p) => p.full_name).join(', ')],
		[mm.started, time(grid.room.startedAt, locale)],
		[mm.locked, time(grid.room.lockedAt, locale)],
		[mm.seats, grid.seats.length],
		[mm.present, grid.seats.filter((s) => s.present).length],
		[
			mm.absent,
			absent.length
				? `${absent.length}: ${absent.map((s) => `${s.label} — ${s.finalist!.sbd} ${s.finalist!.name}`).join('; ')}`
				: 0
		],
		[],
		[mm.incidents, '']
	]);
	minutes.getRow(1).font = { bold: true, size: 14 };
	for (const i of [...grid.incidents].reverse()) {
		const sentence = incidentSentence(m, i.kind, i.params as Record<string, string> | null, i.note);
		minutes.addRow([time(i.at, locale), `${seatLabel(i.seat_id)} ${sentence}`.trim()]);
	}
	minutes.addRow([]);
	minutes.addRow([mm.actions, '']);
	for (const a of actions) {
		const detail = JSON.parse(a.detail) as Record<string, unknown>;
		const sentence = actionSentence(m, a.action, detail, { seat: seatLabel, device: deviceLabel });
		// What the proctor wrote in an incident is quoted: it is theirs, not the catalogue's.
		const note = a.action === 'room.incident' && typeof detail.note === 'string' ? `: ${detail.note}` : '';
		minutes.addRow([time(a.at, locale), sentence + note]);
	}

	const results = book.addWorksheet(mm.results);
	results.columns = [
		{ header: mm.seat, width: 10 },
		{ header: mm.sbd, width: 14 },
		{ header: mm.name, width: 30 },
		{ header: mm.attendance, width: 10 },
		{ header: mm.status, width: 18 },
		{ header: mm.score, width: 8 },
		{ header: mm.max, width: 12 },
		{ header: mm.timeUsed, width: 24 },
		{ header: mm.reason, width: 24 },
		{ header: mm.timeClaimed, width: 24 }
	];
	results.getRow(1).font = { bold: true };
	for (const s of grid.seats) {
		const a = attempts.find((x) => x.seat_id === s.seatId);
		const status = s.absent ? 'absent' : s.state?.status;
		results.addRow([
			s.label,
			s.finalist?.sbd ?? '',
			s.finalist?.name ?? '',
			s.finalist ? (s.present ? mm.yes : mm.no) : '',
			s.finalist?.lost ? `${label(m.status, status)} — ${mm.lost}` : label(m.status, status),
			s.absent ? '' : (s.score ?? ''),
			s.absent ? '' : (s.max ?? ''),
			!s.absent && a?.time_used_ms != null ? sheetSeconds(a.time_used_ms) : '',
			s.absent ? '' : label(m.reasons, a?.submit_reason),
			// Where the tablet claimed less than its heartbeats allow (attempts/claimed-time.ts).
			!s.absent && a?.time_claimed_ms != null && a.time_claimed_ms !== a.time_used_ms
				? sheetSeconds(a.time_claimed_ms)
				: ''
		]);
	}
	return Buffer.from(await book.xlsx.writeBuffer());
}

/** A room is finalised once every seat is sent or declared lost. */
export async function finaliseRoom(db: Db, roomId: string, actorId: string, now = Date.now()) {
	// The lock grades after its commit: what a server stopped in between left is graded first.
	await gradeLocked(db, roomId, now);
	const grid = await roomGrid(db, roomId, now);
	if (!grid.ok) return grid;
	const open = grid.seats.filter((s) => {
		if (!s.finalist || s.finalist.lost) return false;
		const closed = s.state?.status === 'submitted' || s.state?.status === 'locked';
		return !closed || (s.device !== null && !s.device.allSent);
	});
	if (open.length > 0) {
		return failure('seatsOpen', { seats: open.map((s) => s.label).join(', ') });
	}
	await db.transaction().execute(async (tx) => {
		await tx
			.updateTable('venue_room')
			.set({ status: 'finalised', finalised_at: now })
			.where('room_id', '=', roomId)
			.execute();
		await audit(tx, { actorId, action: 'room.finalise', target: roomId }, now);
	});
	return { ok: true as const };
}
