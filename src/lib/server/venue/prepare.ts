// Room preparation (papers drawn and sealed, keys made) and enrolment codes.
import { randomBytes, randomUUID } from 'node:crypto';
import type { Db } from '../db';
import type { VenueRoom } from '../db/tables-venue';
import { drawPaper } from '$lib/exam/paper';
import { b64, base32, deriveRoomKeys, seal, startCodeFrom } from '$lib/exam/venue-crypto';
import { parseRoundSettings } from '../round-settings';
import { loadBank } from '../papers';
import { audit } from '../audit';
import { insertAttempt, newAttemptRow } from '../attempts';
import { type Failure, failure, iv } from './shared';
import { ensurePinVerifiers } from './pins';

const ENROL_CODE_TTL_MS = 15 * 60_000;

/**
 * Makes the room ready for tablets: its secrets (start code, paper key, code key) on first
 * call, and a waiting attempt with a drawn paper for every seated finalist who lacks one.
 */
export async function prepareRoom(db: Db, roomId: string, now = Date.now()): Promise<VenueRoom | Failure> {
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
	if (!room || room.kind !== 'final') return failure('roomNotFound');
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
				const row = newAttemptRow({
					id: attemptId,
					round_id: room.round_id,
					user_id: f.user_id,
					seed,
					mode: 'venue',
					status: venue!.started_at ? 'running' : 'waiting',
					created_at: now,
					started_at: venue!.started_at,
					duration_ms: room.duration_s * 1000,
					grace_ms: room.grace_s * 1000
				});
				await insertAttempt(tx, row, JSON.stringify(paper));
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
