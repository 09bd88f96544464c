// Tables of the venue (migration 0005_venue).
import type { Generated, Selectable } from 'kysely';

export interface FinalistTable {
	id: string;
	round_id: string;
	user_id: string;
	/** Số báo danh, printed on the admission ticket. */
	sbd: string;
	/** The ticket PIN: a guard against mix-ups, printed on the ticket. */
	pin: string;
	/** JSON PinVerifier: the PIN's salted PBKDF2 verifier sent to tablets, made once. */
	pin_verifier: string | null;
	source: 'auto' | 'manual';
	room_id: string | null;
	seat_id: string | null;
	attempt_id: string | null;
	/** The tablet serving the finalist now (set at sign-in or by a move). */
	device_id: string | null;
	signed_in_at: number | null;
	/**
	 * The first heartbeat answered, after the tablet had the room's keys, with the finalist
	 * signed in there (migration 0020): they had started by then.
	 */
	start_known_at: number | null;
	/** Declared lost by the proctor (a tablet whose log never came back). */
	lost: number;
	created_at: number;
}

export interface RoomProctorTable {
	room_id: string;
	user_id: string;
}

export type RoomStatus = 'preparing' | 'running' | 'paused' | 'locked' | 'finalised';

export interface VenueRoomTable {
	room_id: string;
	status: RoomStatus;
	enrol_code: string | null;
	enrol_expires_at: number | null;
	start_code: string;
	/** base64 AES-GCM key the papers are sealed with. */
	paper_key: string;
	/** base64 HMAC key for short codes (derived from the start code). */
	code_key: string;
	/** JSON Sealed: the paper key sealed with the start code's wrapping key. */
	wrapped_key: string;
	max_late_ms: number;
	prepared_at: number;
	started_at: number | null;
	locked_at: number | null;
	finalised_at: number | null;
}

export interface DeviceTable {
	id: string;
	room_id: string;
	seat_id: string | null;
	status: 'pending' | 'approved' | 'wiped';
	label: string;
	enrolled_at: number;
	approved_at: number | null;
	last_seen_at: number | null;
	readiness: string;
	report: string;
	/** When the server first released the room's keys to it (migration 0020). */
	keys_at: number | null;
}

export interface PauseTable {
	id: Generated<number>;
	room_id: string;
	attempt_id: string | null;
	from_at: number;
	to_at: number | null;
}

export interface IncidentTable {
	id: Generated<number>;
	room_id: string;
	seat_id: string | null;
	at: number;
	/** The incident's code: note, extend, move, lost, wipe, late_start, … */
	kind: string;
	/** What the proctor wrote (kind note), or for rows from before 0013 the sentence itself. */
	note: string;
	/** JSON parameters of the code (migration 0013); null on older rows. */
	params: string | null;
	actor_id: string | null;
}

export interface VenueTables {
	finalist: FinalistTable;
	room_proctor: RoomProctorTable;
	venue_room: VenueRoomTable;
	device: DeviceTable;
	pause: PauseTable;
	incident: IncidentTable;
}

export type Finalist = Selectable<FinalistTable>;
export type VenueRoom = Selectable<VenueRoomTable>;
export type Device = Selectable<DeviceTable>;
