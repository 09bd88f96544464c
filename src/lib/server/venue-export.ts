// The room's minutes and results as a spreadsheet (exceljs), and the organiser's
// finalisation of a room.
import ExcelJS from 'exceljs';
import type { Db } from './db';
import { roomGrid } from './venue';
import { audit } from './audit';

const time = (ms: number | null) =>
	ms === null ? '' : new Date(ms).toLocaleString('vi-VN', { timeZone: 'Asia/Ho_Chi_Minh' });

export async function roomMinutesXlsx(db: Db, roomId: string, now = Date.now()): Promise<Buffer | null> {
	const grid = await roomGrid(db, roomId, now);
	if (!grid.ok) return null;
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
		.select(['finalist.seat_id', 'attempt.time_used_ms', 'attempt.submit_reason', 'attempt.submitted_at'])
		.where('finalist.room_id', '=', roomId)
		.execute();

	const book = new ExcelJS.Workbook();
	book.creator = 'Phòng Thi';
	const minutes = book.addWorksheet('Biên bản');
	minutes.columns = [{ width: 28 }, { width: 70 }];
	minutes.addRows([
		['BIÊN BẢN PHÒNG THI', ''],
		['Vòng thi', round.name],
		['Phòng thi', grid.room.name],
		['Giám thị', proctors.map((p) => p.full_name).join(', ')],
		['Bắt đầu', time(grid.room.startedAt)],
		['Khóa phòng', time(grid.room.lockedAt)],
		['Số ghế', grid.seats.length],
		['Thí sinh có mặt', grid.seats.filter((s) => s.finalist?.signedIn).length],
		[],
		['Sự cố', '']
	]);
	minutes.getRow(1).font = { bold: true, size: 14 };
	for (const i of [...grid.incidents].reverse()) {
		minutes.addRow([
			time(i.at),
			`${grid.seats.find((s) => s.seatId === i.seat_id)?.label ?? ''} ${i.note}`.trim()
		]);
	}
	minutes.addRow([]);
	minutes.addRow(['Thao tác của giám thị', '']);
	for (const a of actions) minutes.addRow([time(a.at), `${a.action} ${a.detail === '{}' ? '' : a.detail}`]);

	const results = book.addWorksheet('Kết quả');
	results.columns = [
		{ header: 'Ghế', width: 10 },
		{ header: 'Số báo danh', width: 14 },
		{ header: 'Họ và tên', width: 30 },
		{ header: 'Có mặt', width: 10 },
		{ header: 'Trạng thái bài', width: 16 },
		{ header: 'Điểm', width: 8 },
		{ header: 'Điểm tối đa', width: 12 },
		{ header: 'Thời gian làm bài (giây)', width: 24 },
		{ header: 'Lý do nộp', width: 14 }
	];
	results.getRow(1).font = { bold: true };
	for (const s of grid.seats) {
		const a = attempts.find((x) => x.seat_id === s.seatId);
		results.addRow([
			s.label,
			s.finalist?.sbd ?? '',
			s.finalist?.name ?? '',
			s.finalist?.signedIn ? 'Có' : 'Không',
			s.state?.status ?? '',
			s.score ?? '',
			s.max ?? '',
			a?.time_used_ms != null ? Math.round(a.time_used_ms / 1000) : '',
			a?.submit_reason ?? ''
		]);
	}
	return Buffer.from(await book.xlsx.writeBuffer());
}

/** A room is finalised once every seat is sent or declared lost. */
export async function finaliseRoom(db: Db, roomId: string, actorId: string, now = Date.now()) {
	const grid = await roomGrid(db, roomId, now);
	if (!grid.ok) return grid;
	const open = grid.seats.filter((s) => {
		if (!s.finalist || s.finalist.lost) return false;
		const closed = s.state?.status === 'submitted' || s.state?.status === 'locked';
		return !closed || (s.device !== null && !s.device.allSent);
	});
	if (open.length > 0) {
		return {
			ok: false as const,
			status: 409,
			code: 'seatsOpen',
			message: `Chưa thể chốt: ${open.map((s) => s.label).join(', ')} chưa gửi hết hoặc chưa nộp bài.`
		};
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
