// Which of the room's tablets a proctor's action concerns: those whose heartbeat answer it may
// change. The room's push note names them, and only their streams carry it (push/room.ts); the
// others would heartbeat at once for nothing. In a hall of a thousand tablets every approval at
// set-up, every seat's extension and every incident noted made all of them heartbeat in the same
// instant. A tablet left out by mistake still reads the change at its next heartbeat, within a
// second: the note only brings it sooner.
import type { Db } from '../../db';
import type { RoomAction } from '.';

/** The tablets an action concerns: `null` for every tablet of the room. */
export type Concerned = string[] | null;

/**
 * Read before the action, as a superset: the devices the action names, and those at or serving
 * a seat or finalist it names (seated there, moved to, or having sent answers for the attempt).
 */
export async function tabletsConcerned(db: Db, roomId: string, a: RoomAction): Promise<Concerned> {
	switch (a.action) {
		case 'start':
		case 'lock':
			return null;
		case 'pause':
		case 'resume':
			return a.seatId === undefined ? null : seatTablets(db, roomId, a.seatId);
		case 'extend':
			return seatTablets(db, roomId, a.seatId);
		case 'approve': {
			const at = await db
				.selectFrom('device')
				.select('seat_id')
				.where('id', '=', a.deviceId)
				.where('room_id', '=', roomId)
				.executeTakeFirst();
			const seats = [a.seatId, at?.seat_id ?? null].filter((s): s is string => s !== null);
			const around = await Promise.all(seats.map((s) => seatTablets(db, roomId, s)));
			return unique([a.deviceId, ...around.flat()]);
		}
		case 'move':
			return unique([a.deviceId, ...(await finalistTablets(db, roomId, a.finalistId))]);
		case 'declareLost':
			return finalistTablets(db, roomId, a.finalistId);
		case 'wipe':
			return [a.deviceId];
		case 'reject':
			return a.deviceId === null ? [] : [a.deviceId];
		case 'incident':
		case 'enrolCode':
			return [];
	}
}

async function seatTablets(db: Db, roomId: string, seatId: string): Promise<string[]> {
	const f = await db
		.selectFrom('finalist')
		.select('id')
		.where('room_id', '=', roomId)
		.where('seat_id', '=', seatId)
		.executeTakeFirst();
	if (f) return finalistTablets(db, roomId, f.id);
	return (await devicesAt(db, roomId, seatId)).map((d) => d.id);
}

const devicesAt = (db: Db, roomId: string, seatId: string) =>
	db.selectFrom('device').select('id').where('room_id', '=', roomId).where('seat_id', '=', seatId).execute();

async function finalistTablets(db: Db, roomId: string, finalistId: string): Promise<string[]> {
	const f = await db
		.selectFrom('finalist')
		.select(['seat_id', 'device_id', 'attempt_id'])
		.where('id', '=', finalistId)
		.where('room_id', '=', roomId)
		.executeTakeFirst();
	if (!f) return [];
	const atSeat = f.seat_id === null ? [] : await devicesAt(db, roomId, f.seat_id);
	const sent =
		f.attempt_id === null
			? []
			: await db
					.selectFrom('attempt_device')
					.select('device_id')
					.where('attempt_id', '=', f.attempt_id)
					.execute();
	return unique([
		...atSeat.map((d) => d.id),
		...(f.device_id === null ? [] : [f.device_id]),
		...sent.map((d) => d.device_id)
	]);
}

const unique = (ids: string[]) => [...new Set(ids)];
