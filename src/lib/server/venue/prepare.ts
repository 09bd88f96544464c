// Room preparation (papers drawn and sealed, keys made) and enrolment codes.
import { randomBytes, randomUUID } from 'node:crypto';
import type { Db } from '../db';
import type { VenueRoom } from '../db/tables-venue';
import { drawPaper } from '$lib/exam/paper';
import { b64, base32, deriveRoomKeys, seal, startCodeFrom } from '$lib/exam/venue-crypto';
import { parseRoundSettings } from '../round-settings';
import { loadBank } from '../papers';
import { audit } from '../audit';
import { insertAttempt, lockedRead, newAttemptRow } from '../attempts';
import { type Failure, failure, iv } from './shared';
import { ensurePinVerifiers } from './pins';
import { yieldToServer } from '../turns';

const ENROL_CODE_TTL_MS = 15 * 60_000;
/** Papers drawn and stored in one transaction; the loop serves others between them. */
const PREPARED_AT_ONCE = 25;

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
	// A plain read first: nearly every call (each grid read, action and package) finds every
	// seated finalist with a paper, and takes no lock.
	const missing = await db
		.selectFrom('finalist')
		.select('id')
		.where('room_id', '=', roomId)
		.where('attempt_id', 'is', null)
		.executeTakeFirst();
	if (!missing) return venue;
	const settings = parseRoundSettings(room.settings);
	const bank = await loadBank(db, settings.poolIds);
	for (;;) {
		const drawn = await db.transaction().execute(async (tx) => {
			// The room's row locked first, as its actions lock it (actions/index.ts), and the finalists
			// without a paper read again under it: a grid read and a dozen actions sent at once each
			// found the same finalist without one and each stored an attempt for them; one was linked,
			// the others stayed `waiting`, linked to no one, and the round could never be finalised.
			// On PostgreSQL the next caller waits here and then finds the finalist linked; SQLite's one
			// connection runs each transaction whole. Under the room's lock a start (which sets the
			// room's linked attempts running) comes wholly before or after, so `started_at` is current.
			// The finalists' rows are locked too: a removal waits, then finds the paper (finalists.ts).
			const locked = await lockedRead(
				tx,
				tx.selectFrom('venue_room').selectAll().where('room_id', '=', roomId)
			).executeTakeFirstOrThrow();
			const todo = await lockedRead(
				tx,
				tx
					.selectFrom('finalist')
					.select(['id', 'user_id'])
					.where('room_id', '=', roomId)
					.where('attempt_id', 'is', null)
					.limit(PREPARED_AT_ONCE)
			).execute();
			for (const f of todo) {
				const seed = randomBytes(12).toString('hex');
				const paper = drawPaper({ bank, blueprint: settings.blueprint, seed });
				const row = newAttemptRow({
					id: randomUUID(),
					round_id: room.round_id,
					user_id: f.user_id,
					seed,
					mode: 'venue',
					status: locked.started_at ? 'running' : 'waiting',
					created_at: now,
					started_at: locked.started_at,
					duration_ms: room.duration_s * 1000,
					grace_ms: room.grace_s * 1000
				});
				await insertAttempt(tx, row, JSON.stringify(paper));
				await tx.updateTable('finalist').set({ attempt_id: row.id }).where('id', '=', f.id).execute();
			}
			return { locked, all: todo.length < PREPARED_AT_ONCE };
		});
		if (drawn.all) return drawn.locked;
		await yieldToServer();
	}
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
