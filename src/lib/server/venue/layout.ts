// A room's layout as the organiser lays it out (rows × columns, seats filled in label order
// from the front), read by the organiser's page and the proctor's seat map.
import { z } from 'zod';
import type { Db } from '../db';
import { audit } from '../audit';

export interface RoomLayout {
	rows: number;
	cols: number;
	/** false when the organiser has not laid the room out and the default is used. */
	custom: boolean;
}

/** Rows × columns for a room with no layout: about square, a little wider than deep. */
export function defaultLayout(seats: number): { rows: number; cols: number } {
	const cols = Math.max(1, Math.ceil(Math.sqrt(seats)));
	return { rows: Math.max(1, Math.ceil(seats / cols)), cols };
}

const layoutSetting = z.object({
	rows: z.number().int().min(1).max(50),
	cols: z.number().int().min(1).max(50)
});

/** The room's layout from its settings (`layout: {rows, cols}`), or the default for its seat count. */
export function roomLayout(settingsJson: string, seats: number): RoomLayout {
	const parsed = layoutSetting.safeParse((JSON.parse(settingsJson) as { layout?: unknown }).layout);
	if (parsed.success && parsed.data.rows * parsed.data.cols >= seats) return { ...parsed.data, custom: true };
	return { ...defaultLayout(seats), custom: false };
}

export type LayoutResult =
	| { ok: true; rows: number; cols: number }
	| { ok: false; code: 'invalid' }
	| { ok: false; code: 'tooSmall'; cells: number; seats: number };

/** The organiser lays a room out as rows × columns; seats fill it in label order, row by row from the front. */
export async function setRoomLayout(
	db: Db,
	input: { roomId: string; rows: number; cols: number; actorId: string },
	now = Date.now()
): Promise<LayoutResult> {
	const parsed = layoutSetting.safeParse({ rows: input.rows, cols: input.cols });
	if (!parsed.success) return { ok: false, code: 'invalid' };
	const { rows, cols } = parsed.data;
	return db.transaction().execute(async (tx): Promise<LayoutResult> => {
		const room = await tx
			.selectFrom('room')
			.select('settings')
			.where('id', '=', input.roomId)
			.executeTakeFirst();
		if (!room) return { ok: false, code: 'invalid' };
		const seats = await tx
			.selectFrom('seat')
			.select((eb) => eb.fn.countAll<number>().as('n'))
			.where('room_id', '=', input.roomId)
			.executeTakeFirstOrThrow();
		if (rows * cols < Number(seats.n))
			return { ok: false, code: 'tooSmall', cells: rows * cols, seats: Number(seats.n) };
		const settings = { ...(JSON.parse(room.settings) as Record<string, unknown>), layout: { rows, cols } };
		await tx
			.updateTable('room')
			.set({ settings: JSON.stringify(settings) })
			.where('id', '=', input.roomId)
			.execute();
		await audit(
			tx,
			{ actorId: input.actorId, action: 'room.layout', target: input.roomId, detail: { rows, cols } },
			now
		);
		return { ok: true, rows, cols };
	});
}

/** Each room's layout in a final round, for the organiser's page. */
export async function roomLayouts(
	db: Db,
	finalRoundId: string
): Promise<Record<string, RoomLayout & { seats: number }>> {
	const rooms = await db
		.selectFrom('room')
		.select(['id', 'settings'])
		.where('round_id', '=', finalRoundId)
		.execute();
	const counts = await db
		.selectFrom('seat')
		.innerJoin('room', 'room.id', 'seat.room_id')
		.select((eb) => ['seat.room_id', eb.fn.countAll<number>().as('n')])
		.where('room.round_id', '=', finalRoundId)
		.groupBy('seat.room_id')
		.execute();
	return Object.fromEntries(
		rooms.map((r) => {
			const seats = Number(counts.find((c) => c.room_id === r.id)?.n ?? 0);
			return [r.id, { ...roomLayout(r.settings, seats), seats }];
		})
	);
}
