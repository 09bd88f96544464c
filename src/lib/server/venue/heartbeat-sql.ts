// The heartbeat's per-request statements as fixed SQL text (as attempts/hot-sql.ts does for the
// ingest): a hall of 1,000 tablets sends 1,000 heartbeats a second, and building each query
// with Kysely's builder, statement by statement, cost more than running it.
import type { Db } from '../db';
import type { Attempt } from '../db/tables-exam';
import type { Device, VenueRoom } from '../db/tables-venue';
import { run } from '../attempts/hot-sql';

/** The device, its room's venue state and name, the round's opening and its seat's label. */
export interface DeviceAndRoom {
	device: Device;
	venue: Pick<VenueRoom, 'room_id' | 'status' | 'started_at' | 'locked_at' | 'max_late_ms'>;
	room: { name: string; opensAt: number };
	seatLabel: string | null;
}

const DEVICE_AND_ROOM = `SELECT d.id, d.room_id, d.seat_id, d.status, d.label, d.enrolled_at, d.approved_at,
 d.last_seen_at, d.readiness, d.report, d.keys_at,
 v.room_id AS v_room_id, v.status AS v_status, v.started_at AS v_started_at, v.locked_at AS v_locked_at,
 v.max_late_ms AS v_max_late_ms, r.name AS r_name, rd.opens_at AS rd_opens_at, s.label AS s_label
 FROM device d
 LEFT JOIN venue_room v ON v.room_id = d.room_id
 LEFT JOIN room r ON r.id = d.room_id
 LEFT JOIN round rd ON rd.id = r.round_id
 LEFT JOIN seat s ON s.id = d.seat_id
 WHERE d.id = ?`;

type DeviceAndRoomRow = Device & {
	v_room_id: string | null;
	v_status: VenueRoom['status'] | null;
	v_started_at: number | null;
	v_locked_at: number | null;
	v_max_late_ms: number | null;
	r_name: string | null;
	rd_opens_at: number | null;
	s_label: string | null;
};

/** Undefined: no such device. A device whose room has no venue state or round is an error. */
export async function readDeviceAndRoom(tx: Db, deviceId: string): Promise<DeviceAndRoom | undefined> {
	const [row] = await run<DeviceAndRoomRow>(tx, DEVICE_AND_ROOM, [deviceId]);
	if (!row) return undefined;
	const {
		v_room_id,
		v_status,
		v_started_at,
		v_locked_at,
		v_max_late_ms,
		r_name,
		rd_opens_at,
		s_label,
		...device
	} = row;
	if (v_room_id === null || v_status === null || v_max_late_ms === null)
		throw new Error(`venue_room ${device.room_id}: no such row`);
	if (r_name === null || rd_opens_at === null)
		throw new Error(`room ${device.room_id}: no such room or round`);
	return {
		device,
		venue: {
			room_id: v_room_id,
			status: v_status,
			started_at: v_started_at,
			locked_at: v_locked_at,
			max_late_ms: v_max_late_ms
		},
		room: { name: r_name, opensAt: rd_opens_at },
		seatLabel: s_label
	};
}

export interface SignInTarget {
	seat_id: string | null;
	device_id: string | null;
	room_id: string | null;
	signed_in_at: number | null;
}

export async function readSignInTarget(tx: Db, finalistId: string): Promise<SignInTarget | undefined> {
	const [row] = await run<SignInTarget>(
		tx,
		'SELECT seat_id, device_id, room_id, signed_in_at FROM finalist WHERE id = ?',
		[finalistId]
	);
	return row;
}

/** What stateOf reads of an attempt. */
export type AttemptClock = Pick<
	Attempt,
	'status' | 'started_at' | 'duration_ms' | 'extension_ms' | 'paused_ms' | 'paused_since'
>;

export interface ServedRow {
	id: string;
	attempt_id: string | null;
	sbd: string;
	full_name: string;
	signed_in_at: number | null;
	start_known_at: number | null;
	/** The attempt's columns (null without an attempt). */
	a_id: string | null;
	a_status: Attempt['status'] | null;
	a_started_at: number | null;
	a_duration_ms: number | null;
	a_extension_ms: number | null;
	a_paused_ms: number | null;
	a_paused_since: number | null;
	/** What the server holds of this device's chain for the attempt (reports.ts). */
	d_acked: number | null;
	/**
	 * Another tablet served the attempt and its finalist, having begun, was moved away from it
	 * (1/0 on SQLite, true/false on PostgreSQL): this one continues from what the server holds.
	 */
	moved_in: number | boolean;
	/** The finalist's seat: where a spare serving them stands. */
	seat_label: string | null;
}

/**
 * An attempt_device row `mv` of a tablet the finalist was moved away from after they had begun
 * (actions/devices.ts `markMovedAway`; a row from before migration 0021 counts as begun): the
 * tablet serving them now continues, and a start it claims is none.
 */
const MOVED_AFTER_BEGINNING = 'mv.moved_at_elapsed_ms IS NOT NULL AND COALESCE(mv.moved_started, 1) = 1';

/** Whether the finalist of `attemptId` was moved, having begun, away from a tablet other than this one. */
export async function readMovedIn(tx: Db, attemptId: string, deviceId: string): Promise<boolean> {
	const rows = await run<{ one: number }>(
		tx,
		`SELECT 1 AS one FROM attempt_device mv WHERE mv.attempt_id = ? AND mv.device_id <> ? AND ${MOVED_AFTER_BEGINNING}`,
		[attemptId, deviceId]
	);
	return rows.length > 0;
}

// The tablet's own finalists: the one moved to it, or the one at its seat not served elsewhere
// (heartbeat.ts `servedAt` is the same rule for one finalist).
// Two index lookups (finalist_device, finalist_seat), not a walk through the room's finalists;
// in the order they were added (số báo danh), as the room's index gave them before.
// The device's id is the first two parameters (moved_in's, attempt_device's join), then the WHERE's.
const SERVED_COLUMNS = `f.id, f.attempt_id, f.sbd, u.full_name, f.signed_in_at,
 f.start_known_at, a.id AS a_id, a.status AS a_status,
 a.started_at AS a_started_at, a.duration_ms AS a_duration_ms, a.extension_ms AS a_extension_ms,
 a.paused_ms AS a_paused_ms, a.paused_since AS a_paused_since, ad.acked_seq AS d_acked,
 EXISTS (SELECT 1 FROM attempt_device mv WHERE mv.attempt_id = f.attempt_id AND mv.device_id <> ?
  AND ${MOVED_AFTER_BEGINNING}) AS moved_in, st.label AS seat_label
 FROM finalist f JOIN app_user u ON u.id = f.user_id LEFT JOIN attempt a ON a.id = f.attempt_id
 LEFT JOIN seat st ON st.id = f.seat_id
 LEFT JOIN attempt_device ad ON ad.attempt_id = f.attempt_id AND ad.device_id = ?`;
const SERVED_BY_DEVICE = `SELECT ${SERVED_COLUMNS} WHERE f.room_id = ? AND f.device_id = ? ORDER BY f.sbd`;
const SERVED_BY_DEVICE_OR_SEAT = `SELECT * FROM (
 SELECT ${SERVED_COLUMNS} WHERE f.room_id = ? AND f.device_id = ?
 UNION ALL
 SELECT ${SERVED_COLUMNS} WHERE f.room_id = ? AND f.seat_id = ? AND f.device_id IS NULL
) served ORDER BY sbd`;

export function readServed(tx: Db, device: Pick<Device, 'id' | 'room_id' | 'seat_id'>): Promise<ServedRow[]> {
	return device.seat_id === null
		? run<ServedRow>(tx, SERVED_BY_DEVICE, [device.id, device.id, device.room_id, device.id])
		: run<ServedRow>(tx, SERVED_BY_DEVICE_OR_SEAT, [
				device.id,
				device.id,
				device.room_id,
				device.id,
				device.id,
				device.id,
				device.room_id,
				device.seat_id
			]);
}

/** The attempt's clock from a served row (null without an attempt). */
export function attemptClock(r: ServedRow): AttemptClock | null {
	if (r.a_id === null) return null;
	return {
		status: r.a_status!,
		started_at: r.a_started_at,
		duration_ms: r.a_duration_ms!,
		extension_ms: r.a_extension_ms!,
		paused_ms: r.a_paused_ms!,
		paused_since: r.a_paused_since
	};
}

/** Attempts this tablet served before their finalist was moved away (index attempt_device_device). */
export async function readMovedAway(tx: Db, deviceId: string): Promise<string[]> {
	const rows = await run<{ attempt_id: string }>(
		tx,
		`SELECT ad.attempt_id FROM attempt_device ad JOIN finalist f ON f.attempt_id = ad.attempt_id
 WHERE ad.device_id = ? AND ad.moved_at_elapsed_ms IS NOT NULL`,
		[deviceId]
	);
	return rows.map((r) => r.attempt_id);
}

/** The device, the attempt's finalist and whether the device served the attempt before. */
export interface PostRights {
	id: string;
	room_id: string;
	status: Device['status'];
	seat_id: string | null;
	f_room_id: string | null;
	f_seat_id: string | null;
	f_device_id: string | null;
	/** 1/0 on SQLite, true/false on PostgreSQL. */
	served_before: number | boolean;
}

const POST_RIGHTS = `SELECT d.id, d.room_id, d.status, d.seat_id,
 f.room_id AS f_room_id, f.seat_id AS f_seat_id, f.device_id AS f_device_id,
 EXISTS (SELECT 1 FROM attempt_device ad WHERE ad.attempt_id = ? AND ad.device_id = d.id) AS served_before
 FROM device d LEFT JOIN finalist f ON f.attempt_id = ?
 WHERE d.id = ?`;

export function readPostRights(tx: Db, deviceId: string, attemptId: string): Promise<PostRights[]> {
	return run<PostRights>(tx, POST_RIGHTS, [attemptId, attemptId, deviceId]);
}
