// Who runs each room of the final (proctors assigned by the organiser), what the organiser's
// venue page shows, and which rooms a user may act on.
import type { Db } from '../db';
import { audit } from '../audit';
import { failure } from '../failure';
import { bySeat } from './finalists';

export async function assignProctor(
	db: Db,
	input: { roomId: string; userId: string; actorId: string },
	now = Date.now()
) {
	const user = await db
		.selectFrom('app_user')
		.select('role')
		.where('id', '=', input.userId)
		.executeTakeFirst();
	if (!user || user.role !== 'proctor') return failure('notProctor');
	await db.transaction().execute(async (tx) => {
		await tx
			.insertInto('room_proctor')
			.values({ room_id: input.roomId, user_id: input.userId })
			.onConflict((oc) => oc.columns(['room_id', 'user_id']).doNothing())
			.execute();
		await audit(
			tx,
			{
				actorId: input.actorId,
				action: 'room.proctor.assign',
				target: input.roomId,
				detail: { userId: input.userId }
			},
			now
		);
	});
	return { ok: true as const };
}

export async function unassignProctor(
	db: Db,
	input: { roomId: string; userId: string; actorId: string },
	now = Date.now()
) {
	await db.transaction().execute(async (tx) => {
		await tx
			.deleteFrom('room_proctor')
			.where('room_id', '=', input.roomId)
			.where('user_id', '=', input.userId)
			.execute();
		await audit(
			tx,
			{
				actorId: input.actorId,
				action: 'room.proctor.unassign',
				target: input.roomId,
				detail: { userId: input.userId }
			},
			now
		);
	});
}

/** Everything the organiser's venue page shows for a final round. */
export async function venueOverview(db: Db, finalRoundId: string) {
	const rooms = await db
		.selectFrom('room')
		.select(['id', 'name'])
		.where('round_id', '=', finalRoundId)
		.orderBy('id')
		.execute();
	const seats = (
		await db
			.selectFrom('seat')
			.innerJoin('room', 'room.id', 'seat.room_id')
			.select(['seat.id', 'seat.label', 'seat.room_id'])
			.where('room.round_id', '=', finalRoundId)
			.execute()
	).sort((a, b) => bySeat(a.label, b.label));
	const finalists = await db
		.selectFrom('finalist')
		.innerJoin('app_user', 'app_user.id', 'finalist.user_id')
		.innerJoin('candidate_profile', 'candidate_profile.user_id', 'finalist.user_id')
		.innerJoin('unit', 'unit.id', 'candidate_profile.unit_id')
		.select([
			'finalist.id',
			'finalist.sbd',
			'finalist.pin',
			'finalist.source',
			'finalist.room_id',
			'finalist.seat_id',
			'finalist.attempt_id',
			'app_user.full_name',
			'unit.name as unit_name'
		])
		.where('finalist.round_id', '=', finalRoundId)
		.orderBy('finalist.sbd')
		.execute();
	const proctors = await db
		.selectFrom('app_user')
		.select(['id', 'full_name', 'phone'])
		.where('role', '=', 'proctor')
		.orderBy('full_name')
		.execute();
	const assigned = await db
		.selectFrom('room_proctor')
		.innerJoin('room', 'room.id', 'room_proctor.room_id')
		.select(['room_proctor.room_id', 'room_proctor.user_id'])
		.where('room.round_id', '=', finalRoundId)
		.execute();
	const states = await db
		.selectFrom('venue_room')
		.innerJoin('room', 'room.id', 'venue_room.room_id')
		.select(['venue_room.room_id', 'venue_room.status', 'venue_room.finalised_at'])
		.where('room.round_id', '=', finalRoundId)
		.execute();
	return { rooms, seats, finalists, proctors, assigned, states };
}

/** The rooms a user may act on as proctor: their own, or all for an organiser. */
export async function roomsFor(db: Db, user: { id: string; role: string }) {
	let q = db
		.selectFrom('room')
		.innerJoin('round', 'round.id', 'room.round_id')
		.select(['room.id', 'room.name', 'round.name as round_name', 'round.id as round_id']);
	if (user.role !== 'organiser') {
		q = q.where(
			'room.id',
			'in',
			db.selectFrom('room_proctor').select('room_id').where('user_id', '=', user.id)
		);
	}
	return q.orderBy('room.id').execute();
}

export async function mayActOnRoom(
	db: Db,
	user: { id: string; role: string },
	roomId: string
): Promise<boolean> {
	if (user.role === 'organiser')
		return (
			(await db.selectFrom('room').select('id').where('id', '=', roomId).executeTakeFirst()) !== undefined
		);
	if (user.role !== 'proctor') return false;
	const row = await db
		.selectFrom('room_proctor')
		.select('room_id')
		.where('room_id', '=', roomId)
		.where('user_id', '=', user.id)
		.executeTakeFirst();
	return row !== undefined;
}
