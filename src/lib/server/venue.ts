// The venue at run time: room preparation (papers sealed, keys made), tablet enrolment,
// heartbeats, the key release at Start, proctor actions and their short codes, moves.
// All room state is in the database, so any server process answers any request.
import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Db } from './db';
import type { Attempt } from './db/tables-exam';
import type { Device, VenueRoom } from './db/tables-venue';
import { drawPaper, stripKey, type Paper } from '$lib/exam/paper';
import { activeElapsed, codeTicks, startTimeTicks, venueStart, type PauseInterval } from '$lib/exam/timer';
import { winningEvents, type DeviceEvent } from '$lib/exam/merge';
import {
	b64,
	base32,
	deriveRoomKeys,
	importAesKey,
	makePinVerifier,
	makeShortCode,
	openJson,
	unlockLabel,
	rawKeyFromB64,
	seal,
	sealJson,
	startCodeFrom,
	type CodeAction,
	type PinVerifier,
	type Sealed
} from '$lib/exam/venue-crypto';
import { parseRoundSettings } from './round-settings';
import { loadBank } from './papers';
import { issueToken, type TokenClaims } from './tokens';
import { audit } from './audit';
import { bySeat } from './venue-admin';
import {
	attemptDeadline,
	closeAttempt,
	newAttemptRow,
	eventBatch,
	gradeAttempt,
	ingestBatch,
	MAX_BATCH_EVENTS,
	stateOf,
	submitAttempt,
	type AttemptState
} from './attempts';

export type VenueFailure = { ok: false; status: number; code: string; message: string };
const fail = (status: number, code: string, message: string): VenueFailure => ({
	ok: false,
	status,
	code,
	message
});

const ENROL_CODE_TTL_MS = 15 * 60_000;

const iv = () => new Uint8Array(randomBytes(12));

// ---------------------------------------------------------------- preparation

/**
 * Makes the room ready for tablets: its secrets (start code, paper key, code key) on first
 * call, and a waiting attempt with a drawn paper for every seated finalist who lacks one.
 */
export async function prepareRoom(
	db: Db,
	roomId: string,
	now = Date.now()
): Promise<VenueRoom | VenueFailure> {
	const room = await db
		.selectFrom('room')
		.innerJoin('round', 'round.id', 'room.round_id')
		.select([
			'room.id',
			'room.settings as room_settings',
			'round.id as round_id',
			'round.settings',
			'round.duration_s',
			'round.grace_s',
			'round.kind'
		])
		.where('room.id', '=', roomId)
		.executeTakeFirst();
	if (!room || room.kind !== 'final') return fail(404, 'roomNotFound', 'Không tìm thấy phòng thi.');
	let venue = await db.selectFrom('venue_room').selectAll().where('room_id', '=', roomId).executeTakeFirst();
	if (!venue) {
		const startCode = startCodeFrom(new Uint8Array(randomBytes(10)));
		const paperKeyRaw = new Uint8Array(randomBytes(32));
		const keys = await deriveRoomKeys(startCode, roomId);
		const wrapped = await seal(keys.wrapKey, paperKeyRaw, `paper-key:${roomId}`, iv());
		const codeKeyRaw = new Uint8Array(await crypto.subtle.exportKey('raw', keys.codeKey));
		const maxLate =
			Number((JSON.parse(room.room_settings) as { maxLateStartS?: number }).maxLateStartS ?? 600) * 1000;
		await db
			.insertInto('venue_room')
			.values({
				room_id: roomId,
				status: 'preparing',
				enrol_code: null,
				enrol_expires_at: null,
				start_code: startCode,
				paper_key: b64(paperKeyRaw),
				code_key: b64(codeKeyRaw),
				wrapped_key: JSON.stringify(wrapped),
				max_late_ms: maxLate,
				prepared_at: now,
				started_at: null,
				locked_at: null,
				finalised_at: null
			})
			.onConflict((oc) => oc.column('room_id').doNothing())
			.execute();
		venue = await db
			.selectFrom('venue_room')
			.selectAll()
			.where('room_id', '=', roomId)
			.executeTakeFirstOrThrow();
	}
	const missing = await db
		.selectFrom('finalist')
		.select(['id', 'user_id'])
		.where('room_id', '=', roomId)
		.where('attempt_id', 'is', null)
		.execute();
	if (missing.length > 0) {
		const settings = parseRoundSettings(room.settings);
		const bank = await loadBank(db, settings.poolIds);
		for (const f of missing) {
			const seed = randomBytes(12).toString('hex');
			const paper = drawPaper({ bank, blueprint: settings.blueprint, seed });
			const attemptId = randomUUID();
			await db.transaction().execute(async (tx) => {
				await tx
					.insertInto('attempt')
					.values(
						newAttemptRow({
							id: attemptId,
							round_id: room.round_id,
							user_id: f.user_id,
							seed,
							paper: JSON.stringify(paper),
							mode: 'venue',
							status: venue!.started_at ? 'running' : 'waiting',
							created_at: now,
							started_at: venue!.started_at,
							duration_ms: room.duration_s * 1000,
							grace_ms: room.grace_s * 1000
						})
					)
					.execute();
				await tx
					.updateTable('finalist')
					.set({ attempt_id: attemptId })
					.where('id', '=', f.id)
					.where('attempt_id', 'is', null)
					.execute();
			});
		}
	}
	return venue;
}

// ---------------------------------------------------------------- enrolment

export async function newEnrolCode(db: Db, roomId: string, actorId: string, now = Date.now()) {
	const prepared = await prepareRoom(db, roomId, now);
	if ('ok' in prepared) return prepared;
	await ensurePinVerifiers(db, roomId);
	const code = base32(new Uint8Array(randomBytes(5))); // 8 characters, 40 bits, for 15 minutes
	await db.transaction().execute(async (tx) => {
		await tx
			.updateTable('venue_room')
			.set({ enrol_code: code, enrol_expires_at: now + ENROL_CODE_TTL_MS })
			.where('room_id', '=', roomId)
			.execute();
		await audit(tx, { actorId, action: 'room.enrol_code', target: roomId }, now);
	});
	return { ok: true as const, code, expiresAt: now + ENROL_CODE_TTL_MS };
}

export const enrolBody = z.object({
	code: z.string().min(4).max(20),
	deviceId: z
		.string()
		.min(1)
		.max(64)
		.regex(/^[\w.:-]+$/),
	label: z.string().max(120).default('')
});

export async function enrolDevice(
	db: Db,
	secret: Buffer,
	input: z.infer<typeof enrolBody>,
	now = Date.now()
) {
	const code = input.code.toUpperCase().replace(/[\s-]/g, '');
	const venue = await db
		.selectFrom('venue_room')
		.select(['room_id', 'enrol_expires_at'])
		.where('enrol_code', '=', code)
		.executeTakeFirst();
	if (!venue || (venue.enrol_expires_at ?? 0) < now)
		return fail(404, 'badEnrolCode', 'Mã đăng ký thiết bị không đúng hoặc đã hết hạn.');
	const held = await db.selectFrom('device').selectAll().where('id', '=', input.deviceId).executeTakeFirst();
	if (held && held.room_id !== venue.room_id && held.status !== 'wiped') {
		return fail(409, 'otherRoom', 'Thiết bị này đang thuộc phòng thi khác; hãy xóa dữ liệu trên máy trước.');
	}
	// Every enrolment is a new pending device with its own token. An id already held (the
	// same tablet again, or someone copying an approved tablet's id) gets a fresh one, which
	// the tablet adopts: a token never speaks for a device that enrolled before it.
	let deviceId = input.deviceId;
	for (let tries = 0; ; tries++) {
		const inserted = await db
			.insertInto('device')
			.values({
				id: deviceId,
				room_id: venue.room_id,
				seat_id: null,
				status: 'pending',
				label: input.label || input.deviceId.slice(0, 10),
				enrolled_at: now,
				approved_at: null,
				last_seen_at: now,
				readiness: '{}',
				report: '{}'
			})
			.onConflict((oc) => oc.column('id').doNothing())
			.executeTakeFirst();
		if (Number(inserted.numInsertedOrUpdatedRows ?? 0) > 0) break;
		if (tries >= 5) return fail(409, 'deviceIdTaken', 'Không cấp được mã thiết bị; hãy thử lại.');
		deviceId = `${input.deviceId.slice(0, 48)}.${base32(new Uint8Array(randomBytes(5)))}`;
	}
	const room = await db
		.selectFrom('room')
		.select(['name'])
		.where('id', '=', venue.room_id)
		.executeTakeFirstOrThrow();
	return {
		ok: true as const,
		roomId: venue.room_id,
		roomName: room.name,
		deviceId,
		token: issueToken(secret, { kind: 'device', roomId: venue.room_id, deviceId })
	};
}

async function deviceOf(db: Db, claims: TokenClaims | null): Promise<Device | VenueFailure> {
	if (!claims || claims.kind !== 'device')
		return fail(401, 'badToken', 'Thiết bị chưa được đăng ký vào phòng thi.');
	const device = await db
		.selectFrom('device')
		.selectAll()
		.where('id', '=', claims.deviceId)
		.executeTakeFirst();
	if (!device || device.room_id !== claims.roomId || device.status === 'wiped')
		return fail(401, 'badToken', 'Thiết bị chưa được đăng ký vào phòng thi.');
	return device;
}

// ---------------------------------------------------------------- time

async function pausesFor(db: Db, roomId: string, attemptId: string): Promise<PauseInterval[]> {
	const rows = await db
		.selectFrom('pause')
		.select(['from_at', 'to_at'])
		.where('room_id', '=', roomId)
		.where((eb) => eb.or([eb('attempt_id', 'is', null), eb('attempt_id', '=', attemptId)]))
		.execute();
	return rows.map((r) => ({ from: r.from_at, to: r.to_at }));
}

/** Active time of a venue attempt at `now`, on the server's clock. */
export async function serverElapsed(
	db: Db,
	roomId: string,
	attempt: Pick<Attempt, 'id' | 'started_at'>,
	now: number
): Promise<number> {
	if (attempt.started_at === null) return 0;
	return activeElapsed(attempt.started_at, now, await pausesFor(db, roomId, attempt.id));
}

/** Keeps an attempt's paused_ms / paused_since / status in line with the room's pauses. */
async function syncPauses(tx: Db, roomId: string, attempt: Attempt, now: number): Promise<void> {
	if (attempt.started_at === null || (attempt.status !== 'running' && attempt.status !== 'paused')) return;
	const pauses = await pausesFor(tx, roomId, attempt.id);
	const open = pauses.filter((p) => p.to === null).map((p) => Math.max(p.from, attempt.started_at!));
	const pausedSince = open.length ? Math.min(...open) : null;
	const total = now - attempt.started_at - activeElapsed(attempt.started_at, now, pauses);
	const pausedMs = total - (pausedSince !== null ? now - pausedSince : 0);
	await tx
		.updateTable('attempt')
		.set({
			paused_ms: Math.max(0, pausedMs),
			paused_since: pausedSince,
			status: pausedSince !== null ? 'paused' : 'running'
		})
		.where('id', '=', attempt.id)
		.execute();
}

export const venueState = (a: Attempt): AttemptState => stateOf(a);

// ---------------------------------------------------------------- the tablet

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
	unsent: z.number().int().min(0).max(1_000_000).optional(),
	lastSeqs: z.record(z.string().max(64), z.number().int().min(0)).optional()
});
export type HeartbeatBody = z.infer<typeof heartbeatBody>;

export interface DeviceView {
	now: number;
	device: { id: string; status: string; seatId: string | null; seatLabel: string | null };
	room: { id: string; name: string; status: string; startedAt: number | null; lockedAt: number | null };
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
): Promise<DeviceView | VenueFailure> {
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
	await tx
		.insertInto('incident')
		.values({
			room_id: venue.room_id,
			seat_id: finalist.seat_id,
			at: now,
			kind: 'late_start',
			note: `Bắt đầu muộn ${Math.round(counted.lateMs / 1000)} giây${counted.capped ? ' (vượt giới hạn, tính từ mốc tối đa)' : ''}${s.viaCode ? ', bằng mã bắt đầu' : ''}.`,
			actor_id: null
		})
		.execute();
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
		.select(['id', 'name'])
		.where('id', '=', device.room_id)
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
			lockedAt: venue.locked_at
		},
		finalists,
		movedAway
	};
}

export interface RoomPackage {
	roomId: string;
	roomName: string;
	durationMs: number;
	maxLateMs: number;
	wrappedKey: Sealed;
	/** Checks the proctor's unlock code after three wrong PINs, offline. */
	unlockCheck: PinVerifier;
	finalists: {
		finalistId: string;
		attemptId: string;
		sbd: string;
		seatId: string | null;
		pinCheck: PinVerifier;
		paper: Sealed;
		name: string | null;
	}[];
}

/**
 * The room's papers, sealed with the paper key (still on the server until Start), for an
 * approved tablet. Names travel only for the tablet's own seat.
 */
/**
 * The code a proctor reads out to let a tablet accept sign-ins again after three wrong PINs:
 * 10 characters (50 bits), shown as two groups of five. The tablet holds only a slow verifier.
 */
export function unlockCode(venue: Pick<VenueRoom, 'code_key'>, deviceId: string): string {
	const code = base32(
		new Uint8Array(createHmac('sha256', venue.code_key).update(`unlock|${deviceId}`).digest())
	).slice(0, 10);
	return `${code.slice(0, 5)}-${code.slice(5)}`;
}

const salt = () => new Uint8Array(randomBytes(16));

/** Verifiers being made in this process: tablets asking at once share the slow step. */
const making = new Map<string, Promise<PinVerifier>>();

/** A finalist's PIN verifier, made once (the slow step) and kept with the finalist. */
async function pinVerifierOf(
	db: Db,
	roomId: string,
	f: { id: string; sbd: string; pin: string; pin_verifier: string | null }
): Promise<PinVerifier> {
	if (f.pin_verifier) return JSON.parse(f.pin_verifier) as PinVerifier;
	const key = `${f.id}|${f.pin}`;
	let pending = making.get(key);
	if (!pending) {
		pending = (async () => {
			const v = await makePinVerifier(roomId, f.sbd, f.pin, salt());
			await db
				.updateTable('finalist')
				.set({ pin_verifier: JSON.stringify(v) })
				.where('id', '=', f.id)
				.where('pin_verifier', 'is', null)
				.execute();
			return v;
		})().finally(() => making.delete(key));
		making.set(key, pending);
	}
	return pending;
}

/** Makes the room's missing PIN verifiers now (with a new enrolment code), not as tablets ask. */
async function ensurePinVerifiers(db: Db, roomId: string): Promise<void> {
	const missing = await db
		.selectFrom('finalist')
		.select(['id', 'sbd', 'pin', 'pin_verifier'])
		.where('room_id', '=', roomId)
		.where('pin_verifier', 'is', null)
		.execute();
	for (const f of missing) await pinVerifierOf(db, roomId, f);
}

export async function roomPackage(
	db: Db,
	claims: TokenClaims | null,
	now = Date.now()
): Promise<RoomPackage | VenueFailure> {
	const device = await deviceOf(db, claims);
	if ('ok' in device) return device;
	if (device.status !== 'approved') return fail(403, 'notApproved', 'Giám thị chưa duyệt thiết bị này.');
	const venue = await prepareRoom(db, device.room_id, now);
	if ('ok' in venue) return venue;
	const room = await db
		.selectFrom('room')
		.innerJoin('round', 'round.id', 'room.round_id')
		.select(['room.name', 'round.duration_s'])
		.where('room.id', '=', device.room_id)
		.executeTakeFirstOrThrow();
	const paperKey = await importAesKey(rawKeyFromB64(venue.paper_key));
	const rows = await db
		.selectFrom('finalist')
		.innerJoin('attempt', 'attempt.id', 'finalist.attempt_id')
		.innerJoin('app_user', 'app_user.id', 'finalist.user_id')
		.select([
			'finalist.id',
			'finalist.sbd',
			'finalist.pin',
			'finalist.pin_verifier',
			'finalist.seat_id',
			'finalist.device_id',
			'attempt.id as attempt_id',
			'attempt.paper',
			'app_user.full_name'
		])
		.where('finalist.room_id', '=', device.room_id)
		.orderBy('finalist.sbd')
		.execute();
	const finalists = [];
	for (const r of rows) {
		const mine = (device.seat_id !== null && r.seat_id === device.seat_id) || r.device_id === device.id;
		finalists.push({
			finalistId: r.id,
			attemptId: r.attempt_id,
			sbd: r.sbd,
			seatId: r.seat_id,
			pinCheck: await pinVerifierOf(db, device.room_id, r),
			// The tablet never needs the key of a graded paper.
			paper: await sealJson(paperKey, stripKey(JSON.parse(r.paper) as Paper), r.attempt_id, iv()),
			name: mine ? r.full_name : null
		});
	}
	return {
		roomId: device.room_id,
		roomName: room.name,
		durationMs: room.duration_s * 1000,
		maxLateMs: venue.max_late_ms,
		wrappedKey: JSON.parse(venue.wrapped_key) as Sealed,
		unlockCheck: await makePinVerifier(
			device.room_id,
			unlockLabel(device.id),
			unlockCode(venue, device.id).replace('-', ''),
			salt()
		),
		finalists
	};
}

/** At Start, online tablets get the keys the start code would give them. */
export async function releaseKeys(db: Db, claims: TokenClaims | null) {
	const device = await deviceOf(db, claims);
	if ('ok' in device) return device;
	if (device.status !== 'approved') return fail(403, 'notApproved', 'Giám thị chưa duyệt thiết bị này.');
	const venue = await db
		.selectFrom('venue_room')
		.selectAll()
		.where('room_id', '=', device.room_id)
		.executeTakeFirst();
	if (!venue || venue.started_at === null) return fail(409, 'notStarted', 'Phòng thi chưa bắt đầu.');
	return {
		ok: true as const,
		paperKey: venue.paper_key,
		codeKey: venue.code_key,
		startedAt: venue.started_at
	};
}

/** Where a finalist moved to another tablet continues from: what the server holds. */
export async function continuation(db: Db, claims: TokenClaims | null, attemptId: string, now = Date.now()) {
	const device = await deviceOf(db, claims);
	if ('ok' in device) return device;
	const f = await db
		.selectFrom('finalist')
		.select(['room_id', 'device_id'])
		.where('attempt_id', '=', attemptId)
		.executeTakeFirst();
	if (!f || f.room_id !== device.room_id || f.device_id !== device.id)
		return fail(403, 'notSeated', 'Thí sinh không ngồi ở thiết bị này.');
	const attempt = await db
		.selectFrom('attempt')
		.selectAll()
		.where('id', '=', attemptId)
		.executeTakeFirstOrThrow();
	const graded = await db.transaction().execute((tx) => gradeAttempt(tx, attempt, now));
	const rows = await db.selectFrom('answer_event').selectAll().where('attempt_id', '=', attemptId).execute();
	const events: DeviceEvent[] = rows.map((r) => ({
		deviceId: r.device_id,
		counts: r.counts === 1,
		event: {
			seq: r.seq,
			questionId: r.question_id,
			choice: r.choice === null ? null : JSON.parse(r.choice),
			at: r.at,
			elapsedMs: r.elapsed_ms,
			hash: r.hash
		}
	}));
	const answers: Record<string, string | number | null> = {};
	for (const [q, e] of winningEvents(events)) answers[q] = e.event.choice;
	return {
		ok: true as const,
		answers,
		elapsedMs: await serverElapsed(db, device.room_id, graded, now),
		state: venueState(graded)
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

// ---------------------------------------------------------------- proctor actions

export const actionBody = z.discriminatedUnion('action', [
	z.object({ action: z.literal('start') }),
	z.object({ action: z.literal('pause'), seatId: z.string().max(64).optional() }),
	z.object({ action: z.literal('resume'), seatId: z.string().max(64).optional() }),
	z.object({
		action: z.literal('extend'),
		seatId: z.string().max(64),
		minutes: z.number().int().min(1).max(60)
	}),
	z.object({ action: z.literal('lock') }),
	z.object({
		action: z.literal('approve'),
		deviceId: z.string().max(64),
		seatId: z.string().max(64).nullable()
	}),
	z.object({ action: z.literal('move'), finalistId: z.string().max(64), deviceId: z.string().max(64) }),
	z.object({
		action: z.literal('incident'),
		seatId: z.string().max(64).nullable(),
		note: z.string().min(1).max(1000)
	}),
	z.object({ action: z.literal('enrolCode') }),
	z.object({ action: z.literal('declareLost'), finalistId: z.string().max(64) }),
	z.object({ action: z.literal('wipe'), deviceId: z.string().max(64) })
]);
export type RoomAction = z.infer<typeof actionBody>;

export interface ActionResult {
	ok: true;
	/** What the proctor reads out to tablets that stay offline. */
	code?: string;
	message?: string;
}

async function codeFor(venue: VenueRoom, action: CodeAction, value: number, seat: string): Promise<string> {
	const codeKey = await crypto.subtle.importKey(
		'raw',
		rawKeyFromB64(venue.code_key),
		{ name: 'HMAC', hash: 'SHA-256' },
		false,
		['sign']
	);
	return makeShortCode(codeKey, venue.room_id, { action, value, seat });
}

async function roomAttempts(tx: Db, roomId: string, seatId?: string): Promise<Attempt[]> {
	let q = tx
		.selectFrom('attempt')
		.innerJoin('finalist', 'finalist.attempt_id', 'attempt.id')
		.selectAll('attempt')
		.where('finalist.room_id', '=', roomId);
	if (seatId) q = q.where('finalist.seat_id', '=', seatId);
	return q.execute();
}

export async function roomAction(
	db: Db,
	roomId: string,
	actorId: string,
	a: RoomAction,
	now = Date.now()
): Promise<ActionResult | VenueFailure> {
	const prepared = await prepareRoom(db, roomId, now);
	if ('ok' in prepared) return prepared;
	if (a.action === 'enrolCode') {
		const r = await newEnrolCode(db, roomId, actorId, now);
		return 'code' in r ? { ok: true, code: r.code } : r;
	}
	return db.transaction().execute(async (tx): Promise<ActionResult | VenueFailure> => {
		const venue = await tx
			.selectFrom('venue_room')
			.selectAll()
			.where('room_id', '=', roomId)
			.executeTakeFirstOrThrow();
		const since = (t: number) => codeTicks(venue.started_at ?? t, t);
		const done = async (result: ActionResult, detail: Record<string, unknown> = {}) => {
			await audit(
				tx,
				{ actorId, action: `room.${a.action}`, target: roomId, detail: { ...a, ...detail } },
				now
			);
			return result;
		};
		switch (a.action) {
			case 'start': {
				if (venue.started_at !== null) return fail(409, 'alreadyStarted', 'Phòng thi đã bắt đầu.');
				await tx
					.updateTable('venue_room')
					.set({ status: 'running', started_at: now })
					.where('room_id', '=', roomId)
					.execute();
				const ids = (await roomAttempts(tx, roomId)).filter((x) => x.status === 'waiting').map((x) => x.id);
				if (ids.length)
					await tx
						.updateTable('attempt')
						.set({ status: 'running', started_at: now })
						.where('id', 'in', ids)
						.execute();
				return done({ ok: true, code: venue.start_code });
			}
			case 'pause':
			case 'resume': {
				if (venue.started_at === null || venue.locked_at !== null)
					return fail(409, 'notRunning', 'Phòng thi không ở trạng thái đang thi.');
				let attemptId: string | null = null;
				if (a.seatId) {
					const f = await tx
						.selectFrom('finalist')
						.select('attempt_id')
						.where('room_id', '=', roomId)
						.where('seat_id', '=', a.seatId)
						.executeTakeFirst();
					if (!f?.attempt_id) return fail(404, 'noFinalist', 'Ghế này chưa có thí sinh.');
					attemptId = f.attempt_id;
				}
				const open = await tx
					.selectFrom('pause')
					.select('id')
					.where('room_id', '=', roomId)
					.where('to_at', 'is', null)
					.where((eb) => (attemptId ? eb('attempt_id', '=', attemptId) : eb('attempt_id', 'is', null)))
					.executeTakeFirst();
				if (a.action === 'pause') {
					if (open) return fail(409, 'alreadyPaused', 'Đang tạm dừng.');
					await tx
						.insertInto('pause')
						.values({ room_id: roomId, attempt_id: attemptId, from_at: now, to_at: null })
						.execute();
				} else {
					if (!open) return fail(409, 'notPaused', 'Không có tạm dừng nào đang diễn ra.');
					await tx.updateTable('pause').set({ to_at: now }).where('id', '=', open.id).execute();
				}
				if (!a.seatId)
					await tx
						.updateTable('venue_room')
						.set({ status: a.action === 'pause' ? 'paused' : 'running' })
						.where('room_id', '=', roomId)
						.execute();
				for (const at of await roomAttempts(tx, roomId, a.seatId)) await syncPauses(tx, roomId, at, now);
				return done({
					ok: true,
					code: await codeFor(venue, a.action === 'pause' ? 'P' : 'R', since(now), a.seatId ?? '*')
				});
			}
			case 'extend': {
				const [at] = await roomAttempts(tx, roomId, a.seatId);
				if (!at) return fail(404, 'noFinalist', 'Ghế này chưa có thí sinh.');
				await tx
					.updateTable('attempt')
					.set({ extension_ms: at.extension_ms + a.minutes * 60_000 })
					.where('id', '=', at.id)
					.execute();
				await tx
					.insertInto('incident')
					.values({
						room_id: roomId,
						seat_id: a.seatId,
						at: now,
						kind: 'extend',
						note: `Gia hạn ${a.minutes} phút.`,
						actor_id: actorId
					})
					.execute();
				return done({ ok: true, code: await codeFor(venue, 'E', a.minutes, a.seatId) });
			}
			case 'lock': {
				if (venue.started_at === null) return fail(409, 'notStarted', 'Phòng thi chưa bắt đầu.');
				if (venue.locked_at !== null)
					return { ok: true, code: await codeFor(venue, 'L', since(venue.locked_at), '*') };
				await tx
					.updateTable('pause')
					.set({ to_at: now })
					.where('room_id', '=', roomId)
					.where('to_at', 'is', null)
					.execute();
				await tx
					.updateTable('venue_room')
					.set({ status: 'locked', locked_at: now })
					.where('room_id', '=', roomId)
					.execute();
				for (const at of await roomAttempts(tx, roomId)) {
					if (at.status === 'running' || at.status === 'paused' || at.status === 'waiting') {
						await syncPauses(tx, roomId, at, now);
						const fresh = await tx
							.selectFrom('attempt')
							.selectAll()
							.where('id', '=', at.id)
							.executeTakeFirstOrThrow();
						await closeAttempt(tx, fresh, 'lock', now, 'locked');
					}
				}
				return done({ ok: true, code: await codeFor(venue, 'L', since(now), '*') });
			}
			case 'approve': {
				const device = await tx
					.selectFrom('device')
					.select(['id', 'room_id'])
					.where('id', '=', a.deviceId)
					.executeTakeFirst();
				if (!device || device.room_id !== roomId)
					return fail(404, 'noDevice', 'Không tìm thấy thiết bị trong phòng này.');
				if (a.seatId) {
					const seat = await tx
						.selectFrom('seat')
						.select('id')
						.where('id', '=', a.seatId)
						.where('room_id', '=', roomId)
						.executeTakeFirst();
					if (!seat) return fail(404, 'noSeat', 'Không tìm thấy ghế.');
					await tx
						.updateTable('device')
						.set({ seat_id: null })
						.where('room_id', '=', roomId)
						.where('seat_id', '=', a.seatId)
						.where('id', '!=', a.deviceId)
						.execute();
				}
				await tx
					.updateTable('device')
					.set({ status: 'approved', approved_at: now, seat_id: a.seatId })
					.where('id', '=', a.deviceId)
					.execute();
				return done({ ok: true });
			}
			case 'move': {
				const f = await tx
					.selectFrom('finalist')
					.selectAll()
					.where('id', '=', a.finalistId)
					.where('room_id', '=', roomId)
					.executeTakeFirst();
				const target = await tx
					.selectFrom('device')
					.selectAll()
					.where('id', '=', a.deviceId)
					.where('room_id', '=', roomId)
					.executeTakeFirst();
				if (!f || !f.attempt_id) return fail(404, 'noFinalist', 'Không tìm thấy thí sinh.');
				if (!target || target.status !== 'approved')
					return fail(409, 'noDevice', 'Máy dự phòng chưa được duyệt.');
				const from =
					f.device_id ??
					(f.seat_id
						? (
								await tx
									.selectFrom('device')
									.select('id')
									.where('room_id', '=', roomId)
									.where('seat_id', '=', f.seat_id)
									.executeTakeFirst()
							)?.id
						: undefined) ??
					null;
				if (from === target.id) return fail(409, 'sameDevice', 'Thí sinh đang ở máy này.');
				const attempt = await tx
					.selectFrom('attempt')
					.selectAll()
					.where('id', '=', f.attempt_id)
					.executeTakeFirstOrThrow();
				const movedAt = await serverElapsed(tx, roomId, attempt, now);
				if (from) {
					await tx
						.insertInto('attempt_device')
						.values({
							attempt_id: attempt.id,
							device_id: from,
							acked_seq: 0,
							head_hash: attempt.id,
							chain_ok: 1,
							last_seen_at: now,
							moved_at_elapsed_ms: movedAt
						})
						.onConflict((oc) =>
							oc.columns(['attempt_id', 'device_id']).doUpdateSet({ moved_at_elapsed_ms: movedAt })
						)
						.execute();
				}
				await tx.updateTable('finalist').set({ device_id: target.id }).where('id', '=', f.id).execute();
				await tx
					.insertInto('incident')
					.values({
						room_id: roomId,
						seat_id: f.seat_id,
						at: now,
						kind: 'move',
						note: `Chuyển thí sinh ${f.sbd} sang máy ${target.label}.`,
						actor_id: actorId
					})
					.execute();
				return done({ ok: true }, { from, movedAtElapsedMs: movedAt });
			}
			case 'incident': {
				await tx
					.insertInto('incident')
					.values({
						room_id: roomId,
						seat_id: a.seatId,
						at: now,
						kind: 'note',
						note: a.note,
						actor_id: actorId
					})
					.execute();
				return done({ ok: true });
			}
			case 'declareLost': {
				await tx
					.updateTable('finalist')
					.set({ lost: 1 })
					.where('id', '=', a.finalistId)
					.where('room_id', '=', roomId)
					.execute();
				await tx
					.insertInto('incident')
					.values({
						room_id: roomId,
						seat_id: null,
						at: now,
						kind: 'lost',
						note: 'Khai báo mất dữ liệu thiết bị.',
						actor_id: actorId
					})
					.execute();
				return done({ ok: true });
			}
			case 'wipe': {
				await tx
					.updateTable('device')
					.set({ status: 'wiped', seat_id: null })
					.where('id', '=', a.deviceId)
					.where('room_id', '=', roomId)
					.execute();
				await tx
					.insertInto('incident')
					.values({
						room_id: roomId,
						seat_id: null,
						at: now,
						kind: 'wipe',
						note: `Cho phép xóa dữ liệu máy ${a.deviceId.slice(0, 10)}.`,
						actor_id: actorId
					})
					.execute();
				return done({ ok: true });
			}
		}
	});
}

// ---------------------------------------------------------------- the proctor's grid

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
			online: d.last_seen_at !== null && now - d.last_seen_at < 10_000,
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

// ---------------------------------------------------------------- a log that never synced

export const exportedLog = z.object({
	kind: z.literal('phongthi-venue-log'),
	roomId: z.string().max(64),
	deviceId: z.string().max(64),
	sealed: z.object({ iv: z.string().max(64), data: z.string().max(20_000_000) })
});

const logContent = z.object({
	attempts: z
		.array(
			z.object({
				attemptId: z.string().max(64),
				events: z.array(z.unknown()).max(100_000),
				localSubmit: z
					.object({ lastSeq: z.number().int().min(0), reason: z.enum(['candidate', 'timeout', 'lock']) })
					.nullable()
			})
		)
		.max(50)
});

/**
 * A tablet whose network never came back exports its log sealed with the room's paper key;
 * the proctor uploads the file and it is ingested exactly as if the tablet had synced.
 */
export async function uploadLog(
	db: Db,
	secret: Buffer,
	roomId: string,
	actorId: string,
	file: z.infer<typeof exportedLog>,
	now = Date.now()
) {
	if (file.roomId !== roomId) return fail(422, 'otherRoom', 'Tệp nhật ký không thuộc phòng thi này.');
	const venue = await db
		.selectFrom('venue_room')
		.selectAll()
		.where('room_id', '=', roomId)
		.executeTakeFirst();
	if (!venue) return fail(404, 'roomNotFound', 'Không tìm thấy phòng thi.');
	let content: z.infer<typeof logContent>;
	try {
		content = logContent.parse(
			await openJson(
				await importAesKey(rawKeyFromB64(venue.paper_key)),
				file.sealed,
				`export:${file.deviceId}`
			)
		);
	} catch {
		return fail(422, 'badLog', 'Không đọc được tệp nhật ký (sai phòng, sai khóa hoặc tệp bị sửa).');
	}
	let stored = 0;
	for (const a of content.attempts) {
		const f = await db
			.selectFrom('finalist')
			.select('room_id')
			.where('attempt_id', '=', a.attemptId)
			.executeTakeFirst();
		if (!f || f.room_id !== roomId) continue;
		for (let i = 0; i < a.events.length; i += MAX_BATCH_EVENTS) {
			const batch = eventBatch.safeParse({
				deviceId: file.deviceId,
				events: a.events.slice(i, i + MAX_BATCH_EVENTS)
			});
			if (!batch.success) return fail(422, 'badLog', 'Tệp nhật ký có sự kiện không hợp lệ.');
			const r = await ingestBatch(db, a.attemptId, batch.data, now);
			if (r.ok) stored += r.stored;
		}
		if (a.localSubmit)
			await submitAttempt(
				db,
				secret,
				a.attemptId,
				{ deviceId: file.deviceId, lastSeq: a.localSubmit.lastSeq, reason: a.localSubmit.reason },
				now
			);
	}
	await db
		.insertInto('incident')
		.values({
			room_id: roomId,
			seat_id: null,
			at: now,
			kind: 'upload',
			note: `Nạp nhật ký của máy ${file.deviceId.slice(0, 10)}: ${stored} câu trả lời mới.`,
			actor_id: actorId
		})
		.execute();
	await audit(
		db,
		{ actorId, action: 'room.upload', target: roomId, detail: { deviceId: file.deviceId, stored } },
		now
	);
	return { ok: true as const, stored };
}
