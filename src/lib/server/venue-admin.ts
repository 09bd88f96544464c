// The organiser's preparation of the final: finalists promoted from the qualifying round,
// seats, proctors of rooms, admission tickets, finalising a room.
import { randomInt, randomUUID } from 'node:crypto';
import type { Db } from './db';
import { roundRanking } from './results';
import { audit } from './audit';

export type AdminFailure = { ok: false; message: string };

/** Natural order: Ghế 2 before Ghế 10. */
export const bySeat = new Intl.Collator('vi', { numeric: true }).compare;

/** Số báo danh: CK001, CK002 … in the order finalists were added. */
function sbdOf(n: number): string {
	return `CK${String(n).padStart(3, '0')}`;
}

function pin(): string {
	return String(randomInt(0, 1_000_000)).padStart(6, '0');
}

async function nextSbdNumber(db: Db, roundId: string): Promise<number> {
	const rows = await db.selectFrom('finalist').select('sbd').where('round_id', '=', roundId).execute();
	return rows.reduce((max, r) => Math.max(max, Number(r.sbd.replace(/\D/g, '')) || 0), 0) + 1;
}

/**
 * Promotes the top `topOverall` of the qualifying round's ranking, and the top `topPerUnit`
 * of each unit, to the final. Candidates already promoted keep their number and PIN.
 */
export async function promoteFinalists(
	db: Db,
	input: {
		finalRoundId: string;
		fromRoundId: string;
		topOverall: number;
		topPerUnit: number;
		actorId: string;
	},
	now = Date.now()
): Promise<{ ok: true; added: number } | AdminFailure> {
	const final = await db
		.selectFrom('round')
		.select(['id', 'kind'])
		.where('id', '=', input.finalRoundId)
		.executeTakeFirst();
	if (!final || final.kind !== 'final') return { ok: false, message: 'Không tìm thấy vòng chung kết.' };
	const ranking = await roundRanking(db, input.fromRoundId);
	const units = new Map(
		(
			await db
				.selectFrom('candidate_profile')
				.select(['user_id', 'unit_id'])
				.where('user_id', 'in', ranking.length ? ranking.map((r) => r.candidateId) : [''])
				.execute()
		).map((p) => [p.user_id, p.unit_id])
	);
	const chosen: string[] = [];
	const perUnit = new Map<string, number>();
	for (const r of ranking) {
		const unit = units.get(r.candidateId) ?? '';
		const inUnit = perUnit.get(unit) ?? 0;
		if (r.rank <= input.topOverall || inUnit < input.topPerUnit) chosen.push(r.candidateId);
		perUnit.set(unit, inUnit + 1);
	}
	let added = 0;
	await db.transaction().execute(async (tx) => {
		const held = new Set(
			(
				await tx.selectFrom('finalist').select('user_id').where('round_id', '=', input.finalRoundId).execute()
			).map((f) => f.user_id)
		);
		let n = await nextSbdNumber(tx, input.finalRoundId);
		for (const userId of chosen) {
			if (held.has(userId)) continue;
			await tx
				.insertInto('finalist')
				.values({
					id: randomUUID(),
					round_id: input.finalRoundId,
					user_id: userId,
					sbd: sbdOf(n++),
					pin: pin(),
					pin_verifier: null,
					source: 'auto',
					room_id: null,
					seat_id: null,
					attempt_id: null,
					device_id: null,
					signed_in_at: null,
					lost: 0,
					created_at: now
				})
				.execute();
			added++;
		}
		await audit(
			tx,
			{
				actorId: input.actorId,
				action: 'finalists.promote',
				target: input.finalRoundId,
				detail: { ...input, added }
			},
			now
		);
	});
	return { ok: true, added };
}

/** Adds one candidate by national id or phone, by hand. */
export async function addFinalist(
	db: Db,
	input: { finalRoundId: string; login: string; actorId: string },
	now = Date.now()
): Promise<{ ok: true; sbd: string } | AdminFailure> {
	const login = input.login.trim();
	const user = await db
		.selectFrom('app_user')
		.innerJoin('candidate_profile', 'candidate_profile.user_id', 'app_user.id')
		.select('app_user.id')
		.where((eb) => eb.or([eb('app_user.national_id', '=', login), eb('app_user.phone', '=', login)]))
		.executeTakeFirst();
	if (!user)
		return { ok: false, message: 'Không tìm thấy thí sinh với số định danh hoặc số điện thoại này.' };
	const held = await db
		.selectFrom('finalist')
		.select('sbd')
		.where('round_id', '=', input.finalRoundId)
		.where('user_id', '=', user.id)
		.executeTakeFirst();
	if (held) return { ok: false, message: `Thí sinh đã có trong danh sách (SBD ${held.sbd}).` };
	const sbd = sbdOf(await nextSbdNumber(db, input.finalRoundId));
	await db.transaction().execute(async (tx) => {
		await tx
			.insertInto('finalist')
			.values({
				id: randomUUID(),
				round_id: input.finalRoundId,
				user_id: user.id,
				sbd,
				pin: pin(),
				pin_verifier: null,
				source: 'manual',
				room_id: null,
				seat_id: null,
				attempt_id: null,
				device_id: null,
				signed_in_at: null,
				lost: 0,
				created_at: now
			})
			.execute();
		await audit(
			tx,
			{ actorId: input.actorId, action: 'finalists.add', target: user.id, detail: { sbd } },
			now
		);
	});
	return { ok: true, sbd };
}

/** Removes a finalist who has not started. */
export async function removeFinalist(
	db: Db,
	finalistId: string,
	actorId: string,
	now = Date.now()
): Promise<{ ok: true } | AdminFailure> {
	const f = await db.selectFrom('finalist').selectAll().where('id', '=', finalistId).executeTakeFirst();
	if (!f) return { ok: false, message: 'Không tìm thấy thí sinh.' };
	if (f.attempt_id) return { ok: false, message: 'Không thể xóa: đề thi của thí sinh đã được chuẩn bị.' };
	await db.transaction().execute(async (tx) => {
		await tx.deleteFrom('finalist').where('id', '=', finalistId).execute();
		await audit(tx, { actorId, action: 'finalists.remove', target: f.user_id, detail: { sbd: f.sbd } }, now);
	});
	return { ok: true };
}

/** Seats every finalist without a seat in the first free seat of the round's rooms. */
export async function assignSeats(
	db: Db,
	finalRoundId: string,
	actorId: string,
	now = Date.now()
): Promise<number> {
	return db.transaction().execute(async (tx) => {
		const seats = (
			await tx
				.selectFrom('seat')
				.innerJoin('room', 'room.id', 'seat.room_id')
				.select(['seat.id', 'seat.room_id', 'seat.label'])
				.where('room.round_id', '=', finalRoundId)
				.execute()
		).sort((a, b) => bySeat(a.room_id, b.room_id) || bySeat(a.label, b.label));
		const finalists = await tx
			.selectFrom('finalist')
			.select(['id', 'seat_id'])
			.where('round_id', '=', finalRoundId)
			.orderBy('sbd')
			.execute();
		const taken = new Set(finalists.map((f) => f.seat_id).filter(Boolean));
		const free = seats.filter((s) => !taken.has(s.id));
		let seated = 0;
		for (const f of finalists.filter((x) => !x.seat_id)) {
			const seat = free.shift();
			if (!seat) break;
			await tx
				.updateTable('finalist')
				.set({ seat_id: seat.id, room_id: seat.room_id })
				.where('id', '=', f.id)
				.execute();
			seated++;
		}
		await audit(tx, { actorId, action: 'finalists.seat', target: finalRoundId, detail: { seated } }, now);
		return seated;
	});
}

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
	if (!user || user.role !== 'proctor')
		return { ok: false as const, message: 'Người được chọn không phải giám thị.' };
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
