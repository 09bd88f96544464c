// The tablet's heartbeat: its report, sign-ins and starts, and the view it gets back;
// and who may post for an attempt.
import { recordIncident } from './incidents';
import { z } from 'zod';
import type { Db } from '../db';
import type { Device, VenueRoom } from '../db/tables-venue';
import { venueStart } from '$lib/exam/timer';
import { type TokenClaims } from '../tokens';
import { type Failure, deviceOf, venueState } from './shared';

export const heartbeatBody = z.object({
	readiness: z
		.object({
			appCached: z.boolean(),
			papersCached: z.number().int().min(0).max(1000),
			clockOffsetMs: z.number().finite().nullable(),
			persisted: z.boolean(),
			freeBytes: z.number().min(0).nullable()
		})
		.partial()
		.optional(),
	signedIn: z
		.object({ finalistId: z.string().max(64), at: z.number().int() })
		.nullable()
		.optional(),
	started: z
		.array(z.object({ attemptId: z.string().max(64), at: z.number().int(), viaCode: z.boolean() }))
		.max(20)
		.optional(),
	/** Incidents the tablet saw (leaving full screen during the exam), stored as a code. */
	incidents: z
		.array(
			z.object({ kind: z.enum(['fullscreen_exit']), attemptId: z.string().max(64), at: z.number().int() })
		)
		.max(50)
		.optional(),
	unsent: z.number().int().min(0).max(1_000_000).optional(),
	lastSeqs: z.record(z.string().max(64), z.number().int().min(0)).optional()
});

export type HeartbeatBody = z.infer<typeof heartbeatBody>;

export interface DeviceView {
	now: number;
	device: { id: string; status: string; seatId: string | null; seatLabel: string | null };
	room: {
		id: string;
		name: string;
		status: string;
		startedAt: number | null;
		lockedAt: number | null;
		/** When the round opens: the start finalists wait for. */
		opensAt: number | null;
	};
	/** The finalists this tablet serves now: its seat's, or one moved to it. */
	finalists: {
		finalistId: string;
		attemptId: string | null;
		sbd: string;
		name: string;
		state: ReturnType<typeof venueState> | null;
	}[];
	/** Attempts this tablet served before their finalist was moved to another tablet. */
	movedAway: string[];
}

export async function heartbeat(
	db: Db,
	claims: TokenClaims | null,
	body: HeartbeatBody,
	now = Date.now()
): Promise<DeviceView | Failure> {
	const device = await deviceOf(db, claims);
	if ('ok' in device) return device;
	const venue = await db
		.selectFrom('venue_room')
		.selectAll()
		.where('room_id', '=', device.room_id)
		.executeTakeFirstOrThrow();
	await db.transaction().execute(async (tx) => {
		const report = {
			...(JSON.parse(device.report) as Record<string, unknown>),
			unsent: body.unsent,
			lastSeqs: body.lastSeqs
		};
		await tx
			.updateTable('device')
			.set({
				last_seen_at: now,
				readiness: body.readiness ? JSON.stringify(body.readiness) : device.readiness,
				report: JSON.stringify(report)
			})
			.where('id', '=', device.id)
			.execute();
		// A tablet speaks only for the finalists it serves: approved, and the finalist seated at
		// it (or moved to it). Anything else in a heartbeat is ignored.
		if (device.status !== 'approved') return;
		if (body.signedIn) {
			const f = await tx
				.selectFrom('finalist')
				.select(['seat_id', 'device_id', 'room_id'])
				.where('id', '=', body.signedIn.finalistId)
				.executeTakeFirst();
			const serves =
				f &&
				f.room_id === device.room_id &&
				(f.device_id === device.id ||
					(f.device_id === null && f.seat_id !== null && f.seat_id === device.seat_id));
			if (serves) {
				await tx
					.updateTable('finalist')
					.set({ signed_in_at: body.signedIn.at, device_id: device.id })
					.where('id', '=', body.signedIn.finalistId)
					.where('signed_in_at', 'is', null)
					.execute();
			}
		}
		for (const s of body.started ?? []) {
			if (
				await deviceMayPost(tx, { kind: 'device', roomId: device.room_id, deviceId: device.id }, s.attemptId)
			) {
				await recordOwnStart(tx, venue, device, s, now);
			}
		}
		for (const i of body.incidents ?? []) {
			if (
				await deviceMayPost(tx, { kind: 'device', roomId: device.room_id, deviceId: device.id }, i.attemptId)
			)
				await recordTabletIncident(tx, device, i, now);
		}
	});
	return deviceView(db, device.id, now);
}

/** A finalist who starts late gets the full duration from their own start, within bounds. */
async function recordOwnStart(
	tx: Db,
	venue: VenueRoom,
	device: Device,
	s: { attemptId: string; at: number; viaCode: boolean },
	now: number
) {
	if (venue.started_at === null) return;
	const attempt = await tx.selectFrom('attempt').selectAll().where('id', '=', s.attemptId).executeTakeFirst();
	const finalist = await tx
		.selectFrom('finalist')
		.select(['seat_id', 'room_id'])
		.where('attempt_id', '=', s.attemptId)
		.executeTakeFirst();
	if (!attempt || !finalist || finalist.room_id !== venue.room_id) return;
	// A finalist moved here continues the attempt they started elsewhere: signing in on the
	// spare is not a start, and their start and deadline stay the room's (or their own late one).
	const movedFrom = await tx
		.selectFrom('attempt_device')
		.select('device_id')
		.where('attempt_id', '=', attempt.id)
		.where('device_id', '!=', device.id)
		.where('moved_at_elapsed_ms', 'is not', null)
		.executeTakeFirst();
	if (movedFrom) return;
	const counted = venueStart(venue.started_at, Math.min(s.at, now), venue.max_late_ms);
	if (!counted.late || attempt.started_at === counted.startedAt) return;
	await tx
		.updateTable('attempt')
		.set({ started_at: counted.startedAt })
		.where('id', '=', attempt.id)
		.execute();
	await recordIncident(tx, {
		roomId: venue.room_id,
		seatId: finalist.seat_id,
		at: now,
		kind: 'late_start',
		params: { seconds: Math.round(counted.lateMs / 1000), capped: counted.capped, viaCode: s.viaCode },
		actorId: null
	});
}

/**
 * An incident a tablet saw, once (a heartbeat whose answer was lost is sent again), stored as
 * its code and parameters (the finalist's SBD); the console and minutes word it.
 */
async function recordTabletIncident(
	tx: Db,
	device: Device,
	i: { kind: 'fullscreen_exit'; attemptId: string; at: number },
	now: number
) {
	const f = await tx
		.selectFrom('finalist')
		.select(['seat_id', 'sbd'])
		.where('attempt_id', '=', i.attemptId)
		.executeTakeFirst();
	const at = Math.min(i.at, now);
	const seat = f?.seat_id ?? device.seat_id;
	const held = await tx
		.selectFrom('incident')
		.select('id')
		.where('room_id', '=', device.room_id)
		.where('kind', '=', i.kind)
		.where('at', '=', at)
		.where('seat_id', seat === null ? 'is' : '=', seat)
		.executeTakeFirst();
	if (held) return;
	await recordIncident(tx, {
		roomId: device.room_id,
		seatId: seat,
		at,
		kind: i.kind,
		params: { sbd: f?.sbd ?? '' },
		actorId: null
	});
}

async function deviceView(db: Db, deviceId: string, now: number): Promise<DeviceView> {
	const device = await db
		.selectFrom('device')
		.selectAll()
		.where('id', '=', deviceId)
		.executeTakeFirstOrThrow();
	const venue = await db
		.selectFrom('venue_room')
		.selectAll()
		.where('room_id', '=', device.room_id)
		.executeTakeFirstOrThrow();
	const room = await db
		.selectFrom('room')
		.innerJoin('round', 'round.id', 'room.round_id')
		.select(['room.id', 'room.name', 'round.opens_at'])
		.where('room.id', '=', device.room_id)
		.executeTakeFirstOrThrow();
	const seat = device.seat_id
		? await db.selectFrom('seat').select('label').where('id', '=', device.seat_id).executeTakeFirst()
		: undefined;
	const served = await db
		.selectFrom('finalist')
		.innerJoin('app_user', 'app_user.id', 'finalist.user_id')
		.select([
			'finalist.id',
			'finalist.attempt_id',
			'finalist.sbd',
			'finalist.seat_id',
			'finalist.device_id',
			'app_user.full_name'
		])
		.where('finalist.room_id', '=', device.room_id)
		.where((eb) => {
			const mine = [eb('finalist.device_id', '=', device.id)];
			if (device.seat_id)
				mine.push(
					eb.and([eb('finalist.seat_id', '=', device.seat_id), eb('finalist.device_id', 'is', null)])
				);
			return eb.or(mine);
		})
		.execute();
	const finalists = [];
	for (const f of served) {
		const attempt = f.attempt_id
			? await db.selectFrom('attempt').selectAll().where('id', '=', f.attempt_id).executeTakeFirst()
			: undefined;
		finalists.push({
			finalistId: f.id,
			attemptId: f.attempt_id,
			sbd: f.sbd,
			name: f.full_name,
			state: attempt ? venueState(attempt) : null
		});
	}
	const movedAway = (
		await db
			.selectFrom('attempt_device')
			.innerJoin('finalist', 'finalist.attempt_id', 'attempt_device.attempt_id')
			.select('attempt_device.attempt_id')
			.where('attempt_device.device_id', '=', device.id)
			.where('attempt_device.moved_at_elapsed_ms', 'is not', null)
			.execute()
	).map((r) => r.attempt_id);
	return {
		now,
		device: { id: device.id, status: device.status, seatId: device.seat_id, seatLabel: seat?.label ?? null },
		room: {
			id: room.id,
			name: room.name,
			status: venue.status,
			startedAt: venue.started_at,
			lockedAt: venue.locked_at,
			opensAt: room.opens_at
		},
		finalists,
		movedAway
	};
}

/** Whether a device token may post events or submit for an attempt. */
export async function deviceMayPost(db: Db, claims: TokenClaims, attemptId: string): Promise<boolean> {
	if (claims.kind !== 'device') return false;
	const device = await db
		.selectFrom('device')
		.selectAll()
		.where('id', '=', claims.deviceId)
		.executeTakeFirst();
	if (!device || device.room_id !== claims.roomId || device.status !== 'approved') return false;
	const f = await db
		.selectFrom('finalist')
		.select(['room_id', 'seat_id', 'device_id'])
		.where('attempt_id', '=', attemptId)
		.executeTakeFirst();
	if (!f || f.room_id !== device.room_id) return false;
	if (f.device_id === device.id) return true;
	if (f.device_id === null && f.seat_id !== null && f.seat_id === device.seat_id) return true;
	// A tablet the finalist was moved away from may still deliver what it holds.
	const before = await db
		.selectFrom('attempt_device')
		.select('device_id')
		.where('attempt_id', '=', attemptId)
		.where('device_id', '=', device.id)
		.executeTakeFirst();
	return before !== undefined;
}
