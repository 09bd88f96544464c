// The proctor console's grid: seats, tablets, states, incidents.
import type { Db } from '../db';
import { startTimeTicks } from '$lib/exam/timer';
import { ONLINE_AT_LOCK_MS } from '$lib/exam/counting';
import { bySeat } from '../venue-admin';
import { attemptDeadline } from '../attempts';
import { venueState, codeFor, roomAttempts } from './shared';
import { unlockCode } from './pins';
import { prepareRoom } from './prepare';

export async function roomGrid(db: Db, roomId: string, now = Date.now()) {
	const prepared = await prepareRoom(db, roomId, now);
	if ('ok' in prepared) return prepared;
	const venue = await db
		.selectFrom('venue_room')
		.selectAll()
		.where('room_id', '=', roomId)
		.executeTakeFirstOrThrow();
	const room = await db
		.selectFrom('room')
		.select(['id', 'name', 'round_id'])
		.where('id', '=', roomId)
		.executeTakeFirstOrThrow();
	const seats = (
		await db.selectFrom('seat').select(['id', 'label']).where('room_id', '=', roomId).execute()
	).sort((a, b) => bySeat(a.label, b.label));
	const devices = await db
		.selectFrom('device')
		.selectAll()
		.where('room_id', '=', roomId)
		.orderBy('enrolled_at')
		.execute();
	const finalists = await db
		.selectFrom('finalist')
		.innerJoin('app_user', 'app_user.id', 'finalist.user_id')
		.leftJoin('attempt', 'attempt.id', 'finalist.attempt_id')
		.select([
			'finalist.id',
			'finalist.sbd',
			'finalist.seat_id',
			'finalist.device_id',
			'finalist.signed_in_at',
			'finalist.lost',
			'finalist.attempt_id',
			'app_user.full_name',
			'attempt.status',
			'attempt.score',
			'attempt.max_score'
		])
		.where('finalist.room_id', '=', roomId)
		.execute();
	const answered = await db
		.selectFrom('answer_event')
		.innerJoin('finalist', 'finalist.attempt_id', 'answer_event.attempt_id')
		.select((eb) => [
			'answer_event.attempt_id',
			eb.fn.count<number>('answer_event.id').as('events'),
			eb.fn.max('answer_event.received_at').as('last')
		])
		.where('finalist.room_id', '=', roomId)
		.groupBy('answer_event.attempt_id')
		.execute();
	const acks = await db
		.selectFrom('attempt_device')
		.innerJoin('finalist', 'finalist.attempt_id', 'attempt_device.attempt_id')
		.select(['attempt_device.attempt_id', 'attempt_device.device_id', 'attempt_device.acked_seq'])
		.where('finalist.room_id', '=', roomId)
		.execute();
	const attempts = await roomAttempts(db, roomId);
	/** The tablet serving an attempt's finalist now. */
	const servedBy = (attemptId: string) => {
		const f = finalists.find((x) => x.attempt_id === attemptId);
		return f?.device_id ?? devices.find((d) => f && d.seat_id === f.seat_id)?.id ?? null;
	};
	const incidents = await db
		.selectFrom('incident')
		.selectAll()
		.where('room_id', '=', roomId)
		.orderBy('id', 'desc')
		.limit(100)
		.execute();
	const deviceRows = devices.map((d) => {
		const report = JSON.parse(d.report) as { unsent?: number; lastSeqs?: Record<string, number> };
		const lastSeqs = report.lastSeqs ?? {};
		// All sent: every attempt this tablet holds is acknowledged up to its last seq, and the
		// tablet said so after those attempts closed (a report from before may be stale).
		const closedAt = Math.max(
			0,
			...attempts.filter((a) => a.id in lastSeqs || servedBy(a.id) === d.id).map((a) => a.submitted_at ?? 0)
		);
		const allSent =
			(report.unsent ?? 0) === 0 &&
			(d.last_seen_at ?? 0) >= closedAt &&
			Object.entries(lastSeqs).every(
				([attemptId, seq]) =>
					(acks.find((k) => k.attempt_id === attemptId && k.device_id === d.id)?.acked_seq ?? 0) >= seq
			);
		return {
			id: d.id,
			label: d.label,
			status: d.status,
			seatId: d.seat_id,
			lastSeenAt: d.last_seen_at,
			online: d.last_seen_at !== null && now - d.last_seen_at <= ONLINE_AT_LOCK_MS,
			readiness: JSON.parse(d.readiness) as Record<string, unknown>,
			unsent: report.unsent ?? null,
			unlockCode: unlockCode(venue, d.id),
			allSent
		};
	});
	return {
		ok: true as const,
		now,
		room: {
			id: room.id,
			name: room.name,
			roundId: room.round_id,
			status: venue.status,
			startedAt: venue.started_at,
			lockedAt: venue.locked_at,
			finalisedAt: venue.finalised_at,
			enrolCode: venue.enrol_expires_at && venue.enrol_expires_at > now ? venue.enrol_code : null,
			enrolExpiresAt: venue.enrol_expires_at,
			startCode: venue.started_at !== null ? venue.start_code : null,
			startTimeCode:
				venue.started_at !== null ? await codeFor(venue, 'T', startTimeTicks(venue.started_at), '*') : null
		},
		seats: seats.map((s) => {
			const f = finalists.find((x) => x.seat_id === s.id);
			const device = deviceRows.find((d) => (f?.device_id ? d.id === f.device_id : d.seatId === s.id));
			const a = attempts.find((x) => x.id === f?.attempt_id);
			const ans = answered.find((x) => x.attempt_id === f?.attempt_id);
			return {
				seatId: s.id,
				label: s.label,
				finalist: f
					? { id: f.id, sbd: f.sbd, name: f.full_name, signedIn: f.signed_in_at !== null, lost: f.lost === 1 }
					: null,
				device: device ?? null,
				state: a ? { ...venueState(a), deadline: attemptDeadline(a) } : null,
				events: Number(ans?.events ?? 0),
				score: f?.score ?? null,
				max: f?.max_score ?? null
			};
		}),
		devices: deviceRows,
		incidents
	};
}
